import type { OpenAPIHono } from '@hono/zod-openapi'

/** The document's header: the API's description, servers and tag order. Paths come from the routes. */
export const documentConfig = (origin: string) => ({
  openapi: '3.1.0',
  info: {
    title: 'linkhub API',
    version: '1.0.0',
    description:
      'Every action of the merchant dashboard, over HTTP, plus the public edge pages and webhooks (tagged `Edge pages` and `Webhooks`). Authenticate with the `lh_session` cookie (from /api/auth/login) or `Authorization: Bearer <API token>` (Settings → API tokens). Money is integer minor units plus an ISO 4217 currency. Errors are `{ error: { code, message, requestId, details? } }`; a resource of another shop answers 404.',
  },
  servers: [{ url: origin }],
})

/** Registers the two ways to authenticate, referred to by every route's `security`. */
export function registerSecuritySchemes(app: OpenAPIHono<any, any, any>) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'lh_session' })
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (`lh_…`), scoped to one shop',
  })
}
