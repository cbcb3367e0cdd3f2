export type DiscountCode = { code: string; index: number }

// "use code SAVE20", "code: BLACKFRIDAY", "promo code x", "code promo NOEL15", "cupom DOCE10", "usa el código RUN10"
const CODE_RE =
  /(?<![\p{L}])(?:(?:promo|discount|coupon|voucher|referral|checkout)\s+code|code\s+promo(?:tionnel)?|c[óo]digo(?:\s+(?:de\s+)?(?:descuento|desconto|promo(?:cional)?))?|cupom|cup[óo]n|coupon|voucher|kuponi|kode(?:\s+promo)?|code)(?:\s+(?:is|est|es|é|ni))?\s*[:：=\-–—]?\s*(["'“‘«]?)([\p{L}\p{N}][\p{L}\p{N}_-]{2,24})(?![\p{L}\p{N}])/giu

// "code A ou B", "cupón X / Y", "codes SAVE10, SAVE20 or VIP30": every code of the list
const MORE_CODES = /^\s*(?:\/|,|\||or|ou|o|y|e|and|et|au|na|&)\s*["'“‘«]?([\p{Lu}\p{N}][\p{Lu}\p{N}_-]{2,24})(?![\p{L}\p{N}])/u

/** Shaped like a code: letters and digits, or all capitals ("SAVE20", "BLACKFRIDAY"); "Mercado" is a word. */
function codeShaped(code: string): boolean {
  return /\d/.test(code) || (code === code.toUpperCase() && /\p{L}{3}/u.test(code))
}

// Words that follow "code" in prose but are not codes ("code at checkout", "code for 10% off").
const NOT_A_CODE = new Set([
  'at',
  'for',
  'and',
  'the',
  'below',
  'in',
  'on',
  'to',
  'will',
  'gets',
  'get',
  'works',
  'expires',
  'valid',
  'applies',
  'pour',
  'para',
  'sur',
  'de',
  'del',
  'na',
  'no',
  'in',
  'bio',
  'link',
  'checkout',
  'available',
  'only',
  'here',
  'with',
  'you',
  'your',
  'yours',
])

/** Discount codes, de-duplicated case-insensitively, as written. */
export function findDiscountCodes(text: string): DiscountCode[] {
  const out: DiscountCode[] = []
  const seen = new Set<string>()
  CODE_RE.lastIndex = 0
  for (let m = CODE_RE.exec(text); m; m = CODE_RE.exec(text)) {
    const code = m[2] as string
    const quoted = !!m[1]
    const upper = code.toUpperCase()
    if (NOT_A_CODE.has(code.toLowerCase())) continue
    // "Cupom Mercado Livre", "código Promocional": a capitalised word is a brand or prose, not a code
    if (!quoted && !codeShaped(code) && code[0] !== code[0]?.toLowerCase()) continue
    // Lower-case prose after a bare "code" is rarely a code; an upper-case or digit-bearing token is.
    const bareCode = /^code/i.test(m[0]) && !/^code\s+promo/i.test(m[0])
    if (bareCode && code === code.toLowerCase() && !/\d/.test(code) && !/[:：="'“]/.test(m[0])) continue
    if (/^\d+$/.test(code) && code.length < 4) continue
    if (seen.has(upper)) continue
    seen.add(upper)
    out.push({ code, index: m.index })
    let rest = m.index + m[0].length
    for (let more = MORE_CODES.exec(text.slice(rest)); more; more = MORE_CODES.exec(text.slice(rest))) {
      const next = more[1] as string
      rest += more[0].length
      if (!codeShaped(next) || seen.has(next.toUpperCase())) continue
      seen.add(next.toUpperCase())
      out.push({ code: next, index: rest - next.length })
    }
    CODE_RE.lastIndex = Math.max(CODE_RE.lastIndex, rest)
  }
  return out
}

export type DiscountPercent = { percent: number; index: number }

const PERCENT_RE =
  /(?:(?<![\p{L}\p{N}])(up to|save|get|take|extra|jusqu'à|hasta|até|hadi|diskon|giảm|off)\s+)?([-−–]\s?)?(\d{1,2}(?:[.,]\d)?)\s?%\s*(off|discount|de (?:descuento|réduction|remise|desconto)|punguzo|diskon|rabais|remise|descuento|desconto|kortingen?)?/giu

/** "20% off", "-30%", "save 15%": percentages that are discounts, not "100% cotton". */
export function findDiscountPercents(text: string): DiscountPercent[] {
  const out: DiscountPercent[] = []
  PERCENT_RE.lastIndex = 0
  for (let m = PERCENT_RE.exec(text); m; m = PERCENT_RE.exec(text)) {
    const percent = Number((m[3] as string).replace(',', '.'))
    const cued = m[1] || m[2] || m[4] || /(?:sale|promo|solde|rebaja|liquida|discount|offer)/i.test(text.slice(Math.max(0, m.index - 25), m.index))
    if (!cued || percent <= 0 || percent >= 100) continue
    if (!out.some((o) => o.percent === percent)) out.push({ percent, index: m.index })
  }
  return out
}
