// Money is integer minor units plus an ISO 4217 code everywhere; these are the only conversions.

/** Decimal digits of a currency's minor unit (USD 2, JPY 0, KWD 3), from Intl; 2 when unknown. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  } catch {
    return 2
  }
}

/**
 * Formats minor units as a shopper reads a price: the local symbol, no decimals on whole
 * amounts (450000 NGN → "₦4,500"; 1999 USD → "$19.99").
 */
export function formatMoney(minor: number, currency: string, locale = 'en'): string {
  const digits = currencyDigits(currency)
  const major = minor / 10 ** digits
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: Number.isInteger(major) ? 0 : digits,
      maximumFractionDigits: digits,
    }).format(major)
  } catch {
    return `${major.toFixed(digits)} ${currency}`
  }
}

/** 1999 USD → "19.99"; exact (string arithmetic, no floats). */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = currencyDigits(currency)
  if (digits === 0) return String(minor)
  const neg = minor < 0
  const s = String(Math.abs(minor)).padStart(digits + 1, '0')
  return `${neg ? '-' : ''}${s.slice(0, -digits)}.${s.slice(-digits)}`
}

/** "19.99" USD → 1999; null when the text is not an amount with at most the currency's decimals. */
export function decimalToMinor(text: string, currency: string): number | null {
  const t = text.trim().replace(/[\s,]/g, '')
  const m = /^(\d+)(?:\.(\d+))?$/.exec(t)
  if (!m) return null
  const digits = currencyDigits(currency)
  const frac = m[2] ?? ''
  if (frac.length > digits && !/^0*$/.test(frac.slice(digits))) return null
  const value = Number(m[1]) * 10 ** digits + Number((frac + '0'.repeat(digits)).slice(0, digits) || '0')
  return Number.isSafeInteger(value) ? value : null
}
