import { Hono } from 'hono'
import { recordInboundReceipt } from '../../../db/queries/bot'
import { setMessageStatusByExternalId } from '../../../db/queries/conversations'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { enqueueJob } from '../queues/enqueue-job'
import { parseWhatsAppWebhook, whatsAppWebhookSchema } from './parse-webhook'
import { verifyWhatsAppSignature } from './verify-signature'

/** Meta retries a delivery for up to 7 days; anything older is a replay and is not processed. */
export const RETRY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000
const MAX_BODY_BYTES = 1024 * 1024

export const whatsappRoutes = new Hono<AppEnv>()
  // GET /webhooks/whatsapp – Meta's subscription handshake
  .get('/', (c) => {
    const mode = c.req.query('hub.mode')
    const token = c.req.query('hub.verify_token')
    const challenge = c.req.query('hub.challenge') ?? ''
    if (mode === 'subscribe' && token && c.env.WHATSAPP_VERIFY_TOKEN && token === c.env.WHATSAPP_VERIFY_TOKEN) return c.text(challenge)
    throw new AppError('forbidden', 'verify token does not match')
  })
  // POST /webhooks/whatsapp – messages and statuses: verify, dedupe, queue, 200
  .post('/', async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer())
    if (raw.byteLength > MAX_BODY_BYTES) throw new AppError('payload_too_large', 'webhook body too large')
    if (!(await verifyWhatsAppSignature(c.env.WHATSAPP_APP_SECRET, raw, c.req.header('x-hub-signature-256')))) {
      c.var.log.warn('whatsapp webhook with a bad signature')
      throw new AppError('unauthorized', 'invalid X-Hub-Signature-256')
    }
    let json: unknown
    try {
      json = JSON.parse(new TextDecoder().decode(raw))
    } catch {
      throw new AppError('bad_request', 'body is not JSON')
    }
    const parsed = whatsAppWebhookSchema.safeParse(json)
    // Signed but of a shape we do not handle (another field, a test ping): acknowledge so Meta stops retrying.
    if (!parsed.success) return c.json({ ok: true, ignored: true })
    const { events, statuses } = parseWhatsAppWebhook(parsed.data)
    const db = c.var.db
    const now = Date.now()
    let queued = 0
    let duplicates = 0
    let stale = 0
    for (const event of events) {
      if (now - event.sentAt > RETRY_WINDOW_MS) {
        stale++
        continue
      }
      if (!(await recordInboundReceipt(db, 'whatsapp', event.externalId))) {
        duplicates++
        continue
      }
      await enqueueJob({ db, env: c.env }, { type: 'bot.inbound', merchantId: null, payload: { event }, dedupeKey: `bot:${event.externalId}` })
      queued++
    }
    for (const s of statuses) {
      if (now - s.timestamp * 1000 > RETRY_WINDOW_MS) continue
      // A status is one indexed update: cheaper inline than a queued job.
      if (await recordInboundReceipt(db, 'whatsapp-status', `${s.id}:${s.status}`)) await setMessageStatusByExternalId(db, s.id, s.status)
    }
    return c.json({ ok: true, queued, duplicates, stale })
  })
