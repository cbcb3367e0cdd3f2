import { findColours, findSizes } from './attributes'
import { findCtas } from './ctas'
import { findDiscountCodes, findDiscountPercents } from './discounts'
import { guessLanguage } from './language'
import { findPrices } from './prices'
import { findProducts } from './products'
import type { CaptionUnderstanding } from './schemas'
import { detectSentiment } from './sentiment'
import { buildSeoKeywords, buildTags, findHashtags } from './tags'
import { categorise, DEFAULT_TAXONOMY, type Taxonomy } from './taxonomy'

export type ParseCaptionOptions = {
  /** ISO 4217 code used when a price is written without a currency ("only 5000"). Default USD. */
  defaultCurrency?: string
  /** The merchant's taxonomy; defaults to the hub's (`DEFAULT_TAXONOMY`). */
  taxonomy?: Taxonomy
}

/**
 * Understands a caption with deterministic rules only: synchronous, no I/O, same answer every
 * time. `understandCaption` adds the LLM on top of this.
 */
export function parseCaption(text: string, options: ParseCaptionOptions = {}): CaptionUnderstanding {
  const defaultCurrency = (options.defaultCurrency ?? 'USD').toUpperCase()
  const taxonomy = options.taxonomy ?? DEFAULT_TAXONOMY
  // NFKC folds full-width digits ("１２００円") and no-break spaces into plain ones.
  const normalised = text.normalize('NFKC')
  const prices = findPrices(normalised, { defaultCurrency }).map((p) => {
    const { index: _index, ...rest } = p
    return rest
  })
  const hashtags = findHashtags(normalised)
  const products = findProducts(normalised, taxonomy)
  const colours = findColours(normalised)
  const slug = categorise({ text: normalised, products, hashtags }, taxonomy)
  const category = taxonomy.find((c) => c.slug === slug)
  const tagInput = { hashtags, products, colours, category }
  return {
    prices,
    ctas: findCtas(normalised),
    codes: findDiscountCodes(normalised).map((c) => c.code),
    discountPercents: findDiscountPercents(normalised).map((d) => d.percent),
    products,
    sizes: findSizes(normalised),
    colours,
    hashtags,
    sentiment: detectSentiment(normalised).sentiment,
    tags: buildTags(tagInput),
    category: slug,
    seoKeywords: buildSeoKeywords(tagInput),
    language: guessLanguage(normalised),
    source: 'rules',
  }
}
