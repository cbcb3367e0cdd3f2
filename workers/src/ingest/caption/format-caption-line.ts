import type { CaptionLine, CaptionUnderstanding } from './schemas'

/**
 * The one-line summary printed by `npm run parse-captions`: current prices (primary first) then
 * compare-at prices flagged `compareAt: true`; deposits, shipping and savings are left out.
 */
export function toCaptionLine(id: string | number, result: CaptionUnderstanding): CaptionLine {
  const prices = result.prices
    .filter((p) => p.role !== 'other')
    .map((p) => ({
      amount: p.amount,
      currency: p.currency,
      ...(p.role === 'compare_at' ? { compareAt: true as const } : {}),
      ...(p.maxAmount !== undefined ? { max: p.maxAmount } : {}),
    }))
  return {
    id,
    prices,
    ctas: result.ctas.map((c) => c.type),
    codes: result.codes,
    products: result.products,
    sentiment: result.sentiment,
    tags: result.tags,
    category: result.category,
    sizes: result.sizes,
  }
}
