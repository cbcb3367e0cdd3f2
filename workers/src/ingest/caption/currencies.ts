/**
 * Currencies the caption parser recognises, with the ISO 4217 minor-unit exponent and the ways
 * merchants write them. Exponents follow ISO 4217 strictly (IDR is 2 even though rupiah prices
 * are written without decimals), so `amountMinor` round-trips with payment providers.
 */
export type CurrencyInfo = {
  code: string
  exponent: number
  /** Written before the number ("KSh 1,500", "R$ 59,90"). */
  prefixes: readonly string[]
  /** Written after the number ("1500 KES", "150.000đ", "5000 naira"). */
  suffixes: readonly string[]
  /**
   * Marks that are also ordinary letters ("N", "R", "Br"): accepted only when the amount looks like
   * a price (separators, a price cue) or the merchant already sells in this currency.
   */
  weakPrefixes?: readonly string[]
}

export const CURRENCIES: readonly CurrencyInfo[] = [
  { code: 'USD', exponent: 2, prefixes: ['US$', 'USD', 'U$S'], suffixes: ['USD', 'US$', 'dollars', 'dollar', 'bucks', 'dólares'] },
  { code: 'EUR', exponent: 2, prefixes: ['€', 'EUR'], suffixes: ['€', 'EUR', 'euros', 'euro'] },
  { code: 'GBP', exponent: 2, prefixes: ['£', 'GBP'], suffixes: ['£', 'GBP', 'quid'] },
  { code: 'NGN', exponent: 2, prefixes: ['₦', 'NGN'], suffixes: ['₦', 'NGN', 'naira'], weakPrefixes: ['N'] },
  { code: 'KES', exponent: 2, prefixes: ['KSh', 'KShs', 'Kshs', 'Ksh', 'KES', 'Kes', 'Kes.', 'Ksh.', 'KSh.'], suffixes: ['KES', 'KSh', 'Ksh', 'Kshs', 'bob'] },
  { code: 'GHS', exponent: 2, prefixes: ['GH₵', 'GH¢', 'GHC', 'GHS', 'Gh₵', 'GHc', '₵'], suffixes: ['GHS', 'GHC', 'GH₵', 'cedis', 'cedi', '₵'] },
  { code: 'ZAR', exponent: 2, prefixes: ['ZAR'], suffixes: ['ZAR', 'rand'], weakPrefixes: ['R'] },
  { code: 'UGX', exponent: 0, prefixes: ['UShs', 'UShs.', 'USh', 'Ushs', 'Ush', 'UGX', 'Ugx'], suffixes: ['UGX', 'UShs', 'USh', 'Ugx'] },
  { code: 'TZS', exponent: 2, prefixes: ['TSh', 'TShs', 'Tsh', 'Tshs', 'TZS'], suffixes: ['TZS', 'TSh', 'Tsh'] },
  { code: 'ETB', exponent: 2, prefixes: ['ETB'], suffixes: ['ETB', 'birr', 'Birr', 'Br'], weakPrefixes: ['Br'] },
  { code: 'INR', exponent: 2, prefixes: ['₹', 'INR', 'Rs.', 'Rs', 'rs.', 'RS.'], suffixes: ['INR', '₹', 'rupees', 'rs', 'Rs'] },
  { code: 'BRL', exponent: 2, prefixes: ['R$', 'BRL'], suffixes: ['BRL', 'reais', 'real'] },
  { code: 'IDR', exponent: 2, prefixes: ['Rp.', 'Rp', 'IDR'], suffixes: ['IDR', 'rupiah', 'Rp'] },
  { code: 'PHP', exponent: 2, prefixes: ['₱', 'PHP', 'Php'], suffixes: ['PHP', 'pesos'] },
  { code: 'VND', exponent: 0, prefixes: ['VND', '₫'], suffixes: ['VND', 'vnd', 'VNĐ', 'vnđ', '₫', 'đ', 'Đ', 'đồng', 'dong'] },
  { code: 'JPY', exponent: 0, prefixes: ['¥', 'JPY', 'JP¥'], suffixes: ['円', 'JPY', 'yen', '¥'] },
  { code: 'CAD', exponent: 2, prefixes: ['CA$', 'C$', 'CAD', 'Can$'], suffixes: ['CAD'] },
  { code: 'AUD', exponent: 2, prefixes: ['AU$', 'A$', 'AUD'], suffixes: ['AUD'] },
  { code: 'MXN', exponent: 2, prefixes: ['MX$', 'MXN'], suffixes: ['MXN'] },
  { code: 'XOF', exponent: 0, prefixes: ['FCFA', 'CFA', 'XOF'], suffixes: ['FCFA', 'CFA', 'XOF', 'F CFA', 'francs CFA'] },
  { code: 'XAF', exponent: 0, prefixes: ['XAF'], suffixes: ['XAF'] },
  { code: 'RWF', exponent: 0, prefixes: ['RWF', 'FRW', 'RF'], suffixes: ['RWF', 'FRW', 'Rwf', 'Frw'] },
  { code: 'CNY', exponent: 2, prefixes: ['CN¥', 'RMB', 'CNY'], suffixes: ['CNY', 'RMB', '元', 'yuan'] },
]

