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
  { code: 'USD', exponent: 2, prefixes: ['US$', 'USD', 'U$S', 'USD$', 'US $', 'U$'], suffixes: ['USD', 'US$', 'dollars', 'dollar', 'bucks', 'dólares'] },
  { code: 'EUR', exponent: 2, prefixes: ['€', 'EUR'], suffixes: ['€', 'EUR', 'euros', 'euro'] },
  { code: 'GBP', exponent: 2, prefixes: ['GBP'], suffixes: ['GBP', 'quid'] },
  { code: 'NGN', exponent: 2, prefixes: ['₦', 'NGN'], suffixes: ['₦', 'NGN', 'naira'], weakPrefixes: ['N'] },
  { code: 'KES', exponent: 2, prefixes: ['KSh', 'KShs', 'Kshs', 'Ksh', 'KES', 'Kes', 'Kes.', 'Ksh.', 'KSh.'], suffixes: ['KES', 'KSh', 'Ksh', 'Kshs', 'bob'] },
  { code: 'GHS', exponent: 2, prefixes: ['GH₵', 'GH¢', 'GHC', 'GHS', 'Gh₵', 'GHc', '₵'], suffixes: ['GHS', 'GHC', 'GH₵', 'cedis', 'cedi', '₵'] },
  { code: 'ZAR', exponent: 2, prefixes: ['ZAR'], suffixes: ['ZAR', 'rand'], weakPrefixes: ['R'] },
  { code: 'UGX', exponent: 0, prefixes: ['UShs', 'UShs.', 'USh', 'Ushs', 'Ush', 'UGX', 'Ugx'], suffixes: ['UGX', 'UShs', 'USh', 'Ugx'] },
  { code: 'TZS', exponent: 2, prefixes: ['TSh', 'TShs', 'Tsh', 'Tshs', 'TZS'], suffixes: ['TZS', 'TSh', 'Tsh'] },
  { code: 'ETB', exponent: 2, prefixes: ['ETB'], suffixes: ['ETB', 'birr', 'Birr', 'Br'], weakPrefixes: ['Br'] },
  { code: 'INR', exponent: 2, prefixes: ['₹', 'INR'], suffixes: ['INR', '₹', 'rupees'] },
  { code: 'BRL', exponent: 2, prefixes: ['R$', 'BRL'], suffixes: ['BRL', 'reais', 'real'] },
  { code: 'IDR', exponent: 2, prefixes: ['Rp.', 'Rp', 'IDR'], suffixes: ['IDR', 'rupiah', 'Rp'] },
  { code: 'PHP', exponent: 2, prefixes: ['₱', 'PHP', 'Php'], suffixes: ['PHP', 'pesos'] },
  { code: 'VND', exponent: 0, prefixes: ['VND', '₫'], suffixes: ['VND', 'vnd', 'VNĐ', 'vnđ', '₫', 'đ', 'Đ', 'đồng', 'dong'] },
  { code: 'JPY', exponent: 0, prefixes: ['JPY', 'JP¥'], suffixes: ['円', 'JPY', 'yen'] },
  { code: 'CAD', exponent: 2, prefixes: ['CA$', 'C$', 'CAD', 'Can$', 'CAD$', 'CA $', 'C $', 'Can $'], suffixes: ['CAD', 'CAD$', 'CA$'] },
  { code: 'AUD', exponent: 2, prefixes: ['AU$', 'A$', 'AUD', 'AUD$', 'AU $', 'A $'], suffixes: ['AUD', 'AUD$', 'AU$'] },
  { code: 'MXN', exponent: 2, prefixes: ['MX$', 'MXN', 'MXN$', 'MX $'], suffixes: ['MXN', 'MX$'] },
  { code: 'NZD', exponent: 2, prefixes: ['NZ$', 'NZD', 'NZD$', 'NZ $'], suffixes: ['NZD', 'NZ$'] },
  { code: 'SGD', exponent: 2, prefixes: ['S$', 'SG$', 'SGD', 'SGD$', 'S $'], suffixes: ['SGD', 'S$'] },
  { code: 'HKD', exponent: 2, prefixes: ['HK$', 'HKD', 'HKD$', 'HK $'], suffixes: ['HKD', 'HK$'] },
  { code: 'TWD', exponent: 2, prefixes: ['NT$', 'NTD', 'TWD', 'NT $'], suffixes: ['TWD', 'NTD', 'NT$'] },
  { code: 'XOF', exponent: 0, prefixes: ['FCFA', 'CFA', 'XOF'], suffixes: ['FCFA', 'CFA', 'XOF', 'F CFA', 'francs CFA'] },
  { code: 'XAF', exponent: 0, prefixes: ['XAF'], suffixes: ['XAF'] },
  { code: 'RWF', exponent: 0, prefixes: ['RWF', 'FRW', 'RF'], suffixes: ['RWF', 'FRW', 'Rwf', 'Frw'] },
  { code: 'CNY', exponent: 2, prefixes: ['CN¥', 'RMB', 'CNY'], suffixes: ['CNY', 'RMB', '元', 'yuan'] },
]

