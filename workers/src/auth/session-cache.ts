import { LRUCache } from 'lru-cache'

/**
 * Resolved sessions, kept per isolate for a few seconds: a signed-in request is then one round
 * trip to Postgres lighter (the session + membership lookup). The bound is the cost: a session
 * revoked from another isolate (logout elsewhere, "log out this device", removal from the shop,
 * a role change) still works here for at most `SESSION_CACHE_MS`. In this isolate, every change
 * that ends or alters a session forgets it at once (`forgetSession`, `forgetUserSessions`).
 */
/** The default bound (`SESSION_CACHE_SECONDS`). */
export const SESSION_CACHE_MS = 5_000

type Entry = { value: unknown; userId: string }
// Least recently used sessions go first when the isolate holds 2,000.
const entries = new LRUCache<string, Entry>({ max: 2_000, ttl: SESSION_CACHE_MS })

/** The cached resolution of session `id`, while fresh. */
export function cachedSession<T>(id: string): T | undefined {
  return entries.get(id)?.value as T | undefined
}

/** Remembers what session `id` resolved to (only live sessions are cached; a miss is asked again). */
export function rememberSession<T>(id: string, userId: string, value: T, ttlMs = SESSION_CACHE_MS) {
  if (ttlMs > 0) entries.set(id, { value, userId }, { ttl: ttlMs })
}

/** Forgets one session (logout, revoke, shop switch, two-factor step done). */
export function forgetSession(id: string) {
  entries.delete(id)
}

/** Forgets every cached session of a user (password change, removal from a shop, role change). */
export function forgetUserSessions(userId: string) {
  for (const [key, e] of [...entries.entries()]) if (e.userId === userId) entries.delete(key)
}

/** Forgets every cached session (a shop-wide change: its two-factor rule). */
export function forgetAllSessions() {
  entries.clear()
}
