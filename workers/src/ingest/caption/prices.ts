import { type CurrencyMark, currencyMarks, isCaselessMark, SHARED_MARKS, toMinorUnits } from './currencies'
import { type NumberToken, scanNumbers } from './numbers'

/** `current`: what the item sells for; `compare_at`: the struck/"was" price; `other`: deposits, shipping, savings. */
export type PriceRole = 'current' | 'compare_at' | 'other'

export type PriceMention = {
  amount: number
  amountMinor: number
  currency: string
  role: PriceRole
  /** Upper end of a range ("$10-15"). */
  maxAmount?: number
  maxAmountMinor?: number
  /** A currency was written next to the amount (otherwise it is the caption's or merchant's). */
  explicitCurrency: boolean
  raw: string
  index: number
}

export type FindPricesOptions = { defaultCurrency: string }

type Candidate = {
  tok: NumberToken
  /** Span including currency marks. */
  start: number
  end: number
  value: number
  currency: string | null
  mark: 'strong' | 'weak' | 'marker' | 'none'
  prefixCue: boolean
  suffixCue: boolean
  excluded: boolean
  struck: boolean
  /** "2 for $55": a multi-buy price, ranked after the unit price. */
  bundle: boolean
  maxValue?: number
  role?: PriceRole
}

const L = '\\p{L}'
const PREFIX_CUE = new RegExp(
  `(?:^|[^${L}])(?:prices?|priced|pricing|costs?|only|just|for|@|each|sale|now|asking|ask|rent|was|before|from|starting|bei|kwa|sasa|prix|seulement|à partir de|precio|por|solo|sólo|desde|preço|apenas|só|harga|giá|presyo|halaga|amount|total|pay|retails?|msrp|rrp|deal|offer|promo|today|chỉ|còn|chỉ còn|nur|ab|statt)` +
    `\\s*(?:is|of|at|now|only|just|de|ni|da|:-)?\\s*(?:only|just|at|chỉ|cuma|apenas|solo|seulement)?\\s*[:=\\-–]?\\s*$`,
  'iu',
)
const SUFFIX_CUE = new RegExp(
  `^\\s*(?:only|each|obo|o\\.b\\.o|ono|firm|neg|negotiable|or best offer|cash|per (?:piece|pc|item|pair|unit|month)|a piece|apiece|ea\\.|seulement|solo|só|pekee|tu|lang|flat|a month|monthly)(?![${L}])` +
    `|^\\s*(?:\\/-|\\/=|\\/pc|\\/pcs|\\/piece|\\/each|\\/mo|\\/month)`,
  'iu',
)
// Things a bare number measures or counts rather than costs.
const UNIT_AFTER = new RegExp(
  `^\\s?(?:pcs|pieces?|pc|units?|items?|kgs?|g|gr|grams?|lbs?|oz|ml|l|litres?|liters?|cm|mm|m|km|inch(?:es)?|in|ft|gb|tb|mb|mah|w|v|hz|yrs?|years?|months?|weeks?|days?|hours?|hrs?|mins?|minutes?|am|pm|h|x|st|nd|rd|th|people|persons?|pairs?|sets?|colou?rs?|sizes?|left|remaining|available|in stock|sold|orders?|followers?|likes?|views?|bedrooms?|beds?|bd|br|ba|baths?|sq|sqft|miles?|mi|speed|cyl|cylinders?|pack|packs?|bottles?|boxes?|cups?|capsules?|tablets?|servings?|slices?|percent|seats?|doors?|stars?|reviews?|times?|rpm|hp|cc|mph|mpg|psi|tons?|gallons?|watts?|volts?|amps?|lb-ft|ft-lbs?|pieza|piezas|pièces?|peças?|vipande)(?![${L}])` +
    `|^\\s?(?:"|”|''|%|x\\d|:\\d|\\/\\d|\\+)`,
  'iu',
)
const MODEL_BEFORE =
  /(?:^|[^\p{L}])(?:size|sz|taille|talla|tamanho|saizi|pointure|number|no\.|#|iphone|galaxy|note|model|uk|eu|us|gen|series|version|ps|xbox|pixel|redmi|qty|quantity|x|v|top|step|day|week|chapter|vol\.?)\s*$|\d[:/.]$|[\p{L}\p{N}]$/iu
const OLD_BEFORE = new RegExp(
  `(?:^|[^${L}])(?:was|were|before|originally|orig\\.?|original(?:ly)?(?: price)?|regular(?:ly)?(?: price)?|reg\\.|retails?(?: price)?(?: for| at)?|retailed(?: at| for)?|msrp|rrp|list price|instead of|normal(?:ly)?(?: price)?|usual(?:ly)?|valued? at|worth|paid|bought (?:it )?(?:for|at)|new retail|costs? new|avant|au lieu de|prix normal|ancien prix|antes|en lugar de|en vez de|precio normal|em vez de|kabla|bei ya zamani|sebelumnya|harga normal|harga asli|giá gốc|dati|statt|anstatt|uvp|cost me|cost us|it cost|costed|spent|invested|purchased(?: it)?(?: for| at)?|bought(?: it)?|blue book|kbb|market value|mrp)([^\\d\\n]{0,14})$`,
  'iu',
)
const OTHER_BEFORE = new RegExp(
  `(?:^|[^${L}])(?:limite(?:\\s+de)?|limit(?:\\s+of)?|max(?:imum|\\.)?(?:\\s+(?:de|of))?|m[áa]ximo(?:\\s+de)?|minimum(?:\\s+(?:de|of))?|m[íi]nimo(?:\\s+de)?|off\\s+(?:em|on|en|sur|no|na|in)|(?:orders?|purchases?|spend|compras?|pedidos?|commandes?|achats?|manunuzi)\\s+(?:above|over|of|from|acima\\s+de|a\\s+partir\\s+de|de|dès|desde|sobre|zaidi\\s+ya)|above|acima\\s+de|au-dessus\\s+de|superior\\s+a|deposit|security|fees?|pet|application|shipping|delivery|livraison|envío|envio|frete|usafirishaji|tax(?:es)?|extra|additional|insurance|ongkir|ship|save|saving|savings|discount of|get)[^\\d\\n]{0,12}$|\\+\\s*$`,
  'iu',
)
const OTHER_AFTER = new RegExp(
  `^\\s*(?:for\\s+)?(?:deposit|pet|application|per pet|shipping|delivery|livraison|envío|envio|frete|fee|tax|off|discount|de descuento|de réduction|de desconto|punguzo|cashback|back)(?![${L}])(?!\\s*(?:gratis|grátis|free|gratuit|gratuite|bure|included|incluido|inclus|incluso))`,
  'iu',
)
const NOW_WORD = /(?:^|[^\p{L}])(?:now|ahora|agora|maintenant|sasa|only|just|today|nur|chỉ|còn)(?![\p{L}])/iu
const STRONG_CUE = /(?:^|[^\p{L}])(?:price|priced|asking|costs?|bei|prix|precio|preço|harga|giá|presyo)\s*(?:is|of|:|=|-)?\s*$/iu
const OLD_AFTER =
  /^\s*(?:dollars?\s+)?(?:value|retail|msrp|new(?!\s+(?:in|with|condition|never|sealed|tags|and|&|,))|when new|brand new(?!\s+(?:in|with|condition|sealed|tags|and|&|,)))(?![\p{L}])/iu
const BUNDLE_BEFORE = /(?:^|[^\p{L}\p{N}])\d{1,2}\s*(?:for|pour|por|kwa|x|pcs for|pieces for)\s*$/iu
const RANGE_BETWEEN = /^\s*(?:-|–|—|~|to|a|à|au|hadi|até|al|bis)\s*$/iu
const INSTEAD_BETWEEN = /(?:^|[^\p{L}])(?:from|instead of|au lieu de|en vez de|en lugar de|em vez de|statt|anstatt|badala ya|dari)(?![\p{L}])/iu
const REDUCTION_BETWEEN =
  /(?:^|[^\p{L}])(?:now|only|ahora|agora|maintenant|sasa|today|por|pour|just|sale|deal|offer|to|hadi|à|a|para|giảm còn|còn|reduced to|down to|slashed to)(?![\p{L}])|→|->|=>|➡|⇒|>>|»/iu

/** Replaces struck-through text ("~~$40~~", "$̶4̶0̶") by plain text, remembering where it was. */
function unstrike(text: string): { text: string; struck: boolean[] } {
  const chars: string[] = []
  const struck: boolean[] = []
  for (const ch of text) {
    if (ch === '\u0336' || ch === '\u0335' || ch === '\u0338') {
      if (struck.length) struck[struck.length - 1] = true
      continue
    }
    chars.push(ch)
    struck.push(false)
  }
  let out = chars.join('')
  // chars are code points; rebuild flags per UTF-16 index
  const flags: boolean[] = []
  chars.forEach((ch, i) => {
    for (let k = 0; k < ch.length; k++) flags.push(struck[i] as boolean)
  })
  out = out.replace(/~~?([^~\n]{1,24}?)~~?/g, (m, inner: string, offset: number) => {
    if (!/\d/.test(inner)) return m
    for (let k = offset; k < offset + m.length; k++) flags[k] = true
    return m.replace(/~/g, ' ')
  })
  return { text: out, struck: flags }
}

const PHONE = /(?<![\d.,])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,4}(?!\d)|(?<![\d.,])\+?\d{9,15}(?!\d)/g

