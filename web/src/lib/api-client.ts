import { type ClientResponse, hc } from 'hono/client'
import type { SuccessStatusCode } from 'hono/utils/http-status'
import type { AppType } from '../../../workers/src/app'

/** The API's one error shape. */
export type ApiErrorBody = { error: { code: string; message: string; requestId: string; details?: unknown } }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

/**
 * The typed client of the hub's API: paths, params, bodies and responses are inferred from the
 * Worker's route declarations (`hc<AppType>`), so a changed route breaks the web app's typecheck.
 */
export const client = hc<AppType>('/', { init: { credentials: 'same-origin' }, headers: { accept: 'application/json' } })

/** The JSON body type of the 2xx answers of a client call. */
export type Ok<R> = R extends ClientResponse<infer T, infer S, infer _F> ? (S extends SuccessStatusCode ? T : never) : never

/**
 * Awaits a typed client call and returns its 2xx JSON body (undefined for 204); any other answer
 * becomes an ApiError whose message can be shown to the user.
 */
export async function call<R extends ClientResponse<unknown, number, string>>(request: Promise<R>): Promise<Ok<R>> {
  let res: R
  try {
    res = await request
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.')
  }
  if (res.status === 204) return undefined as Ok<R>
  const body = (await res.json().catch(() => null)) as unknown
  if (!res.ok) {
    const e = (body as ApiErrorBody | null)?.error
    throw new ApiError(res.status, e?.code ?? 'unknown', e?.message ?? `Request failed (${res.status})`, e?.requestId, e?.details)
  }
  return body as Ok<R>
}

/**
 * The per-field messages of a 400 (`details: [{ path, message }]`), keyed by the field's path
 * (`title`, `variants.0.priceMinor`), so a form can show each under its input.
 */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return {}
  const out: Record<string, string> = {}
  for (const d of err.details as { path?: unknown; message?: unknown }[]) {
    if (typeof d?.path === 'string' && typeof d.message === 'string' && !(d.path in out)) out[d.path] = d.message
  }
  return out
}
