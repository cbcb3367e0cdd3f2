import { LRUCache } from 'lru-cache'
import type { ResolvedLink } from '../../../db/queries/links'

// A resolved link is kept by the isolate for MEMORY_TTL_MS, and by the data centre's edge cache
// for EDGE_TTL_S: an edit drops both at once here, and shows everywhere else within the sum (60 s).
// The isolate's copy saves the cache lookup on a shopper's hot path (a link shared in a video is
// opened by many shoppers in the same seconds).
const MEMORY_TTL_MS = 5_000
const EDGE_TTL_S = 55
const PASSWORD_WINDOW_S = 600

const memory = new LRUCache<string, { link: ResolvedLink | null }>({ max: 5_000, ttl: MEMORY_TTL_MS })

/** Where this request's edge cache lives (its origin) and how to finish work after the response. */
export type EdgeCache = { origin: string; waitUntil: (work: Promise<unknown>) => void }

const linkCacheKey = (origin: string, code: string) => new Request(`${origin}/__cache/link/${code}`)

/** A link by code from the edge cache, else from `load` (one query), cached briefly; nothing is written to the database. */
export async function cachedLink(cache: EdgeCache, code: string, load: () => Promise<ResolvedLink | null>): Promise<ResolvedLink | null> {
  const memoryKey = `${cache.origin} ${code}`
  const remembered = memory.get(memoryKey)
  if (remembered) return remembered.link
  const key = linkCacheKey(cache.origin, code)
  const hit = await caches.default.match(key)
  if (hit) {
    const link = (await hit.json()) as ResolvedLink | null
    memory.set(memoryKey, { link })
    return link
  }
  const link = await load()
  memory.set(memoryKey, { link })
  cache.waitUntil(caches.default.put(key, Response.json(link, { headers: { 'cache-control': `public, max-age=${EDGE_TTL_S}` } })))
  return link
}

export async function forgetLink(origin: string, code: string) {
  memory.delete(`${origin} ${code}`)
  await caches.default.delete(linkCacheKey(origin, code))
}

/**
 * Failed password attempts per link and IP, counted in the edge cache: per data centre, which is
 * enough to stop guessing from one place without a database write on a shopper's path.
 */
export async function passwordAttempts(origin: string, code: string, ip: string | null, add: boolean) {
  const key = new Request(`${origin}/__cache/link-pw/${code}/${encodeURIComponent(ip ?? 'local')}`)
  const hit = await caches.default.match(key)
  const state = hit ? ((await hit.json()) as { n: number; until: number }) : { n: 0, until: Date.now() + PASSWORD_WINDOW_S * 1000 }
  if (add) {
    state.n += 1
    const ttl = Math.max(1, Math.ceil((state.until - Date.now()) / 1000))
    await caches.default.put(key, Response.json(state, { headers: { 'cache-control': `public, max-age=${ttl}` } }))
  }
  return state.n
}
