// /webhooks/whatsapp – Meta's WhatsApp Cloud API webhook: the subscription handshake and deliveries
import { z } from '@hono/zod-openapi'
import { AppError } from '../errors'
import { bodyCap } from '../lib/body-cap'
import { createRouter, describedAs, documentedBody, errors, json, publicRoute, TAGS } from '../lib/openapi'
import { whatsAppWebhookSchema } from './parse-webhook'
import { decodeWhatsAppWebhook, receiveWhatsAppWebhook } from './receive-webhook'
import { handshakeQuery, signatureHeaders, webhookAckSchema } from './schemas'
import { verifyWhatsAppSignature } from './verify-signature'

const MAX_BODY_BYTES = 1024 * 1024

// GET /webhooks/whatsapp – Meta's subscription handshake
const handshakeRoute = publicRoute({
  method: 'get',
  path: '/',
  tags: [TAGS.webhook],
  summary: "Meta's subscription handshake",
  description: 'Answers `hub.challenge` when `hub.mode` is `subscribe` and `hub.verify_token` matches the configured verify token.',
  request: { query: handshakeQuery },
  responses: {
    200: { description: 'The challenge, echoed', content: { 'text/plain': { schema: z.string() } } },
    ...describedAs(errors('bad_request', 'forbidden'), { 403: 'Not a subscribe request, or the verify token does not match' }),
  },
})

// POST /webhooks/whatsapp – messages and statuses: verify, dedupe, queue, 200
const deliveryRoute = publicRoute({
  method: 'post',
  path: '/',
  tags: [TAGS.webhook],
  summary: 'Messages and delivery statuses from Meta',
  description:
    'The signature is checked over the raw body (as Meta sends it, or with non-ASCII escaped as `\\uXXXX`). Messages seen before or older than the 7-day retry window are acknowledged without being processed; a signed body of another shape is acknowledged with `ignored`.',
  request: {
    headers: signatureHeaders,
    body: { content: { 'application/json': { schema: documentedBody(whatsAppWebhookSchema) } }, required: true },
  },
  responses: {
    200: json(webhookAckSchema, 'Received'),
    ...describedAs(errors('bad_request', 'unauthorized', 'payload_too_large'), {
      400: 'The body is not JSON',
      401: 'Missing or invalid X-Hub-Signature-256',
      413: 'The body is over 1 MB',
    }),
  },
})

const router = createRouter()
// The cap is enforced while the body is read (by Content-Length, or by counting a chunked
// stream), so an oversized or endless body is cut off at 1 MiB, not buffered first.
router.use('*', bodyCap(MAX_BODY_BYTES, 'webhook body is over 1 MiB'))

export const whatsappRoutes = router
  .openapi(handshakeRoute, (c) => {
    const { 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': challenge = '' } = c.req.valid('query')
    const expected = c.var.config.WHATSAPP_VERIFY_TOKEN
    if (mode === 'subscribe' && token && expected && token === expected) return c.text(challenge, 200)
    throw new AppError('forbidden', 'verify token does not match')
  })
  .openapi(deliveryRoute, async (c) => {
    // Read by hand: the signature covers these exact bytes (at most MAX_BODY_BYTES, see bodyLimit above).
    const raw = new Uint8Array(await c.req.arrayBuffer())
    if (!(await verifyWhatsAppSignature(c.var.config.WHATSAPP_APP_SECRET, raw, c.req.valid('header')['X-Hub-Signature-256']))) {
      c.var.log.warn('whatsapp webhook with a bad signature')
      throw new AppError('unauthorized', 'invalid X-Hub-Signature-256')
    }
    const delivery = decodeWhatsAppWebhook(raw)
    if (!delivery) return c.json({ ok: true as const, ignored: true as const }, 200)
    return c.json({ ok: true as const, ...(await receiveWhatsAppWebhook({ db: c.var.db, env: c.env }, delivery)) }, 200)
  })
