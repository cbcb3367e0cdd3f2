/** Decimal digits of a currency's minor unit (USD 2, JPY 0, KWD 3), from Intl; 2 when unknown. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  } catch {
    return 2
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
