import {
  type AttemptLimit,
  deleteLoginAttemptsOlderThan,
  markLoginAttemptsSucceeded,
  reserveLoginAttempt,
  signedInFromIpBefore,
} from '../../../db/queries/accounts'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'

/**
 * Login rate limit: a sliding window over rows of `login_attempts`, kept in Postgres because a
 * Worker has no memory shared between requests (and Workers' own rate-limit binding is per
 * location, not global). Each attempt is counted and recorded atomically before the password is
 * checked (`reserveLoginAttempt`), so parallel guesses cannot all slip under a limit; a right
 * password then marks its rows succeeded, so they stop counting.
 *
 * - per account + IP (hard): guessing one account from one address stops, right password or not.
 * - per account from any IP, and per IP over all accounts (soft): stop distributed guessing and
 *   spraying, but let through an account that signed in from this IP before (a known device), so
 *   an attacker behind the same NAT, or a botnet, cannot lock the owner out.
 */
export const LOGIN_LIMITS = {
  perAccountAndIp: { max: 10, windowSeconds: 15 * 60 },
  perAccount: { max: 30, windowSeconds: 15 * 60 },
  perIp: { max: 50, windowSeconds: 15 * 60 },
  /** Wrong current passwords on POST /api/auth/password, per user (a stolen session guessing). */
  passwordChange: { max: 5, windowSeconds: 15 * 60 },
  /** Wrong two-factor codes (log-in, turning it on or off), per user: 10⁶ codes, 5 guesses. */
  twoFactor: { max: 5, windowSeconds: 15 * 60 },
} as const

/** How long an IP stays a known device of an account after a sign-in from it. */
const KNOWN_DEVICE_DAYS = 30

export type Reservation = { succeeded: () => Promise<void> }

async function reserve(db: Database, limits: AttemptLimit[], what: string): Promise<Reservation> {
  const r = await reserveLoginAttempt(db, limits)
  if (!r.ok) {
    throw new AppError('rate_limited', `too many failed ${what}; try again in ${Math.ceil(r.retryAfterSeconds / 60)} minutes`, {
      details: { retryAfterSeconds: r.retryAfterSeconds },
    })
  }
  if (Math.random() < 0.02) await deleteLoginAttemptsOlderThan(db, Math.max(...Object.values(LOGIN_LIMITS).map((l) => l.windowSeconds)))
  return { succeeded: () => markLoginAttemptsSucceeded(db, r.ids) }
}

/**
 * Counts and records one login attempt, or throws `rate_limited` (429) when a limit is reached.
 * Call `succeeded()` on the answer when the password was right.
 */
export async function reserveLogin(db: Database, email: string, ip: string | null): Promise<Reservation> {
  const account = email.toLowerCase()
  const limits: AttemptLimit[] = [{ key: `email+ip:${account}|${ip ?? '-'}`, ...LOGIN_LIMITS.perAccountAndIp }]
  const known = ip ? await signedInFromIpBefore(db, { email: account, ip, days: KNOWN_DEVICE_DAYS }) : false
  if (!known) {
    limits.push({ key: `email:${account}`, ...LOGIN_LIMITS.perAccount })
    if (ip) limits.push({ key: `ip:${ip}`, ...LOGIN_LIMITS.perIp })
  }
  return reserve(db, limits, 'logins')
}

/** Counts and records one check of the current password of `userId` (changing the password). */
export async function reservePasswordCheck(db: Database, userId: string): Promise<Reservation> {
  return reserve(db, [{ key: `password:${userId}`, ...LOGIN_LIMITS.passwordChange }], 'password checks')
}

/** Counts and records one check of a two-factor code of `userId`. */
export async function reserveTwoFactorCheck(db: Database, userId: string): Promise<Reservation> {
  return reserve(db, [{ key: `2fa:${userId}`, ...LOGIN_LIMITS.twoFactor }], 'two-factor codes')
}