/** Blanks out phone numbers (so "0712 345 678" never reads as a price) keeping string offsets. */
export function maskPhones(text: string): string {
  let out = text
  PHONE.lastIndex = 0
  for (let m = PHONE.exec(text); m; m = PHONE.exec(text)) {
    const s = m[0]
    const digits = s.replace(/\D/g, '').length
    const spaceOnly = !/[-.()+]/.test(s)
    const moneyGrouping = /^\d{1,3}([ .,])\d{3}(?:\1\d{3})*$/.test(s) && !s.startsWith('0')
    const phoneLike = digits >= 9 && !moneyGrouping && (!spaceOnly || /^[0+]/.test(s) || /^\d{9,15}$/.test(s))
    if (phoneLike) {
      out = out.slice(0, m.index) + ' '.repeat(s.length) + out.slice(m.index + s.length)
    } else if (spaceOnly && /\s/.test(s)) {
      // "150 0712 345 678": retry from the next group so the phone after a price is still found
      PHONE.lastIndex = m.index + (s.search(/\s/) || 1)
    }
  }
  return out
}

function isLetter(ch: string | undefined): boolean {
  return !!ch && /[\p{L}]/u.test(ch)
}

// Codes match in any case ("usd", "Ksh"); currency names only lower or upper case, so the
// street in "701 Rand Ave" is not rand.
function matchesMark(mark: string, candidate: string): boolean {
  if (candidate === mark) return true
  if (!/^[\p{L}.]+$/u.test(mark) || mark.replace('.', '').length < 3) return false
  const isCode = /^[\p{Lu}]{3}$/u.test(mark)
  if (isCode) return isCaselessMark(mark) && candidate.toLowerCase() === mark.toLowerCase()
  return candidate === mark.toLowerCase() || candidate === mark.toUpperCase()
}

