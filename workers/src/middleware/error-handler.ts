import type { ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ZodError } from 'zod'
import type { AppEnv } from '../env'
import { AppError, type ErrorCode, errorBody } from '../errors'

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
}

/** Translates any thrown error into an AppError; unknown errors become a generic 500. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err
  if (err instanceof ZodError) {
    return new AppError('bad_request', 'request is invalid', { details: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) })
  }
  if (err instanceof HTTPException) return new AppError(STATUS_CODES[err.status] ?? 'internal', err.message || 'request failed')
  return new AppError('internal', 'something went wrong on our side', { cause: err })
}

/** The one renderer of errors: `{ error: { code, message, requestId } }`. The cause is logged, never sent. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  const appErr = toAppError(err)
  const requestId = c.get('requestId') ?? crypto.randomUUID()
  if (appErr.status >= 500) c.get('log')?.error('unhandled error', { error: err })
  if (appErr.code === 'rate_limited' && appErr.details && typeof appErr.details === 'object' && 'retryAfter' in appErr.details) {
    c.header('retry-after', String((appErr.details as { retryAfter: number }).retryAfter))
  }
  return c.json(errorBody(appErr, requestId), appErr.status)
}

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  c.json(errorBody(new AppError('not_found', `no route for ${c.req.method} ${new URL(c.req.url).pathname}`), c.get('requestId') ?? ''), 404)
