import { searchProducts } from '../../../db/queries/search-products'
import type { Database } from '../../../db/types'

import { cleanCaption } from './caption/clean-caption'
import { findPrices } from './caption/prices'
import type { CaptionUnderstanding } from './caption/schemas'
import type { ProposalDraft } from './schemas'

/** A matched product needs at least this search rank (ts_rank + word similarity of the title). */
const MATCH_MIN_RANK = 0.6

/** The caption without hashtags, mentions, URLs and emoji, squashed to one line. */
function plainCaption(caption: string) {
  return caption
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[#@][\p{L}\p{N}_.]+/gu, ' ')
    .replace(/\p{Extended_Pictographic}|\uFE0F|\u200D/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * Upper-cases the first letter of all-lower-case words only: "air max 90" → "Air Max 90", while
 * "iPhone", "eBay", "OG" and "128GB" keep the merchant's (and the brand's) casing.
 */
const capitalise = (s: string) =>
  s.replace(/(^|\s)(\p{Ll}[\p{Ll}'’]*)(?=\s|$|[,.!?:;)])/gu, (_m, sp: string, w: string) => sp + w[0].toUpperCase() + w.slice(1))

// Words that only lead into a price ("… now ₦45,000", "only 25k", "at KSh 4,800").
const TRAILING_CUE = /(?:\s+(?:now|only|just|at|for|from|price|@|:|-|–|—))+\s*$/iu

/**
 * The product title a caption suggests: its first product name, else the words before the first
 * price or sentence end. Model numbers ("Air Max 90"), sizes with units ("30 inch") and brand
 * casing ("iPhone") are kept; the price and a dangling currency ("KSh") are not.
 */
export function titleFromCaption(caption: string, u: CaptionUnderstanding, fallback: string, defaultCurrency = 'USD') {
  if (u.products[0]) return capitalise(u.products[0]).slice(0, 120)
  const text = caption.normalize('NFKC')
  const firstPrice = findPrices(text, { defaultCurrency }).reduce((min, p) => Math.min(min, p.index), text.length)
  const beforePrice = plainCaption(text.slice(0, firstPrice))
  const firstPhrase = (s: string) =>
    s
      .split(/[.!?\n|]\s|\s[–—-]\s|[,;]\s|\n/)[0]
      ?.replace(TRAILING_CUE, '')
      .trim() ?? ''
  const cut = firstPhrase(beforePrice)
  const title = cut.length >= 2 ? cut : firstPhrase(cleanCaption(text, { defaultCurrency }))
  return (title ? capitalise(title) : fallback).slice(0, 120)
}

/**
 * Variants proposed from the sizes a caption lists ("40–45", "S/M/L"), one per size. Their price
 * is null: the product's price at approval, so a price the merchant corrects applies to every size.
 */
export function variantsFromSizes(sizes: readonly string[]): ProposalDraft['variants'] {
  return sizes.slice(0, 30).map((size) => ({ title: size, options: { size }, priceMinor: null, stock: null }))
}

/** Builds the draft of a proposal from a video's caption understanding. */
export function buildDraft(caption: string, u: CaptionUnderstanding, fallbackTitle: string, defaultCurrency: string): ProposalDraft {
  const current = u.prices.find((p) => p.role === 'current')
  const compareAt = u.prices.find((p) => p.role === 'compare_at' && (!current || p.currency === current.currency))
  const currency = current?.currency ?? compareAt?.currency ?? defaultCurrency
  const title = titleFromCaption(caption, u, fallbackTitle, defaultCurrency)
  const description = cleanCaption(caption, { defaultCurrency }).slice(0, 2000)
  const priceMinor = current?.amountMinor ?? null
  return {
    title,
    description,
    priceMinor,
    compareAtMinor: compareAt && (!current || compareAt.amountMinor > current.amountMinor) ? compareAt.amountMinor : null,
    currency,
    tags: u.tags,
    category: u.category || null,
    // Title and description are left to default to the product's own (a stale copy would keep the
    // machine-read caption in link previews after the merchant edits the title).
    seo: { keywords: u.seoKeywords },
    codes: u.codes,
    ctas: u.ctas,
    sizes: u.sizes,
    colours: u.colours,
    variants: variantsFromSizes(u.sizes),
  }
}

/**
 * An existing product the caption names, found with the catalog search (full text + trigram on
 * titles): the best hit if it ranks high enough to be the same thing, else null.
 */
export async function matchExistingProduct(db: Database, merchantId: string, title: string): Promise<{ id: string; title: string } | null> {
  if (!title.trim()) return null
  const { items } = await searchProducts(db, { merchantId, q: title, limit: 3, sort: 'relevance' })
  const best = items.find((p) => p.status !== 'archived')
  return best && best.rank >= MATCH_MIN_RANK ? { id: best.id, title: best.title } : null
}
