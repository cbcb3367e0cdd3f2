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
  503: 'unavailable',
}

/** Seconds a client is told to wait when the database is unavailable or busy. */
export const DB_RETRY_AFTER_SECONDS = 5

/**
 * SQLSTATEs caused by a value in the request that slipped past validation (classes 22 and 54):
 * the request is wrong, not the server. The SQL and the value are never echoed.
 */
const BAD_INPUT_SQLSTATES = new Set([
  '22001', // string_data_right_truncation (value too long)
  '22003', // numeric_value_out_of_range
  '22007', // invalid_datetime_format
  '22008', // datetime_field_overflow
  '22021', // character_not_in_repertoire (invalid byte sequence)
  '22P02', // invalid_text_representation
  '22P05', // untranslatable_character (U+0000 in jsonb/text)
  '22023', // invalid_parameter_value
  '54000', // program_limit_exceeded (e.g. an index row too large)
])

/** SQLSTATEs and driver errors that mean "the database is not reachable right now" (503, retry). */
const UNAVAILABLE_SQLSTATES = new Set(['53300', '53400', '57P01', '57P02', '57P03', '57014', '08000', '08001', '08003', '08004', '08006', '08P01'])
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'])
// Generic network wording, trusted only on the database path (see `fromDatabase`).
const UNAVAILABLE_MESSAGES = [
  /connection timeout/i,
  /connection (?:refused|reset|closed)/i,
  /websocket/i,
  /too many (?:clients|connections)/i,
  /server closed the connection unexpectedly/i,
  /network (?:connection lost|error)/i,
]

/** The error and its causes (drizzle wraps the driver's error as `cause`), nearest first. */
function causeChain(err: unknown): unknown[] {
  const out: unknown[] = []
  for (let e = err, depth = 0; e && depth < 6; depth++) {
    out.push(e)
    // The WebSocket driver rejects with an ErrorEvent, whose `error` holds the real error.
    const next = typeof e === 'object' ? ((e as { cause?: unknown }).cause ?? (e as { error?: unknown }).error) : undefined
    e = next === e ? undefined : next
  }
  return out
}

const field = (e: unknown, key: string) => (e && typeof e === 'object' && key in e ? String((e as Record<string, unknown>)[key]) : undefined)

// Messages only the Postgres driver and its pool produce: enough on their own to say "database".
const DRIVER_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /query read timeout/i,
  /client has encountered a connection error/i,
  /cannot use a pool after calling end/i,
  /the database system is (?:starting up|shutting down|in recovery mode)/i,
  /sorry, too many clients/i,
]
const messageOf = (e: unknown) => (e && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : String(e ?? ''))

/** A database error's class: `bad_input` (the request's value), `unavailable` (retry later), `no_values` (an empty UPDATE), or null. */
export function classifyDatabaseError(err: unknown): 'bad_input' | 'unavailable' | 'no_values' | null {
  const chain = causeChain(err)
  // Only errors from the database path count: a failed fetch elsewhere stays a 500/502 of its own.
  const fromDatabase = chain.some(
    (e) =>
      (e as { constructor?: { name?: string } } | null)?.constructor?.name === 'DrizzleQueryError' ||
      /^Failed query: /.test(messageOf(e)) ||
      field(e, 'severity') !== undefined ||
      DRIVER_MESSAGES.some((re) => re.test(messageOf(e))),
  )
  for (const e of chain) {
    const code = field(e, 'code')
    const message = messageOf(e)
    // drizzle refuses an UPDATE with an empty SET: a PATCH that changes nothing.
    if (message === 'No values to set') return 'no_values'
    if (!fromDatabase) continue
    if (code && BAD_INPUT_SQLSTATES.has(code)) return 'bad_input'
    if (code && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code))) return 'unavailable'
    if (DRIVER_MESSAGES.some((re) => re.test(message)) || UNAVAILABLE_MESSAGES.some((re) => re.test(message))) return 'unavailable'
  }
  return null
}

/** Translates any thrown error into an AppError; unknown errors become a generic 500. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err
  if (err instanceof ZodError) {
    return new AppError('bad_request', 'request is invalid', { details: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) })
  }
  if (err instanceof HTTPException) return new AppError(STATUS_CODES[err.status] ?? 'internal', err.message || 'request failed')
  // An AppError thrown below the driver (e.g. the connection gate in db.ts) arrives wrapped.
  const wrapped = causeChain(err).find((e): e is AppError => e instanceof AppError)
  if (wrapped) return wrapped
  switch (classifyDatabaseError(err)) {
    case 'bad_input':
      return new AppError('bad_request', 'a value in the request cannot be stored: it is out of range, too long, or contains characters that are not allowed', {
        cause: err,
      })
    case 'no_values':
      return new AppError('bad_request', 'nothing to change: send at least one field', { cause: err })
    case 'unavailable':
      return new AppError('unavailable', 'the database is unavailable right now; try again shortly', {
        cause: err,
        details: { retryAfterSeconds: DB_RETRY_AFTER_SECONDS },
      })
  }
  return new AppError('internal', 'something went wrong on our side', { cause: err })
}

/** Seconds from an error's details: the rate limiter's `retryAfterSeconds` (or `retryAfter`). */
function retryAfterOf(err: AppError): number | undefined {
  if (!err.details || typeof err.details !== 'object') return undefined
  const d = err.details as { retryAfterSeconds?: unknown; retryAfter?: unknown }
  const v = Number(d.retryAfterSeconds ?? d.retryAfter)
  return Number.isFinite(v) && v > 0 ? Math.ceil(v) : undefined
}

/** The one renderer of errors: `{ error: { code, message, requestId } }`. The cause is logged, never sent. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  const appErr = toAppError(err)
  const requestId = c.get('requestId') ?? crypto.randomUUID()
  if (appErr.status >= 500) c.get('log')?.error(appErr.code === 'internal' ? 'unhandled error' : appErr.message, { error: err, cause: appErr.cause })
  else if (appErr.cause) {
    const driver = causeChain(appErr.cause).find((e) => field(e, 'severity') !== undefined)
    c.get('log')?.warn('request refused by the database', { code: field(driver, 'code'), reason: messageOf(driver) })
  }
  if (appErr.code === 'rate_limited' || appErr.code === 'unavailable') {
    c.header('retry-after', String(retryAfterOf(appErr) ?? (appErr.code === 'unavailable' ? DB_RETRY_AFTER_SECONDS : 60)))
  }
  return c.json(errorBody(appErr, requestId), appErr.status)
}

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  c.json(errorBody(new AppError('not_found', `no route for ${c.req.method} ${new URL(c.req.url).pathname}`), c.get('requestId') ?? ''), 404)
