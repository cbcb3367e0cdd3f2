import { describe, expect, it } from 'vitest'
import { parseLocaleNumber } from './numbers'
import { findPrices } from './prices'

const current = (text: string, defaultCurrency = 'USD') =>
  findPrices(text.normalize('NFKC'), { defaultCurrency })
    .filter((p) => p.role === 'current')
    .map((p) => [p.amount, p.currency])

const primary = (text: string, defaultCurrency = 'USD') => current(text, defaultCurrency)[0]

describe('reading numbers written in different locales', () => {
  it.each([
    ['1,234.56', 1234.56],
    ['1.234,56', 1234.56],
    ['1 234,56', 1234.56],
    ["1'234.56", 1234.56],
    ['12,00,000', 1200000],
    ['1.500', 1500],
    ['25,99', 25.99],
    ['1,5', 1.5],
  ])('reads %s as %d', (raw, value) => {
    expect(parseLocaleNumber(raw)).toBe(value)
  })
})

describe('finding prices with their currency', () => {
  it.each([
    ["reads 'KSh 1,500' as 1500 KES", 'KSh 1,500 only', 'KES', [1500, 'KES']],
    ["reads 'Kshs 3500/=' as 3500 KES", 'JBL speaker Kshs 3500/=', 'KES', [3500, 'KES']],
    ["reads '₦15,000' as 15000 NGN", 'Ankara set ₦15,000 only!', 'NGN', [15000, 'NGN']],
    ["reads 'N450,000' as naira", 'iPhone 12 for N450,000', 'NGN', [450000, 'NGN']],
    ["reads '85k naira' as 85000 NGN", 'Bone straight 85k naira', 'NGN', [85000, 'NGN']],
    ["reads 'GH₵ 250' as 250 GHS", 'Tote bag GH₵ 250', 'GHS', [250, 'GHS']],
    ["reads '45 cedis' as 45 GHS", 'Shito jars 45 cedis', 'GHS', [45, 'GHS']],
    ["reads 'R499' as 499 ZAR for a rand merchant", 'Puffer jackets R499', 'ZAR', [499, 'ZAR']],
    ["reads 'UShs 80,000' as 80000 UGX", 'Gomesi UShs 80,000', 'UGX', [80000, 'UGX']],
    ["reads '4,500 birr' as 4500 ETB", 'Kemis 4,500 birr', 'ETB', [4500, 'ETB']],
    ["reads 'Br 2,800' as 2800 ETB", 'Coffee set Br 2,800', 'ETB', [2800, 'ETB']],
    ["reads '₹2,499' as 2499 INR", 'Saree ₹2,499 only', 'INR', [2499, 'INR']],
    ["reads 'Rs. 399' as 399 INR", 'Jhumkas Rs. 399 each', 'INR', [399, 'INR']],
    ["reads Indian grouping '₹12,00,000' as 1200000 INR", 'Car ₹12,00,000', 'INR', [1200000, 'INR']],
    ["reads 'R$ 59,90' as 59.90 BRL", 'Biquíni R$ 59,90', 'BRL', [59.9, 'BRL']],
    ["reads 'Rp 150.000' as 150000 IDR", 'Sepatu Rp 150.000', 'IDR', [150000, 'IDR']],
    ["reads '₱199' as 199 PHP", 'Tees ₱199 each', 'PHP', [199, 'PHP']],
    ["reads '250.000đ' as 250000 VND", 'Túi 250.000đ', 'VND', [250000, 'VND']],
    ["reads 'giá 150k' as 150000 VND", 'Áo thun giá 150k', 'VND', [150000, 'VND']],
    ["reads '¥3,980' as 3980 JPY", 'Tote ¥3,980', 'JPY', [3980, 'JPY']],
    ["reads '1,500円' as 1500 JPY", 'ピアス 1,500円', 'JPY', [1500, 'JPY']],
    ["reads full-width '１２００円' as 1200 JPY", 'ピアス １２００円', 'JPY', [1200, 'JPY']],
    ["reads 'C$32' as CAD", 'Beanies C$32', 'CAD', [32, 'CAD']],
    ["reads 'CA$30' as CAD even for a US merchant", 'Beanies CA$30', 'USD', [30, 'CAD']],
    ["reads 'A$59.95' as AUD", 'Shorts A$59.95', 'AUD', [59.95, 'AUD']],
    ["reads 'AU$38' as AUD", 'Mugs AU$38 each', 'AUD', [38, 'AUD']],
    ["reads '25 000 FCFA' as 25000 XOF", 'Perruques 25 000 FCFA', 'XOF', [25000, 'XOF']],
    ["reads '1 234,56 €' as 1234.56 EUR", 'Sac 1 234,56 €', 'EUR', [1234.56, 'EUR']],
    ["reads '1.299,00 €' as 1299 EUR", 'Sneaker 1.299,00 €', 'EUR', [1299, 'EUR']],
    ['reads "1\'234.50 USD" as 1234.50 USD', "Straps 1'234.50 USD", 'CHF', [1234.5, 'USD']],
    ["reads 'US$ 35' as USD", 'Hoops US$ 35', 'KES', [35, 'USD']],
    ["reads '£29.99' as GBP", 'Jumper £29.99', 'GBP', [29.99, 'GBP']],
    ["reads a trailing dollar sign '2200$'", 'Asking 2200$ or trades', 'USD', [2200, 'USD']],
    ["reads '$' as the merchant's dollar when they sell in MXN", 'Tenis $899', 'MXN', [899, 'MXN']],
  ])('%s', (_name, text, currency, expected) => {
    expect(primary(text, currency)).toEqual(expected)
  })

  it('uses the merchant default currency for a bare number after a price cue', () => {
    expect(primary('Shea butter cream, price 5k', 'NGN')).toEqual([5000, 'NGN'])
    expect(primary('bei 4500/= tu', 'KES')).toEqual([4500, 'KES'])
    expect(primary('Asking 4100', 'USD')).toEqual([4100, 'USD'])
  })

  it('gives a bare "now" price the currency written elsewhere in the caption', () => {
    expect(primary('GHC 420 before, now 350', 'USD')).toEqual([350, 'GHS'])
  })

  it.each([
    ['model numbers', 'iPhone 12 Pro Max, Galaxy S21, PS5'],
    ['sizes', 'size 42, sizes 38-45, UK 8'],
    ['quantities', 'only 2 pcs left, 3 pairs available'],
    ['years', 'from 2019, the 2024 collection'],
    ['phone numbers', 'call 0712 345 678 or +254 712 345 678 or 555-201-7788'],
    ['percentages', '20% off everything, -30% today'],
    ['mileage and engine specs', 'only 93k miles, 230 hp @ 6,500 rpm'],
    ['a model name that looks like rand for a dollar merchant', 'Shimano R312 derailleur'],
    ['a street named Rand', '701 Rand ave'],
  ])('does not read %s as prices', (_name, text) => {
    expect(current(text)).toEqual([])
  })

  it('reads a range "$10-15" as 10 with a maximum of 15', () => {
    const [p] = findPrices('Cases $10-15 each', { defaultCurrency: 'USD' })
    expect(p).toMatchObject({ amount: 10, maxAmount: 15, currency: 'USD', amountMinor: 1000, maxAmountMinor: 1500 })
  })

  it('reads a range "10 to 15 USD" with the currency written after it', () => {
    const [p] = findPrices('Cases 10 to 15 USD', { defaultCurrency: 'KES' })
    expect(p).toMatchObject({ amount: 10, maxAmount: 15, currency: 'USD' })
  })

  it.each([
    ['was $40 now $25', 'USD'],
    ['~~$40~~ $25', 'USD'],
    ['$̶4̶0̶ $25', 'USD'],
    ['$40 → $25', 'USD'],
    ['before 40 now 25', 'USD'],
    ['25€ au lieu de 40€', 'EUR'],
    ['de R$ 40 por R$ 25', 'BRL'],
    ['antes 40€ ahora 25€', 'EUR'],
    ['Php 25 na lang from Php 40', 'PHP'],
  ])('reports the current price first and the old one as compare-at in "%s"', (text, currency) => {
    const prices = findPrices(text, { defaultCurrency: currency })
    expect(prices.map((p) => [p.amount, p.role])).toEqual([
      [25, 'current'],
      [40, 'compare_at'],
    ])
  })

  it('keeps deposits, shipping and savings out of the current price', () => {
    const prices = findPrices('Rent is $850. Deposit $1300. $6 shipping', { defaultCurrency: 'USD' })
    expect(prices.map((p) => [p.amount, p.role])).toEqual([
      [850, 'current'],
      [1300, 'other'],
      [6, 'other'],
    ])
  })

  it('ranks the unit price before a multi-buy price', () => {
    expect(primary('Beanies C$32 or 2 for C$55', 'CAD')).toEqual([32, 'CAD'])
  })

  it('carries integer minor units per ISO 4217 exponent', () => {
    const minor = (text: string, c: string) => findPrices(text, { defaultCurrency: c })[0]?.amountMinor
    expect(minor('$19.99', 'USD')).toBe(1999)
    expect(minor('¥3,980', 'JPY')).toBe(3980)
    expect(minor('250.000đ', 'VND')).toBe(250000)
    expect(minor('UShs 80,000', 'UGX')).toBe(80000)
    expect(minor('5000 FCFA', 'XOF')).toBe(5000)
    expect(minor('Rp 45.000', 'IDR')).toBe(4500000)
  })
})
