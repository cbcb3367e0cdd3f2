import { Hono } from 'hono'
import { findChannelByWebhookKey, recordInboundReceipt } from '../../../db/queries/bot'
import { decryptSecrets } from '../bot/crypto'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { enqueueJob } from '../queues/enqueue-job'
import { createTelegramBot, normaliseTelegramUpdate, type TelegramSecrets } from './telegram-bot'

const encoder = new TextEncoder()

/** Constant-time string comparison (through HMAC-free byte XOR; lengths are not secret). */
function safeEqual(a: string, b: string) {
  const x = encoder.encode(a)
  const y = encoder.encode(b)
  if (x.length !== y.length) return false
  let diff = 0
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i]
  return diff === 0
}

export const telegramRoutes = new Hono<AppEnv>()
  // POST /webhooks/telegram/:webhookKey – one merchant's bot: check secret_token, dedupe update_id, queue, 200
  .post('/:webhookKey', async (c) => {
    const channel = await findChannelByWebhookKey(c.var.db, c.req.param('webhookKey'))
    if (!channel) throw new AppError('not_found', 'unknown webhook')
    const secrets = await decryptSecrets<TelegramSecrets>(c.env.ENCRYPTION_KEY, channel.secretsEncrypted)
    if (!safeEqual(c.req.header('x-telegram-bot-api-secret-token') ?? '', secrets.webhookSecret)) throw new AppError('unauthorized', 'invalid secret token')
    const update = (await c.req.json().catch(() => null)) as { update_id?: unknown } | null
    if (!update || typeof update.update_id !== 'number') throw new AppError('bad_request', 'not a Telegram update')
    if (!(await recordInboundReceipt(c.var.db, 'telegram', `${channel.externalId}:${update.update_id}`))) return c.json({ ok: true, duplicate: true })
    const event = await normaliseTelegramUpdate(createTelegramBot(c.env, secrets), update)
    if (!event) return c.json({ ok: true, ignored: true })
    await enqueueJob(
      { db: c.var.db, env: c.env },
      { type: 'bot.inbound', merchantId: channel.merchantId, payload: { event }, dedupeKey: `bot:${event.externalId}` },
    )
    return c.json({ ok: true })
  })
