import { searchProducts } from '../../../db/queries/search-products'
import type { Database } from '../../../db/types'

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

const capitalise = (s: string) => s.replace(/(^|\s)(\p{Ll})/gu, (_m, sp: string, c: string) => sp + c.toUpperCase())

/** The product title a caption suggests: its first product name, else its first phrase. */
export function titleFromCaption(caption: string, u: CaptionUnderstanding, fallback: string) {
  if (u.products[0]) return capitalise(u.products[0]).slice(0, 120)
  const first =
    plainCaption(caption)
      .split(/[.!?\n|–—-]\s|\s[–—-]\s/)[0]
      ?.trim() ?? ''
  const cut = first.replace(/\s*(now|only|just|at)?\s*[$€£₦]?\s*\d[\d.,]*.*$/i, '').trim()
  return (cut || first || fallback).slice(0, 120)
}

/** Builds the draft of a proposal from a video's caption understanding. */
export function buildDraft(caption: string, u: CaptionUnderstanding, fallbackTitle: string, defaultCurrency: string): ProposalDraft {
  const current = u.prices.find((p) => p.role === 'current')
  const compareAt = u.prices.find((p) => p.role === 'compare_at' && (!current || p.currency === current.currency))
  const title = titleFromCaption(caption, u, fallbackTitle)
  const description = plainCaption(caption).slice(0, 2000)
  return {
    title,
    description,
    priceMinor: current?.amountMinor ?? null,
    compareAtMinor: compareAt && (!current || compareAt.amountMinor > current.amountMinor) ? compareAt.amountMinor : null,
    currency: current?.currency ?? compareAt?.currency ?? defaultCurrency,
    tags: u.tags,
    category: u.category || null,
    seo: { title: title.slice(0, 70), description: description.slice(0, 160), keywords: u.seoKeywords },
    codes: u.codes,
    sizes: u.sizes,
    colours: u.colours,
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