const BY_CODE = new Map(CURRENCIES.map((c) => [c.code, c]))

/** Currencies whose merchants write a bare "$": the dollar sign means the merchant's own one. */
const DOLLAR_CURRENCIES = new Set(['USD', 'CAD', 'AUD', 'MXN', 'NZD', 'SGD', 'HKD', 'COP', 'CLP', 'ARS', 'TWD', 'LRD', 'NAD'])
const SHILLING_CURRENCIES = new Set(['KES', 'UGX', 'TZS'])
const CFA_CURRENCIES = new Set(['XOF', 'XAF'])

export function isKnownCurrency(code: string): boolean {
  return BY_CODE.has(code)
}

/** ISO 4217 minor-unit exponent; 2 for codes this table does not know. */
export function currencyExponent(code: string): number {
  return BY_CODE.get(code)?.exponent ?? 2
}

/** Major units (e.g. 12.5) to integer minor units (1250 for USD, 13 for JPY). */
export function toMinorUnits(amount: number, currency: string): number {
  return Math.round(amount * 10 ** currencyExponent(currency))
}

export type CurrencyMark = { text: string; currency: string; weak: boolean }

function ambiguousMarks(defaultCurrency: string): CurrencyMark[] {
  const dollar = DOLLAR_CURRENCIES.has(defaultCurrency) ? defaultCurrency : 'USD'
  const shilling = SHILLING_CURRENCIES.has(defaultCurrency) ? defaultCurrency : 'KES'
  const cfa = CFA_CURRENCIES.has(defaultCurrency) ? defaultCurrency : 'XOF'
  return [
    { text: '$', currency: dollar, weak: false },
    { text: 'Shs', currency: shilling, weak: false },
    { text: 'Sh', currency: shilling, weak: false },
    { text: 'shillings', currency: shilling, weak: false },
    { text: 'FCFA', currency: cfa, weak: false },
    { text: 'CFA', currency: cfa, weak: false },
    { text: 'F CFA', currency: cfa, weak: false },
  ]
}

/**
 * Marks sorted longest first, so "US$" wins over "$" and "R$" over "R". The ambiguous ones
 * ("$", "Sh", "CFA") resolve to the merchant's default currency when it is one of their family.
 */
export function currencyMarks(defaultCurrency: string): { prefixes: CurrencyMark[]; suffixes: CurrencyMark[] } {
  const ambiguous = ambiguousMarks(defaultCurrency)
  const ambiguousTexts = new Set(ambiguous.map((m) => m.text))
  const prefixes: CurrencyMark[] = [...ambiguous]
  const suffixes: CurrencyMark[] = [...ambiguous.filter((m) => m.text !== 'Sh')]
  for (const c of CURRENCIES) {
    for (const p of c.prefixes) if (!ambiguousTexts.has(p)) prefixes.push({ text: p, currency: c.code, weak: false })
    for (const p of c.weakPrefixes ?? []) prefixes.push({ text: p, currency: c.code, weak: true })
    for (const s of c.suffixes) if (!ambiguousTexts.has(s)) suffixes.push({ text: s, currency: c.code, weak: s === 'Br' })
  }
  const byLength = (a: CurrencyMark, b: CurrencyMark) => b.text.length - a.text.length
  return { prefixes: prefixes.sort(byLength), suffixes: suffixes.sort(byLength) }
}
