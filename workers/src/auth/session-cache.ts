/**
 * Resolved sessions, kept per isolate for a few seconds: a signed-in request is then one round
 * trip to Postgres lighter (the session + membership lookup). The bound is the cost: a session
 * revoked from another isolate (logout elsewhere, "log out this device", removal from the shop,
 * a role change) still works here for at most `SESSION_CACHE_MS`. In this isolate, every change
 * that ends or alters a session forgets it at once (`forgetSession`, `forgetUserSessions`).
 */
/** The default bound (`SESSION_CACHE_SECONDS`). */
export const SESSION_CACHE_MS = 5_000
const MAX_ENTRIES = 2_000

type Entry<T> = { value: T; userId: string; until: number }
const entries = new Map<string, Entry<unknown>>()

/** The cached resolution of session `id`, while fresh. */
export function cachedSession<T>(id: string, now = Date.now()): T | undefined {
  const hit = entries.get(id)
  if (!hit) return undefined
  if (hit.until <= now) {
    entries.delete(id)
    return undefined
  }
  return hit.value as T
}

/** Remembers what session `id` resolved to (only live sessions are cached; a miss is asked again). */
export function rememberSession<T>(id: string, userId: string, value: T, ttlMs = SESSION_CACHE_MS, now = Date.now()) {
  if (ttlMs <= 0) return
  if (entries.size >= MAX_ENTRIES) {
    // Oldest first (a Map keeps insertion order): drop the expired, else the oldest tenth.
    for (const [key, e] of entries) if (e.until <= now) entries.delete(key)
    if (entries.size >= MAX_ENTRIES) for (const key of [...entries.keys()].slice(0, MAX_ENTRIES / 10)) entries.delete(key)
  }
  entries.set(id, { value, userId, until: now + ttlMs })
}

/** Forgets one session (logout, revoke, shop switch, two-factor step done). */
export function forgetSession(id: string) {
  entries.delete(id)
}

/** Forgets every cached session of a user (password change, removal from a shop, role change). */
export function forgetUserSessions(userId: string) {
  for (const [key, e] of entries) if (e.userId === userId) entries.delete(key)
}

/** Forgets every cached session (a shop-wide change: its two-factor rule). */
export function forgetAllSessions() {
  entries.clear()
}