const TABLED = new Map(CURRENCIES.map((c) => [c.code, c]))

/** Every currency the runtime's ICU knows (162 in Node 22 and workerd), from the built-in Intl API. */
function intlCurrencies(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf(key: string): string[] }).supportedValuesOf('currency')
  } catch {
    return []
  }
}

/** The runtime's narrow symbol for a currency ("₽" for RUB, "zł" for PLN, "$" for AUD). */
export function narrowSymbol(code: string): string {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency: code, currencyDisplay: 'narrowSymbol' }).formatToParts(1).find((p) => p.type === 'currency')
        ?.value ?? code
    )
  } catch {
    return code
  }
}

/** Minor-unit digits from Intl (CLDR) for currencies outside the ISO-strict table. */
function intlDigits(code: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2
  } catch {
    return 2
  }
}

/** Symbols shared by several currencies: resolved by the merchant's default (see `ambiguousMarks`), never used alone. */
const SHARED_SYMBOLS = new Set(['$', '£', '¥', 'kr', 'Rs', 'R', 'L', 'Fr', 'Fr.', 'P', 'K', 'Q', 'C$', 'T$', 'Bs', 'CF', 'FG', 'Ar', 'Db', 'lei'])

/**
 * Every other ISO 4217 currency: its code (upper case only: "ALL", "TRY", "TOP" are also words)
 * and its narrow symbol when that symbol is its own ("₽", "zł", "Kč", "₺", "₩", "฿", "₴", "RM").
 */
/** Where two currencies share a symbol, the one it means unless the merchant sells in the other. */
const SYMBOL_OWNER: Record<string, string> = { '₩': 'KRW' }
const symbolCount = new Map<string, number>()
for (const code of intlCurrencies()) symbolCount.set(narrowSymbol(code), (symbolCount.get(narrowSymbol(code)) ?? 0) + 1)

/** ISO codes that are also capitalised English words ("ALL 4 WHEELS", "TOP 10"): a mark only for a merchant who sells in them. */
const WORD_CODES = new Set([
  'ALL',
  'TOP',
  'TRY',
  'CUP',
  'MOP',
  'GEL',
  'SOS',
  'PEN',
  'MAD',
  'SAR',
  'BAM',
  'MOP',
  'LAK',
  'AMD',
  'BOB',
  'CUC',
  'DOP',
  'GYD',
  'MVR',
  'NIO',
  'SLE',
  'SLL',
  'STN',
])

const GENERATED: readonly CurrencyInfo[] = intlCurrencies()
  .filter((code) => !TABLED.has(code) && !WORD_CODES.has(code))
  .map((code) => {
    const symbol = narrowSymbol(code)
    const own = (symbolCount.get(symbol) ?? 0) === 1 || SYMBOL_OWNER[symbol] === code
    const marks = symbol !== code && own && !SHARED_SYMBOLS.has(symbol) ? [code, symbol] : [code]
    return { code, exponent: intlDigits(code), prefixes: marks, suffixes: marks }
  })

const ALL_CURRENCIES: readonly CurrencyInfo[] = [...CURRENCIES, ...GENERATED]
const BY_CODE = new Map(ALL_CURRENCIES.map((c) => [c.code, c]))

/** Codes of the hand-kept table match in any case ("usd", "Ksh"); generated ones only as written. */
const CASELESS = new Set(CURRENCIES.flatMap((c) => [...c.prefixes, ...c.suffixes]))
export function isCaselessMark(mark: string): boolean {
  return CASELESS.has(mark)
}

/** Currencies whose merchants write a bare "$": the dollar sign means the merchant's own one. */
const DOLLAR_CURRENCIES = new Set(
  intlCurrencies()
    .filter((c) => narrowSymbol(c) === '$')
    .concat(['USD', 'CAD', 'AUD', 'MXN', 'NZD', 'SGD', 'HKD', 'TWD']),
)
const SHILLING_CURRENCIES = new Set(['KES', 'UGX', 'TZS', 'SOS'])
const CFA_CURRENCIES = new Set(['XOF', 'XAF'])
const KRONA_CURRENCIES = new Set(['SEK', 'NOK', 'DKK', 'ISK'])
const RUPEE_CURRENCIES = new Set(['INR', 'PKR', 'LKR', 'NPR', 'MUR', 'SCR'])
const POUND_CURRENCIES = new Set(['GBP', 'EGP', 'LBP', 'SYP', 'SSP', 'FKP', 'GIP', 'SHP', 'SDG'])
const YEN_CURRENCIES = new Set(['JPY', 'CNY'])
/** Currencies written with a lone "L" (lempira, lek, leu, loti): only for a merchant who sells in one. */
const L_CURRENCIES = new Set(['HNL', 'ALL', 'MDL', 'LSL', 'SZL'])

export function isKnownCurrency(code: string): boolean {
  return BY_CODE.has(code)
}

