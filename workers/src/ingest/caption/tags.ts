import { GENERIC_HASHTAGS, STOP_WORDS } from './stop-words'
import type { TaxonomyCategory } from './taxonomy'

/** Hashtags without "#", lower-cased, in order of appearance. */
export function findHashtags(text: string): string[] {
  const out = new Set<string>()
  for (const m of text.matchAll(/(?<![\p{L}\p{N}&])#([\p{L}\p{N}_]+)/gu)) out.add((m[1] as string).toLowerCase())
  return [...out]
}

/** A tag as stored: lower case, accents kept, separators collapsed to "-", edges trimmed. */
export function normaliseTag(raw: string): string {
  return raw
    .normalize('NFC')
    .toLowerCase()
    .replace(/^#/, '')
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
}

function isUsefulTag(tag: string): boolean {
  return tag.length >= 3 && tag.length <= 40 && !STOP_WORDS.has(tag) && !GENERIC_HASHTAGS.has(tag) && !/^\d+$/.test(tag)
}

export type TagInput = {
  hashtags: readonly string[]
  products: readonly string[]
  colours: readonly string[]
  category: TaxonomyCategory | undefined
}

/**
 * Tags for the catalog: the merchant's own hashtags first (minus "#fyp"-style reach tags), then
 * the words of product names and colours; normalised, de-duplicated, no stop words, at most 15.
 */
export function buildTags({ hashtags, products, colours, category }: TagInput): string[] {
  const out: string[] = []
  const add = (raw: string) => {
    const tag = normaliseTag(raw)
    if (isUsefulTag(tag) && !out.includes(tag)) out.push(tag)
  }
  for (const h of hashtags) add(h)
  for (const p of products) for (const w of p.split(/\s+/)) add(w)
  for (const c of colours) add(c)
  if (category && category.slug !== 'other') add(category.slug)
  return out.slice(0, 15)
}

/**
 * Search phrases for the product page: each product name, "<colour> <product word>" pairs,
 * the category name and the merchant's non-generic hashtags; lower case, at most 10.
 */
export function buildSeoKeywords({ hashtags, products, colours, category }: TagInput): string[] {
  const out: string[] = []
  const add = (raw: string) => {
    const k = raw.toLowerCase().replace(/\s+/g, ' ').trim()
    if (k.length >= 3 && !STOP_WORDS.has(k) && !out.includes(k)) out.push(k)
  }
  for (const p of products) add(p)
  for (const p of products) {
    const head = p.split(/\s+/).pop() ?? ''
    for (const c of colours) if (!p.toLowerCase().includes(c)) add(`${c} ${head}`)
  }
  if (category && category.slug !== 'other') add(category.name)
  for (const h of hashtags) if (isUsefulTag(normaliseTag(h))) add(h.replace(/_/g, ' '))
  return out.slice(0, 10)
}
