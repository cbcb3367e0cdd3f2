// The currency list, symbols and minor units come from the runtime's Intl (ICU): check that
// workerd has the same data as Node (issue 13).
import { describe, expect, it } from 'vitest'
import { currencyExponent, isKnownCurrency, narrowSymbol } from './currencies'
import { parseCaption } from './parse-caption'

describe('Intl currency data inside workerd', () => {
  it('lists ISO 4217 currencies with symbols and minor units', () => {
    expect((Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('currency').length).toBeGreaterThan(150)
    for (const code of ['RUB', 'PLN', 'CZK', 'AED', 'KRW']) expect(isKnownCurrency(code), code).toBe(true)
    expect(narrowSymbol('RUB')).toBe('₽')
    expect(narrowSymbol('PLN')).toBe('zł')
    expect(currencyExponent('KRW')).toBe(0)
  })

  it('parses prices in currencies outside the hand-kept table', () => {
    const price = (text: string, currency: string) => parseCaption(text, { defaultCurrency: currency }).prices[0]
    expect(price('Платье 1 299 ₽', 'RUB')).toMatchObject({ amount: 1299, currency: 'RUB', amountMinor: 129900 })
    expect(price('Serum ₩25,000', 'USD')).toMatchObject({ amount: 25000, currency: 'KRW', amountMinor: 25000 })
    expect(price('AU $59.95', 'USD')).toMatchObject({ amount: 59.95, currency: 'AUD' })
  })
})