/** Minor-unit exponent: ISO 4217 for the table, Intl's for the rest; 2 when unknown. */
export function currencyExponent(code: string): number {
  return BY_CODE.get(code)?.exponent ?? 2
}

/** Major units (e.g. 12.5) to integer minor units (1250 for USD, 13 for JPY). */
export function toMinorUnits(amount: number, currency: string): number {
  return Math.round(amount * 10 ** currencyExponent(currency))
}

export type CurrencyMark = { text: string; currency: string; weak: boolean }

/** Marks that name no single currency ("$", "kr", "Rs", "£"): a currency code written next to them wins. */
export const SHARED_MARKS = new Set(['$', 'kr', 'kr.', 'Kr', 'Rs', 'Rs.', 'rs', 'rs.', 'RS.', '£', '¥', 'Sh', 'Shs', 'Fr', 'Fr.'])

function ambiguousMarks(defaultCurrency: string): CurrencyMark[] {
  const dollar = DOLLAR_CURRENCIES.has(defaultCurrency) ? defaultCurrency : 'USD'
  const shilling = SHILLING_CURRENCIES.has(defaultCurrency) ? defaultCurrency : 'KES'
  const cfa = CFA_CURRENCIES.has(defaultCurrency) ? defaultCurrency : 'XOF'
  const krona = KRONA_CURRENCIES.has(defaultCurrency) ? defaultCurrency : 'SEK'
  const rupee = RUPEE_CURRENCIES.has(defaultCurrency) ? defaultCurrency : 'INR'
  const pound = POUND_CURRENCIES.has(defaultCurrency) ? defaultCurrency : 'GBP'
  const yen = YEN_CURRENCIES.has(defaultCurrency) ? defaultCurrency : 'JPY'
  const own: CurrencyMark[] = L_CURRENCIES.has(defaultCurrency) ? [{ text: 'L', currency: defaultCurrency, weak: true }] : []
  // The merchant's own currency's symbol is theirs even when others share it ("₩" for a KPW shop,
  // "K" for a kyat shop: a lone Latin letter only as a weak mark).
  const symbol = narrowSymbol(defaultCurrency)
  if (WORD_CODES.has(defaultCurrency)) own.push({ text: defaultCurrency, currency: defaultCurrency, weak: false })
  if (symbol !== defaultCurrency && symbol !== '$' && !L_CURRENCIES.has(defaultCurrency) && !TABLED.has(defaultCurrency))
    own.push({ text: symbol, currency: defaultCurrency, weak: /^[A-Za-z]$/.test(symbol) })
  return [
    ...own,
    { text: 'kr', currency: krona, weak: false },
    { text: 'kr.', currency: krona, weak: false },
    { text: 'Kr', currency: krona, weak: false },
    { text: ':-', currency: krona, weak: true },
    { text: 'Rs', currency: rupee, weak: false },
    { text: 'Rs.', currency: rupee, weak: false },
    { text: 'rs.', currency: rupee, weak: false },
    { text: 'RS.', currency: rupee, weak: false },
    { text: 'rs', currency: rupee, weak: false },
    { text: '£', currency: pound, weak: false },
    { text: '¥', currency: yen, weak: false },
    { text: 'Fr.', currency: 'CHF', weak: false },
    { text: 'Fr', currency: 'CHF', weak: false },
    { text: 'SFr.', currency: 'CHF', weak: false },
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
const MARKS_CACHE = new Map<string, { prefixes: CurrencyMark[]; suffixes: CurrencyMark[] }>()

export function currencyMarks(defaultCurrency: string): { prefixes: CurrencyMark[]; suffixes: CurrencyMark[] } {
  const cached = MARKS_CACHE.get(defaultCurrency)
  if (cached) return cached
  const marks = buildMarks(defaultCurrency)
  if (MARKS_CACHE.size < 400) MARKS_CACHE.set(defaultCurrency, marks)
  return marks
}

function buildMarks(defaultCurrency: string): { prefixes: CurrencyMark[]; suffixes: CurrencyMark[] } {
  const ambiguous = ambiguousMarks(defaultCurrency)
  const ambiguousTexts = new Set(ambiguous.map((m) => m.text))
  const prefixes: CurrencyMark[] = [...ambiguous.filter((m) => m.text !== ':-')]
  const suffixes: CurrencyMark[] = [...ambiguous.filter((m) => m.text !== 'Sh' && m.text !== 'L')]
  for (const c of ALL_CURRENCIES) {
    for (const p of c.prefixes) if (!ambiguousTexts.has(p)) prefixes.push({ text: p, currency: c.code, weak: false })
    for (const p of c.weakPrefixes ?? []) prefixes.push({ text: p, currency: c.code, weak: true })
    for (const s of c.suffixes) if (!ambiguousTexts.has(s)) suffixes.push({ text: s, currency: c.code, weak: s === 'Br' })
  }
  const byLength = (a: CurrencyMark, b: CurrencyMark) => b.text.length - a.text.length
  return { prefixes: prefixes.sort(byLength), suffixes: suffixes.sort(byLength) }
}
