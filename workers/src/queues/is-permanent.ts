import { AppError } from '../errors'

/**
 * Errors that retrying cannot fix: bad input, missing rows (a 4xx `AppError`, except
 * `rate_limited` and `conflict`, which can pass). Everything else is retried.
 */
export function isPermanent(err: unknown): err is AppError {
  return err instanceof AppError && err.status >= 400 && err.status < 500 && err.code !== 'rate_limited' && err.code !== 'conflict'
}
