import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** Every error the API can return, by code. The one table from code to HTTP status. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  bad_gateway: 502,
  unavailable: 503,
  timeout: 504,
} as const satisfies Record<string, ContentfulStatusCode>

export type ErrorCode = keyof typeof ERROR_STATUS

/** The one error type of the Worker. Rendered once, by `renderError`, as `{ error: { code, message, requestId } }`. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly details?: unknown
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: unknown }) {
    super(message, { cause: options?.cause })
    this.name = 'AppError'
    this.code = code
    this.details = options?.details
  }
  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code]
  }
}

export type ErrorBody = { error: { code: ErrorCode; message: string; requestId: string; details?: unknown } }

export function errorBody(err: AppError, requestId: string): ErrorBody {
  return { error: { code: err.code, message: err.message, requestId, ...(err.details === undefined ? {} : { details: err.details }) } }
}
