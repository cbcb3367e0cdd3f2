import { countRecentLoginFailures, deleteLoginAttemptsOlderThan, insertLoginAttempts } from '../../../db/queries/accounts'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'

/**
 * Login rate limit: a sliding window over rows of `login_attempts`, kept in Postgres because a
 * Worker has no memory shared between requests (and Workers' own rate-limit binding is per
 * location, not global). Failed attempts count; a success clears nothing, so guessing after one
 * known password still stops.
 */
export const LOGIN_LIMITS = {
  /** Failed logins allowed for one account within the window. */
  perAccount: { max: 10, windowSeconds: 15 * 60 },
  /** Failed logins allowed from one IP within the window (covers spraying many accounts). */
  perIp: { max: 50, windowSeconds: 15 * 60 },
} as const

export const loginKeys = (email: string, ip: string | null) => ({ account: `email:${email.toLowerCase()}`, ip: ip ? `ip:${ip}` : null })

/** Throws `rate_limited` (429) when the account or the IP has too many recent failed logins. */
export async function assertLoginAllowed(db: Database, email: string, ip: string | null) {
  const keys = loginKeys(email, ip)
  const checks: [string, { max: number; windowSeconds: number }][] = [[keys.account, LOGIN_LIMITS.perAccount]]
  if (keys.ip) checks.push([keys.ip, LOGIN_LIMITS.perIp])
  for (const [key, limit] of checks) {
    const { count, oldest } = await countRecentLoginFailures(db, { key, windowSeconds: limit.windowSeconds })
    if (count >= limit.max) {
      const retryAfter = oldest ? Math.max(1, Math.ceil((oldest.getTime() + limit.windowSeconds * 1000 - Date.now()) / 1000)) : limit.windowSeconds
      throw new AppError('rate_limited', `too many failed logins; try again in ${Math.ceil(retryAfter / 60)} minutes`, {
        details: { retryAfterSeconds: retryAfter },
      })
    }
  }
}

/** Records a login attempt under both keys, and now and then forgets attempts older than any window. */
export async function recordLoginAttempt(db: Database, email: string, ip: string | null, succeeded: boolean) {
  const keys = loginKeys(email, ip)
  const rows = [{ key: keys.account, succeeded }]
  if (keys.ip) rows.push({ key: keys.ip, succeeded })
  await insertLoginAttempts(db, rows)
  if (Math.random() < 0.02) {
    const maxWindow = Math.max(LOGIN_LIMITS.perAccount.windowSeconds, LOGIN_LIMITS.perIp.windowSeconds)
    await deleteLoginAttemptsOlderThan(db, maxWindow)
  }
}
