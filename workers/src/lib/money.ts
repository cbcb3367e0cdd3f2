import { currencyExponent } from '../ingest/caption/currencies'

/** Formats integer minor units as a price a shopper reads, e.g. 450000 NGN → "₦4,500". */
export function formatMoney(minor: number, currency: string, locale = 'en'): string {
  const exponent = currencyExponent(currency)
  const major = minor / 10 ** exponent
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: Number.isInteger(major) ? 0 : exponent,
      maximumFractionDigits: exponent,
    }).format(major)
  } catch {
    return `${major.toFixed(exponent)} ${currency}`
  }
}
