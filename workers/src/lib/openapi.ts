import { createRoute, OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv, Principal } from '../env'
import { AppError, ERROR_STATUS, type ErrorCode } from '../errors'
import { requireMember, requireUser } from '../middleware/auth'

/**
 * Every feature router is one of these: routes are declared with `createRoute` (request and
 * response schemas), so the served OpenAPI document and the web app's typed client come from the
 * same declarations. Invalid input becomes one `bad_request` listing the zod issues.
 */
export const createRouter = () =>
  new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new AppError('bad_request', `invalid ${result.target}`, {
          details: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        })
      }
    },
  })

export type Router = ReturnType<typeof createRouter>

/** The one error shape of the API. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      requestId: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error')

const ERROR_TEXT: Partial<Record<ErrorCode, string>> = {
  bad_request: 'The request is invalid; `details` lists each problem',
  unauthorized: 'Not signed in',
  forbidden: 'Signed in without the needed role',
  not_found: 'No such resource in this shop',
  conflict: 'Conflicts with the current state',
  payload_too_large: 'The body is too large',
  unsupported_media_type: 'The content type is not accepted',
  unprocessable: 'Understood but cannot be applied',
  rate_limited: 'Too many requests; see `retry-after`',
  bad_gateway: 'An upstream service failed',
  unavailable: 'A dependency is down',
}

/**
 * Error responses of a route, in the shape every error is rendered in (`onError`). Handlers throw
 * `AppError`; these entries document what a caller can get back.
 */
type ErrorResponse = { description: string; content: { 'application/json': { schema: typeof errorSchema } } }

export function errors<const C extends ErrorCode[]>(...codes: C): { [K in C[number] as (typeof ERROR_STATUS)[K]]: ErrorResponse } {
  const out: Record<number, ErrorResponse> = {}
  for (const code of codes) {
    const status = ERROR_STATUS[code]
    const text = ERROR_TEXT[code] ?? code.replace(/_/g, ' ')
    const prior = out[status]?.description
    out[status] = { description: prior ? `${prior}; ${text}` : text, content: { 'application/json': { schema: errorSchema } } }
  }
  return out as never
}

/** `{ description, content: { 'application/json': { schema } } }` for a JSON response or body. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } })

type RouteInput = Omit<RouteConfig, 'middleware' | 'security'> & { summary: string; tags: [string, ...string[]] }
type MemberErrors = ReturnType<typeof memberErrors>
type UserErrors = ReturnType<typeof userErrors>
const memberErrors = () => errors('bad_request', 'unauthorized', 'forbidden')
const userErrors = () => errors('bad_request', 'unauthorized')

/** What `createRoute` returns for a config `R` (kept literal so handlers and the client see its types). */
type Declared<R extends RouteConfig> = R & { getRoutingPath(): string }

const withAuthNote = (description: string | undefined, note: string) => [description, note].filter(Boolean).join('\n\n')

/**
 * A route for members of a shop with at least `role` (session cookie or API token): adds the
 * auth middleware, the security requirement, the role note and the 400/401/403 error responses.
 */
export const memberRoute = <const R extends RouteInput>(role: Principal['role'], config: R) =>
  createRoute({
    ...config,
    middleware: [requireMember(role)],
    security: [{ session: [] }, { apiToken: [] }],
    description: withAuthNote(config.description, `Needs the **${role}** role or higher.`),
    responses: { ...memberErrors(), ...config.responses },
  }) as unknown as Declared<
    Omit<R, 'responses'> & { middleware: [MiddlewareHandler<AppEnv>]; responses: Omit<MemberErrors, keyof R['responses']> & R['responses'] }
  >

/** A route for a signed-in person (session cookie only), with or without a shop. */
export const userRoute = <const R extends RouteInput>(config: R) =>
  createRoute({
    ...config,
    middleware: [requireUser()],
    security: [{ session: [] }],
    description: withAuthNote(config.description, 'Needs a signed-in user (session cookie).'),
    responses: { ...userErrors(), ...config.responses },
  }) as unknown as Declared<
    Omit<R, 'responses'> & { middleware: [MiddlewareHandler<AppEnv>]; responses: Omit<UserErrors, keyof R['responses']> & R['responses'] }
  >

/**
 * A public route: no sign-in. Webhooks use tag `Webhooks` and edge pages (HTML, redirects,
 * images) `Edge pages`, so readers of the document can tell them from the JSON API.
 */
export const publicRoute = <const R extends RouteInput>(config: R) => createRoute({ ...config, security: [] }) as unknown as Declared<R>

export const TAGS = { webhook: 'Webhooks', edge: 'Edge pages' } as const

/** A required JSON request body: `request: { body: jsonBody(schema) }` → `c.req.valid('json')`. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true as const })

type MediaTypeObject = NonNullable<NonNullable<NonNullable<RouteConfig['request']>['body']>['content']['application/json']>
type DocumentSchema = Extract<MediaTypeObject, { schema?: unknown }>['schema']

/**
 * The JSON Schema of a zod schema, for a request body the document describes but the router does
 * NOT validate (a zod schema there would): webhooks whose signature covers the raw bytes, which
 * validation would parse first, and whose bad bodies answer differently from a plain 400. Their
 * handlers read, verify and parse the body themselves.
 */
export function documentedBody(schema: z.ZodType): DocumentSchema {
  const { $schema: _, ...jsonSchema } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })
  return jsonSchema as DocumentSchema
}

/**
 * Documented responses with their descriptions replaced: the generic error texts speak of
 * signed-in members, which a webhook has none of.
 */
export function describedAs<T extends Record<number, { description: string }>>(responses: T, descriptions: { [K in keyof T]?: string }): T {
  const out: Record<number, { description: string }> = { ...responses }
  for (const [status, description] of Object.entries(descriptions) as [string, string | undefined][]) {
    if (description) out[Number(status)] = { ...out[Number(status)], description }
  }
  return out as T
}

/**
 * Some edge pages are matched by a pattern, written `{name{regex}}` in the route's path (Hono
 * routes it as `:name{regex}`, e.g. `/:shop{@[^/]+}`). The document shows such a path plainly,
 * `{name}`, with the pattern in the parameter's schema. `.openapi()` has already fixed the
 * routing, so this changes only the documented copy of the router's routes.
 */
export function documentPlainPaths<R extends { openAPIRegistry: { definitions: readonly unknown[] } }>(router: R): R {
  for (const def of router.openAPIRegistry.definitions as { type: string; route?: { path: string } }[]) {
    if (def.type === 'route' && def.route) def.route.path = def.route.path.replace(/\{(\w+)\{.*?\}\}/g, '{$1}')
  }
  return router
}
