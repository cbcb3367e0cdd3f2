import { LRUCache } from 'lru-cache'
import type { SearchMemo, TypoLookup } from '../../../db/queries/search-products'

/**
 * What searches learn about a shop, kept by the isolate for 30 s: the query words it does not
 * have (with their fixes), and its category and tag words (a scan of every product of the shop).
 * A repeated search with a typo is then one query fewer, and a new one in a big shop skips the
 * scan. They only decide how the words are matched (the results themselves are always read
 * fresh); a catalog change in this isolate forgets the shop's entries at once, and other isolates
 * within the 30 s.
 */
const typos = new LRUCache<string, TypoLookup>({ max: 5_000, ttl: 30_000 })
const vocabulary = new LRUCache<string, string[]>({ max: 500, ttl: 30_000 })

export const searchMemo: SearchMemo = { typos, vocabulary }

/** Forgets what was kept for a shop (its keys start with its id). */
export function forgetSearchMemo(merchantId: string) {
  for (const cache of [typos, vocabulary] as LRUCache<string, object>[])
    for (const key of [...cache.keys()]) if (key.startsWith(`${merchantId} `)) cache.delete(key)
}
