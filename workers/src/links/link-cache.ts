import type { ResolvedLink } from '../../../db/queries/links'
import { type EdgeCache, edgeJsonCache } from '../lib/edge-cache'

export type { EdgeCache } from '../lib/edge-cache'

// A resolved link: 5 s in the isolate + 55 s at the edge, so an edit shows everywhere within 60 s
// (here at once: edits forget it).
const links = edgeJsonCache<ResolvedLink | null>('link', { memoryMs: 5_000, edgeS: 55 })
const PASSWORD_WINDOW_S = 600

/** A link by code from the isolate or edge cache, else from `load` (one query), cached briefly; nothing is written to the database. */
export function cachedLink(cache: EdgeCache, code: string, load: () => Promise<ResolvedLink | null>): Promise<ResolvedLink | null> {
  return links.get(cache, code, load)
}

export function forgetLink(origin: string, code: string) {
  return links.forget(origin, code)
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
