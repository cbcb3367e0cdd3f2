import { z } from '@hono/zod-openapi'
import { inviteRoutes, memberRoutes, shopRoutes, tokenRoutes } from './accounts/routes'
import { analyticsRoutes, eventRoutes } from './analytics/routes'
import { authRoutes } from './auth/routes'
import { channelRoutes } from './bot/channel-routes'
import { teachRoutes } from './bot/teach-routes'
import { auditRoutes, productRoutes } from './catalog/routes'
import { healthRoutes } from './health/routes'
import { inboxRoutes } from './inbox/routes'
import { ingestRoutes } from './ingest/routes'
import { taxonomyRoutes } from './ingest/taxonomy-routes'
import { jobRoutes } from './jobs/routes'
import { createRouter, publicRoute } from './lib/openapi'
import { linkApiRoutes, publicLinkRoutes } from './links/routes'
import { mediaRoutes } from './media/routes'
import { csrfGuard } from './middleware/csrf'
import { onError, onNotFound } from './middleware/error-handler'
import { requestContext } from './middleware/request-context'
import { securityHeaders } from './middleware/secure-headers'
import { onboardingRoutes } from './onboarding/routes'
import { documentConfig, registerSecuritySchemes } from './openapi/document'
import { type Doc, documentationRoutes } from './openapi/routes'
import { orderRoutes } from './orders/routes'
import { privacyRoutes } from './privacy/routes'
import { promoRoutes } from './promo/routes'
import { publishingRoutes } from './publishing/routes'
import { tiktokWebhookRoutes } from './publishing/webhook-routes'
import { storefrontPages, storefrontSettingsRoutes } from './storefront/routes'
import { studioRoutes } from './studio/routes'
import { telegramRoutes } from './telegram/routes'
import { webhookRoutes } from './webhooks/routes'
import { whatsappRoutes } from './whatsapp/routes'

const healthzRoute = publicRoute({
  method: 'get',
  path: '/healthz',
  tags: ['System'],
  summary: 'Liveness: answers `ok` without touching any dependency',
  responses: { 200: { description: 'Alive', content: { 'text/plain': { schema: z.string() } } } },
})

/** Composes the feature routers. `AppType` gives the web app a typed client. */
const root = createRouter()
root.use('*', requestContext())
root.use('*', csrfGuard())
root.use('*', securityHeaders())

export const app = root
  .route('/api/health', healthRoutes)
  .route('/media', mediaRoutes)
  .route('/api/auth', authRoutes)
  .route('/api/shop', shopRoutes)
  .route('/api/members', memberRoutes)
  .route('/api/invites', inviteRoutes)
  .route('/api/tokens', tokenRoutes)
  .route('/api/products', productRoutes)
  .route('/api/audit', auditRoutes)
  .route(
    '/api',
    documentationRoutes((origin): Doc => app.getOpenAPI31Document(documentConfig(origin)) as Doc),
  )
  .route('/api/storefront', storefrontSettingsRoutes)
  .route('/api/links', linkApiRoutes)
  .route('/api/events', eventRoutes)
  .route('/api/analytics', analyticsRoutes)
  .route('/l', publicLinkRoutes)
  .route('/', storefrontPages)
  .route('/api/jobs', jobRoutes)
  .route('/api/ingest', ingestRoutes)
  .route('/api/categories', taxonomyRoutes)
  .route('/api/products', promoRoutes)
  .route('/webhooks/whatsapp', whatsappRoutes)
  .route('/webhooks/telegram', telegramRoutes)
  .route('/webhooks/tiktok', tiktokWebhookRoutes)
  .route('/api/inbox', inboxRoutes)
  .route('/api/orders', orderRoutes)
  .route('/api/channels', channelRoutes)
  .route('/api/bot/taught-phrases', teachRoutes)
  .route('/api/onboarding', onboardingRoutes)
  .route('/api/privacy', privacyRoutes)
  .route('/api/webhooks', webhookRoutes)
  .route('/api/studio', studioRoutes)
  .route('/api/publishing', publishingRoutes)
  .openapi(healthzRoute, (c) => c.text('ok', 200))

registerSecuritySchemes(app)
app.onError(onError)
// Worker paths answer a JSON 404; any other GET is the SPA (its files and its index.html for
// client routes) from the static assets, through the Worker so it gets the security headers.
const WORKER_PATH = /^\/(api|webhooks|media|l|render-inputs|healthz)(\/|$)|^\/@/
app.notFound(async (c) => {
  if ((c.req.method === 'GET' || c.req.method === 'HEAD') && c.env.ASSETS && !WORKER_PATH.test(c.req.path)) {
    const res = await c.env.ASSETS.fetch(c.req.raw)
    return new Response(res.body, res)
  }
  return onNotFound(c)
})

export type AppType = typeof app
