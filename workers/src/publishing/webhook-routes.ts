// /webhooks/tiktok – TikTok's webhooks (Content Posting outcomes, deauthorization): verify, dedupe, apply, 200
import { z } from '@hono/zod-openapi'
import { AppError } from '../errors'
import { bodyCap } from '../lib/body-cap'
import { createRouter, describedAs, documentedBody, errors, json, publicRoute, TAGS } from '../lib/openapi'
import { receiveTikTokWebhook, TIKTOK_WEBHOOK_TOLERANCE_SECONDS, tiktokWebhookSchema, verifyTikTokSignature } from './tiktok-webhook'

const MAX_BODY_BYTES = 64 * 1024

const ackSchema = z
  .object({
    ok: z.literal(true),
    duplicate: z.literal(true).optional().describe('A copy of a delivery already handled (TikTok delivers at least once): nothing was done'),
    ignored: z.literal(true).optional().describe('Signed, but an event the hub does not act on'),
    applied: z.number().int().optional().describe('Posts or accounts the event changed'),
  })
  .openapi('TikTokWebhookAck')

// POST /webhooks/tiktok – one event
const deliveryRoute = publicRoute({
  method: 'post',
  path: '/',
  tags: [TAGS.webhook],
  summary: 'Events from TikTok (post outcomes, deauthorization)',
  description: `The callback URL of the TikTok app. \`TikTok-Signature: t=<unix>,s=<hex>\` must be the HMAC-SHA256 of \`t.rawBody\` with the client secret, within ${TIKTOK_WEBHOOK_TOLERANCE_SECONDS} s, and \`client_key\` this hub's. \`post.publish.publicly_available\` publishes the post the \`publish_id\` belongs to (an \`unconfirmed\` one or an inbox draft included), \`post.publish.inbox_delivered\` puts it in the inbox, \`post.publish.failed\` fails it with the reason; \`authorization.removed\` asks the shop to reconnect and pauses its scheduled posts. A copy of a delivery already handled answers \`duplicate\` and changes nothing.`,
  request: {
    headers: z.object({ 'TikTok-Signature': z.string().optional().describe('`t=<unix seconds>,s=<hex HMAC-SHA256 of "t.rawBody">`') }),
    body: { content: { 'application/json': { schema: documentedBody(tiktokWebhookSchema) } }, required: true },
  },
  responses: {
    200: json(ackSchema, 'Received'),
    ...describedAs(errors('bad_request', 'unauthorized', 'payload_too_large', 'unavailable'), {
      400: 'The body is not a TikTok webhook',
      401: 'Missing, invalid or stale TikTok-Signature, or another app’s client_key',
      413: 'The body is over 64 KiB',
      503: 'TikTok is not configured on this hub (no client secret)',
    }),
  },
})

const router = createRouter()
// Cut off while reading: never buffers more than the cap.
router.use('*', bodyCap(MAX_BODY_BYTES, 'webhook body is over 64 KiB'))

export const tiktokWebhookRoutes = router.openapi(deliveryRoute, async (c) => {
  const { TIKTOK_CLIENT_SECRET: secret, TIKTOK_CLIENT_KEY: clientKey } = c.var.config
  if (!secret) throw new AppError('unavailable', 'TikTok is not configured on this hub')
  // Read by hand: the signature covers these exact bytes.
  const raw = await c.req.text()
  if (!(await verifyTikTokSignature(secret, raw, c.req.valid('header')['TikTok-Signature']))) {
    c.var.log.warn('tiktok webhook with a bad or stale signature')
    throw new AppError('unauthorized', 'invalid or stale TikTok-Signature')
  }
  let body: z.infer<typeof tiktokWebhookSchema>
  try {
    const parsed = tiktokWebhookSchema.safeParse(JSON.parse(raw))
    if (!parsed.success) throw new AppError('bad_request', 'not a TikTok webhook body')
    body = parsed.data
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new AppError('bad_request', 'the body is not JSON')
  }
  if (body.client_key !== clientKey) throw new AppError('unauthorized', 'client_key is not this app’s')
  const outcome = await receiveTikTokWebhook({ db: c.var.db, config: c.var.config, log: c.var.log }, raw, body)
  return c.json({ ok: true as const, ...outcome }, 200)
})
