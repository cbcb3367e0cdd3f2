import { AppError } from '../errors'

/**
 * Errors that retrying cannot fix: bad input, missing rows (a 4xx `AppError`, except
 * `rate_limited` and `conflict`, which can pass). Everything else is retried.
 */
export function isPermanent(err: unknown): err is AppError {
  return err instanceof AppError && err.status >= 400 && err.status < 500 && err.code !== 'rate_limited' && err.code !== 'conflict'
}

/** The SQLSTATE of a Postgres error, also when a driver or drizzle wraps it (`cause`). */
export function sqlState(err: unknown): string | undefined {
  let e = err
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

/**
 * What the queue consumer gives up on at once: a permanent `AppError`, or Postgres refusing the
 * statement itself — class 42 (syntax error or access rule violation, e.g. 42P10 "ORDER BY
 * position 0 is not in select list") or class 22 (data exception). The same statement fails
 * the same way on every retry, so retrying only delays the shopper's apology.
 */
export function isPermanentFailure(err: unknown): boolean {
  if (isPermanent(err)) return true
  const state = sqlState(err)
  return !!state && (state.startsWith('42') || state.startsWith('22'))
}
