/**
 * Locale-tolerant number reading for captions: "1,234.56", "1.234,56", "1 234,56", "1'234.56",
 * Indian "12,00,000", and multiplier words ("5k", "1.2 million", "2 lakh").
 */

export type NumberToken = {
  start: number
  /** End of the number including its multiplier word, if any. */
  end: number
  /** Value including the multiplier. */
  value: number
  /** Value as written, before the multiplier ("150" for "150k"). */
  written: number
  multiplier: number
  /** The written form used grouping or decimal separators ("1,500", "25.99"). */
  formatted: boolean
  /** Grouping by spaces ("1 500"): plausible only next to a currency mark. */
  spaceGrouped: boolean
  raw: string
}

const MULTIPLIERS: ReadonlyArray<[RegExp, number]> = [
  [/^\s?[kK](?![\p{L}\p{N}])/u, 1e3],
  [/^\s?(?:million|millions|mln|mio|juta|triệu)(?![\p{L}])/iu, 1e6],
  [/^\s?(?:lakhs?|lacs?)(?![\p{L}])/iu, 1e5],
  [/^\s?(?:crores?|cr)(?![\p{L}])/iu, 1e7],
  [/^\s?(?:bn|billion|billions|bln|milliards?|mil millones)(?![\p{L}])/iu, 1e9],
]

// Same separator throughout the grouping (back-reference), optional decimal part with the other one.
const GROUPED = /\d{1,3}([,.'’ ])\d{2,3}(?:\1\d{2,3})*(?:[.,]\d{1,2})?(?!\d)/y
const GROUPED_NO_SPACE = /\d{1,3}([,.'’])\d{2,3}(?:\1\d{2,3})*(?:[.,]\d{1,2})?(?!\d)/y
const PLAIN = /\d+(?:[.,]\d{1,2}(?!\d|[.,]\d))?/y

/**
 * Reads one written number. A lone separator followed by exactly three digits is a thousands
 * separator ("1.500" is 1500 in rupiah and in dollars alike: no one writes dollars to three
 * decimals); followed by one or two digits it is a decimal mark ("25,99").
 */
export function parseLocaleNumber(raw: string): number | null {
  let s = raw.replace(/[\s'’]/g, '')
  if (!/^\d[\d.,]*$/.test(s)) return null
  const lastDot = s.lastIndexOf('.')
  const lastComma = s.lastIndexOf(',')
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ','
    const group = decimal === '.' ? ',' : '.'
    s = s.split(group).join('').replace(decimal, '.')
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ','
    const parts = s.split(sep)
    const tail = parts[parts.length - 1] ?? ''
    const head = parts[0] ?? ''
    if (parts.length > 2 || (tail.length === 3 && head !== '0')) s = parts.join('')
    else s = `${head}.${tail}`
  }
  const n = Number(s)
  return Number.isFinite(n) ? n : null
}

/** Groupings other than thousands are only valid in the Indian lakh pattern (2-digit groups, then 3). */
function validGrouping(raw: string, sep: string): boolean {
  const decimal = /[.,]\d{1,2}$/.exec(raw)
  const body = decimal && decimal[0][0] !== sep ? raw.slice(0, decimal.index) : raw
  const groups = body.split(sep).slice(1)
  if (groups.length === 1 && groups[0]?.length === 2) return true // "25,99": a decimal mark
  if (groups.every((g) => g.length === 3)) return true
  const last = groups[groups.length - 1] ?? ''
  return sep === ',' && last.length === 3 && groups.slice(0, -1).every((g) => g.length === 2)
}

function readAt(text: string, at: number, allowSpaces: boolean): NumberToken | null {
  const grouped = allowSpaces ? GROUPED : GROUPED_NO_SPACE
  let raw: string | null = null
  grouped.lastIndex = at
  const g = grouped.exec(text)
  if (g && validGrouping(g[0], g[1] as string)) raw = g[0]
  if (!raw) {
    PLAIN.lastIndex = at
    const p = PLAIN.exec(text)
    if (!p) return null
    raw = p[0]
  }
  const written = parseLocaleNumber(raw)
  if (written === null) return null
  let end = at + raw.length
  let multiplier = 1
  const rest = text.slice(end, end + 12)
  for (const [re, m] of MULTIPLIERS) {
    const mm = re.exec(rest)
    if (mm) {
      multiplier = m
      end += mm[0].length
      break
    }
  }
  return {
    start: at,
    end,
    value: Math.round(written * multiplier * 100) / 100,
    written,
    multiplier,
    formatted: /[.,'’ ]/.test(raw),
    spaceGrouped: / /.test(raw),
    raw: text.slice(at, end),
  }
}

/** Every number in the text, left to right. Digits glued to other digits or separators are skipped. */
export function scanNumbers(text: string, allowSpaces = true): NumberToken[] {
  const out: NumberToken[] = []
  let i = 0
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      const prev = text[i - 1] ?? ''
      const prev2 = text[i - 2] ?? ''
      const gluedToNumber = /[.,]/.test(prev) && /\d/.test(prev2)
      // ".75 €", "$.75": a decimal part with no units before it
      const lead = !gluedToNumber && prev === '.' && !/[\p{L}\p{N}.]/u.test(prev2) ? /^\d{1,2}(?![\d.,])/.exec(text.slice(i)) : null
      if (lead) {
        const value = Number(`0.${lead[0]}`)
        out.push({ start: i - 1, end: i + lead[0].length, value, written: value, multiplier: 1, formatted: true, spaceGrouped: false, raw: `.${lead[0]}` })
        i += lead[0].length
        continue
      }
      const tok = gluedToNumber ? null : readAt(text, i, allowSpaces)
      if (tok) {
        out.push(tok)
        i = tok.end
        continue
      }
      while (i < text.length && /[\d.,]/.test(text[i] as string)) i++
      continue
    }
    i++
  }
  return out
}