/** Marks bucketed by one end character (lower-cased), longest first: ~500 marks, a handful per bucket. */
const BUCKETS = new WeakMap<CurrencyMark[], Map<string, CurrencyMark[]>>()
function bucketed(marks: CurrencyMark[], end: 'first' | 'last'): Map<string, CurrencyMark[]> {
  let map = BUCKETS.get(marks)
  if (!map) {
    map = new Map()
    for (const m of marks) {
      const ch = (end === 'first' ? m.text[0] : m.text[m.text.length - 1])?.toLowerCase() ?? ''
      const list = map.get(ch) ?? []
      list.push(m)
      map.set(ch, list)
    }
    BUCKETS.set(marks, map)
  }
  return map
}

function prefixMark(text: string, start: number, allMarks: CurrencyMark[]): { mark: CurrencyMark; at: number } | null {
  let j = start
  // "US$:12.99", "USD: 40", "KSh 1,500"
  if (text[j - 1] === ' ') j--
  if (text[j - 1] === ':' && /[\p{L}$€£¥₹₦]/u.test(text[j - 2] ?? '')) j--
  const marks = bucketed(allMarks, 'last').get((text[j - 1] ?? '').toLowerCase()) ?? []
  for (const mark of marks) {
    const at = j - mark.text.length
    if (at < 0) continue
    if (!matchesMark(mark.text, text.slice(at, j))) continue
    if (isLetter(mark.text[0]) && (isLetter(text[at - 1]) || /\d/.test(text[at - 1] ?? ''))) continue
    return { mark, at }
  }
  return null
}

