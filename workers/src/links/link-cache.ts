import type { ResolvedLink } from '../../../db/queries/links'

// The edge keeps a resolved link this long; edits drop it at once here and within this bound elsewhere.
const LINK_TTL_S = 60
const PASSWORD_WINDOW_S = 600

/** Where this request's edge cache lives (its origin) and how to finish work after the response. */
export type EdgeCache = { origin: string; waitUntil: (work: Promise<unknown>) => void }

const linkCacheKey = (origin: string, code: string) => new Request(`${origin}/__cache/link/${code}`)

/** A link by code from the edge cache, else from `load` (one query), cached briefly; nothing is written to the database. */
export async function cachedLink(cache: EdgeCache, code: string, load: () => Promise<ResolvedLink | null>): Promise<ResolvedLink | null> {
  const key = linkCacheKey(cache.origin, code)
  const hit = await caches.default.match(key)
  if (hit) return (await hit.json()) as ResolvedLink | null
  const link = await load()
  cache.waitUntil(caches.default.put(key, Response.json(link, { headers: { 'cache-control': `public, max-age=${LINK_TTL_S}` } })))
  return link
}

export async function forgetLink(origin: string, code: string) {
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
