// Issue 13: every ISO 4217 currency (from Intl), ambiguous dollar prefixes, conversions in
// brackets, locale number forms, seller shorthand, thresholds that are not prices, codes without
// false positives, and sizes on the CLI line.
import { describe, expect, it } from 'vitest'
import { findSizes } from './attributes'
import { currencyExponent, isKnownCurrency } from './currencies'
import { findDiscountCodes } from './discounts'
import { toCaptionLine } from './format-caption-line'
import { parseCaption } from './parse-caption'

const current = (text: string, currency = 'USD') =>
  parseCaption(text, { defaultCurrency: currency })
    .prices.filter((p) => p.role === 'current')
    .map((p) => [p.amount, p.currency])

describe('currencies (issue 13)', () => {
  it('knows every ISO 4217 currency the runtime knows, with its minor units', () => {
    for (const code of ['RUB', 'CZK', 'PLN', 'RON', 'AED', 'SEK', 'CHF', 'KRW', 'THB']) expect(isKnownCurrency(code), code).toBe(true)
    expect(currencyExponent('KRW')).toBe(0)
    expect(currencyExponent('IDR')).toBe(2) // ISO-strict table wins over CLDR's display digits
  })

  it.each([
    ['AU $59.95', 59.95, 'AUD'],
    ['CAD$1.23', 1.23, 'CAD'],
    ['$1,190.00 AUD', 1190, 'AUD'],
    ['SGD$4.90', 4.9, 'SGD'],
    ['NT$ 1,160', 1160, 'TWD'],
    ['NZ$ 35', 35, 'NZD'],
    ['HK$ 120', 120, 'HKD'],
    ['US$:12.99', 12.99, 'USD'],
    ['$.75', 0.75, 'USD'],
    ['Цена 1 299 ₽', 1299, 'RUB'],
    ['cena 299 zł', 299, 'PLN'],
    ['1.234,56 Kč', 1234.56, 'CZK'],
    ['AED 8000 (USD 2179)', 8000, 'AED'],
    ['.75 €', 0.75, 'EUR'],
    ['35€ 99', 35.99, 'EUR'],
  ])('%s → %s %s for a USD merchant', (text, amount, currency) => {
    expect(current(text)[0]).toEqual([amount, currency])
  })

  it('resolves kr / Rs / £ from the merchant default and never takes the conversion', () => {
    expect(current('499 kr', 'NOK')[0]).toEqual([499, 'NOK'])
    expect(current('Rs 1,500', 'PKR')[0]).toEqual([1500, 'PKR'])
    expect(current('£ 20', 'EGP')[0]).toEqual([20, 'EGP'])
    expect(current('AED 8000 (USD 2179)')).toEqual([[8000, 'AED']])
  })
})

describe('shorthand, thresholds, old prices (issue 13)', () => {
  it.each([
    ['2.5m UGX only', 'UGX', 2_500_000],
    ['Ksh 2.5m', 'KES', 2_500_000],
    ['450k', 'KES', 450_000],
    ['55k!', 'KES', 55_000],
    ['150,000/=', 'TZS', 150_000],
    ['8k/kg', 'KES', 8000],
    ['UGX 1.2bn', 'UGX', 1_200_000_000],
  ])('%s → %d', (text, currency, amount) => {
    expect(current(text, currency)[0]).toEqual([amount, currency])
  })

  it('keeps caps and thresholds out of the price, old prices as compare-at', () => {
    expect(current('Limite de R$60 por CPF. Preço R$ 99,90', 'BRL')).toEqual([[99.9, 'BRL']])
    expect(current('8% OFF em R$ 499', 'BRL')).toEqual([])
    expect(current('free delivery on orders above ₹499. Kurta ₹799', 'INR')).toEqual([[799, 'INR']])
    const pair = parseCaption('DE R$ 199 POR R$ 149', { defaultCurrency: 'BRL' }).prices
    expect(pair.map((p) => [p.amount, p.role])).toEqual([
      [149, 'current'],
      [199, 'compare_at'],
    ])
    expect(current('2m cable 500 bob', 'KES')).toEqual([[500, 'KES']])
  })
})

describe('codes without false positives (issue 13)', () => {
  it.each([
    ['Cupom Mercado Livre: 10% off', []],
    ['use o cupom PRIMEIRA10 ou VOLTA15', ['PRIMEIRA10', 'VOLTA15']],
    ['code—SUMMER24', ['SUMMER24']],
    ['cupón VERANO / INVIERNO20', ['VERANO', 'INVIERNO20']],
    ['use code save20 at checkout', ['save20']],
    ['enter the code at checkout', []],
  ])('%s → %j', (text, codes) => {
    expect(findDiscountCodes(text).map((c) => c.code)).toEqual(codes)
  })
})

describe('sizes (issue 13)', () => {
  it('reads numeric ranges, letter ranges, shoe sizes and capacities', () => {
    expect(findSizes('sizes 40-43')).toEqual(['40', '41', '42', '43'])
    expect(findSizes('Available S–XXL')).toEqual(['S', 'M', 'L', 'XL', 'XXL'])
    expect(findSizes('EU 42 / US 9')).toEqual(['EU 42', 'US 9'])
    expect(findSizes('iPhone 15 Pro 256GB or 512GB, 8GB RAM')).toEqual(['256GB', '512GB'])
  })

  it('puts sizes on the CLI line after the fixed keys', () => {
    const line = toCaptionLine('s1', parseCaption('Air Max sizes 40-42 only $95', { defaultCurrency: 'USD' }))
    expect(Object.keys(line)).toEqual(['id', 'prices', 'ctas', 'codes', 'products', 'sentiment', 'tags', 'category', 'sizes'])
    expect(line.sizes).toEqual(['40', '41', '42'])
  })
})