function suffixMark(text: string, end: number, allMarks: CurrencyMark[]): { mark: CurrencyMark; end: number } | null {
  let j = end
  if (text[j] === ' ') j++
  const marks = bucketed(allMarks, 'first').get((text[j] ?? '').toLowerCase()) ?? []
  for (const mark of marks) {
    const stop = j + mark.text.length
    if (!matchesMark(mark.text, text.slice(j, stop))) continue
    if (isLetter(mark.text[mark.text.length - 1]) && isLetter(text[stop])) continue
    // "28 $899": the sign belongs to the next number; but "35€99" / "35€ 99" is 35.99 (French)
    if (/^ ?\d/.test(text.slice(stop, stop + 2)) && !(mark.text === '€' && /^ ?\d{2}(?![\d.,])/.test(text.slice(stop, stop + 4)))) continue
    return { mark, end: stop }
  }
  return null
}

function lineStart(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1
}
function lineEnd(text: string, i: number): number {
  const e = text.indexOf('\n', i)
  return e < 0 ? text.length : e
}

function buildCandidates(text: string, struck: boolean[], defaultCurrency: string): Candidate[] {
  const { prefixes, suffixes } = currencyMarks(defaultCurrency)
  const out: Candidate[] = []
  const tokens = scanNumbers(text)
  for (let t = 0; t < tokens.length; t++) {
    let tok = tokens[t] as NumberToken
    const pre = prefixMark(text, tok.start, prefixes)
    // "Ksh 2.5m", "2.5m UGX", "UGX 1.2M": m is million next to a currency (alone it is metres)
    const mAfter = tok.multiplier === 1 ? /^\s?[mM](?![\p{L}\p{N}])/u.exec(text.slice(tok.end, tok.end + 3)) : null
    if (mAfter && (pre || suffixMark(text, tok.end + mAfter[0].length, suffixes))) {
      const end = tok.end + mAfter[0].length
      tok = { ...tok, end, multiplier: 1e6, value: Math.round(tok.written * 1e6), raw: text.slice(tok.start, end) }
      tokens[t] = tok
    }
    const afterGlued = text[tok.end]
    const suf = isLetter(afterGlued) && !suffixMark(text, tok.end, suffixes) ? null : suffixMark(text, tok.end, suffixes)
    // "$1,190.00 AUD", "kr 499 NOK": a currency code after the number settles a shared sign before it.
    const chosen = pre && suf && SHARED_MARKS.has(pre.mark.text) && !SHARED_MARKS.has(suf.mark.text) ? suf.mark : (pre?.mark ?? suf?.mark ?? null)
    if (tok.spaceGrouped && !chosen) {
      // "2 500ml" is two numbers, not 2500: re-read this span without space grouping
      const inner = scanNumbers(text.slice(tok.start, tok.end), false).map((x) => ({
        ...x,
        start: x.start + tok.start,
        end: x.end + tok.start,
      }))
      tokens.splice(t, 1, ...inner)
      t--
      continue
    }
    let spanEnd = suf ? suf.end : tok.end
    const cents = suf?.mark.text === '€' && !tok.formatted ? /^ ?(\d{2})(?![\d.,])/.exec(text.slice(suf.end, suf.end + 4)) : null
    if (cents) {
      // "35€99": euros and cents around the sign
      tok = { ...tok, value: tok.value + Number(cents[1]) / 100, written: tok.written + Number(cents[1]) / 100, formatted: true }
      spanEnd = suf ? suf.end + cents[0].length : spanEnd
      if (tokens[t + 1] && (tokens[t + 1] as NumberToken).start < spanEnd) tokens.splice(t + 1, 1)
    }
    const ls = lineStart(text, tok.start)
    const le = lineEnd(text, tok.end)
    const spanStart = pre ? pre.at : tok.start
    const before = text.slice(Math.max(ls, spanStart - 40), spanStart)
    const after = text.slice(spanEnd, Math.min(le, spanEnd + 30))
    const markerAfter = /^\s*\/[-=]/.test(after)
    let mark: Candidate['mark'] = chosen ? (chosen.weak ? 'weak' : 'strong') : markerAfter ? 'marker' : 'none'
    // "bei ya zamani 3,500", "was 80": an old-price word is a price cue too
    const prefixCue = PREFIX_CUE.test(before) || OLD_BEFORE.test(before)
    const suffixCue = SUFFIX_CUE.test(after)
    const letterAfter = isLetter(text[tok.end]) && !suf
    let excluded = tok.value <= 0 || /^\s?%/.test(text.slice(tok.end, tok.end + 2)) || letterAfter
    if (mark === 'weak') {
      // "R299" from a rand merchant is a price; "Shimano R312" from a dollar merchant is a model.
      const plausible =
        chosen?.currency === defaultCurrency ? tok.formatted || tok.multiplier > 1 || prefixCue || tok.value >= 100 : prefixCue || /[,.'’ ]\d{3}/.test(tok.raw)
      if (!plausible || isLetter(text[tok.end])) mark = 'none'
    }
    const currency = mark === 'strong' || mark === 'weak' ? (chosen?.currency ?? null) : null
    if (mark === 'none' || mark === 'marker') {
      const textBefore = text.slice(Math.max(ls, tok.start - 12), tok.start)
      const isYear = tok.multiplier === 1 && Number.isInteger(tok.value) && tok.value >= 1950 && tok.value <= 2099 && !tok.formatted
      if (UNIT_AFTER.test(text.slice(tok.end, tok.end + 14)) || MODEL_BEFORE.test(textBefore) || isYear) excluded = true
      // "from 4 spacious floorplans", "2 each": a bare single digit is a count unless called a price
      if (tok.value < 10 && tok.multiplier === 1 && !STRONG_CUE.test(before)) excluded = true
    }
    let isStruck = false
    for (let k = tok.start; k < tok.end; k++) if (struck[k]) isStruck = true
    out.push({
      tok,
      start: spanStart,
      end: spanEnd,
      value: tok.value,
      currency,
      mark,
      prefixCue,
      suffixCue,
      excluded,
      struck: isStruck,
      bundle: BUNDLE_BEFORE.test(before),
    })
  }
  return out
}

function mergeRanges(text: string, cands: Candidate[]): Candidate[] {
  const out: Candidate[] = []
  for (let i = 0; i < cands.length; i++) {
    const a = cands[i] as Candidate
    const b = cands[i + 1]
    if (b && !a.excluded && !b.excluded && RANGE_BETWEEN.test(text.slice(a.end, b.start))) {
      let aValue = a.value
      if (a.tok.multiplier === 1 && b.tok.multiplier > 1 && a.tok.written < b.tok.written) aValue = a.tok.written * b.tok.multiplier
      const sameCurrency = !a.currency || !b.currency || a.currency === b.currency
      if (sameCurrency && aValue < b.value && (a.mark !== 'none' || b.mark !== 'none' || a.prefixCue || b.suffixCue)) {
        out.push({
          ...a,
          value: aValue,
          maxValue: b.value,
          end: b.end,
          currency: a.currency ?? b.currency,
          mark: a.mark !== 'none' ? a.mark : b.mark,
          suffixCue: b.suffixCue,
        })
        i++
        continue
      }
    }
    out.push(a)
  }
  return out
}

const MILEAGE =
  /(?:^|[^\p{L}])(?:miles?|mileage|kms?|kilometers?|kilometres?|odometer|odo|mi|runs|engine|motor|transmission|title|tires?|tyres?|mpg|sedan|suv|truck|awd|4wd|4x4|v6|v8)(?![\p{L}])/iu
const OPEN_BRACKET = /[([]\s*(?:approx\.?|aprox\.?|env\.?|ca\.?|about|around|≈|~|=|est\.?)?\s*$/iu

function assignRoles(text: string, cands: Candidate[]): void {
  for (const [i, c] of cands.entries()) {
    // "AED 8000 (USD 2179)", "€50 (≈ $54)": a conversion in brackets is not a price of its own
    const prev = cands[i - 1]
    if (prev && c.currency && prev.currency && prev.currency !== c.currency && OPEN_BRACKET.test(text.slice(prev.end, c.start))) {
      c.role = 'other'
      continue
    }
    const ls = lineStart(text, c.start)
    const before = text.slice(Math.max(ls, c.start - 40), c.start)
    const after = text.slice(c.end, Math.min(lineEnd(text, c.end), c.end + 30))
    const old = OLD_BEFORE.exec(before)
    // "before, now 350": a "now" between the old-price word and the number cancels it
    const oldMarked = !!old && !NOW_WORD.test(old[1] ?? '')
    if (c.struck || oldMarked || OLD_AFTER.test(after)) c.role = 'compare_at'
    else if (OTHER_BEFORE.test(before) || OTHER_AFTER.test(after)) c.role = 'other'
    else c.role = 'current'
  }
  // "$40 → $25", "de R$100 por R$80", "before 5000 now 3500": the first, higher one is the old price
  for (let i = 0; i + 1 < cands.length; i++) {
    const a = cands[i] as Candidate
    const b = cands[i + 1] as Candidate
    if (a.role !== 'current' || b.role === 'other' || a.maxValue || b.maxValue) continue
    const between = text.slice(a.end, b.start)
    if (between.length > 24 || between.includes('\n')) continue
    const sameCurrency = !a.currency || !b.currency || a.currency === b.currency
    if (sameCurrency && a.value > b.value && REDUCTION_BETWEEN.test(between)) {
      a.role = 'compare_at'
    }
    // "Php 1,299 na lang from Php 1,899", "1.299 € statt 1.499 €": the later, higher one is the old price
    if (b.role === 'current' && sameCurrency && b.value > a.value && INSTEAD_BETWEEN.test(between)) b.role = 'compare_at'
  }
}

function strength(c: Candidate): number {
  const base = c.mark === 'strong' ? 3 : c.mark === 'weak' || c.mark === 'marker' ? 2 : 1
  if (c.bundle) return base - 1
  return base + (c.prefixCue || c.suffixCue ? 1 : 0)
}

/**
 * Prices in a caption, current prices first (strongest evidence first, then by position), then
 * compare-at prices, then other amounts (deposits, shipping, savings).
 */
export function findPrices(input: string, { defaultCurrency }: FindPricesOptions): PriceMention[] {
  const { text: unstruck, struck } = unstrike(input)
  const text = maskPhones(unstruck)
  let cands = mergeRanges(text, buildCandidates(text, struck, defaultCurrency))
  // "450k", "55k!": seller shorthand for thousands is a price even without a cue word, except in a
  // caption about a vehicle ("150k, runs great" on a car ad is the odometer).
  const mileage = MILEAGE.test(text)
  cands = cands.filter((c) => {
    if (c.excluded) return false
    if (c.mark === 'strong' || c.mark === 'weak') return true
    return c.prefixCue || c.suffixCue || (!mileage && c.tok.multiplier >= 1000 && c.tok.multiplier < 1e9 && c.value >= 1000)
  })
  assignRoles(text, cands)
  // A bare "now 3500" after "₦5,000" is in the caption's currency, not the merchant's default.
  const counts = new Map<string, number>()
  for (const c of cands) if (c.currency) counts.set(c.currency, (counts.get(c.currency) ?? 0) + 1)
  const dominant = [...counts.entries()].sort((x, y) => y[1] - x[1])[0]?.[0] ?? defaultCurrency
  const roleOrder: Record<PriceRole, number> = { current: 0, compare_at: 1, other: 2 }
  const ranked = cands
    .map((c, i) => ({ c, i }))
    .sort((x, y) => {
      const r = roleOrder[x.c.role as PriceRole] - roleOrder[y.c.role as PriceRole]
      if (r !== 0) return r
      if (x.c.role === 'current') {
        const s = strength(y.c) - strength(x.c)
        if (s !== 0) return s
      }
      return x.i - y.i
    })
  const seen = new Set<string>()
  const out: PriceMention[] = []
  for (const { c } of ranked) {
    const currency = c.currency ?? dominant
    const key = `${c.role}:${c.value}:${c.maxValue ?? ''}:${currency}`
    if (seen.has(key)) continue
    seen.add(key)
    const mention: PriceMention = {
      amount: c.value,
      amountMinor: toMinorUnits(c.value, currency),
      currency,
      role: c.role as PriceRole,
      explicitCurrency: c.currency !== null,
      raw: input.length === text.length ? input.slice(c.start, c.end) : text.slice(c.start, c.end),
      index: c.start,
    }
    if (c.maxValue !== undefined) {
      mention.maxAmount = c.maxValue
      mention.maxAmountMinor = toMinorUnits(c.maxValue, currency)
    }
    out.push(mention)
  }
  return out
}

/** Every amount written in the text (with multipliers), for checking numbers another source claims. */
export function amountsWritten(text: string): number[] {
  return scanNumbers(unstrike(text).text).flatMap((t) => (t.multiplier > 1 ? [t.value, t.written] : [t.value]))
}
