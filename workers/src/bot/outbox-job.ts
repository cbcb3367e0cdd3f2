import { z } from 'zod'
import { findMerchantChannel, getMerchant, takePacingTokens } from '../../../db/queries/bot'
import { claimQueuedMessage, getConversation, getMessage, updateConversation, updateMessage } from '../../../db/queries/conversations'
import type { Database } from '../../../db/types'
import type { Config } from '../config'
import type { Logger } from '../lib/logger'
import { defineJob } from '../queues/job-context'
import { createTelegramBot, sendTelegram, type TelegramSecrets } from '../telegram/telegram-bot'
import { OUTSIDE_WINDOW_CODE, type SendOutcome, sendWhatsApp, type WhatsAppSecrets } from '../whatsapp/send-whatsapp'
import { decryptSecrets, keyringOf } from './crypto'
import { type OutboundMessage, outboundMessageSchema } from './engine/outbound'
import { notifyMerchantPayloadSchema } from './notify-payload'
import { enqueueOutbound } from './send-to-conversation'
import { readBotSettings } from './settings'

/** WhatsApp's default throughput per business number. */
const NUMBER_PER_SECOND = 80
/** Per shopper: a short burst (a reply of a few bubbles), then about one message per 6 s. */
const SHOPPER_BURST = 10
const SHOPPER_PER_SECOND = 1 / 6
/** Free-form messages may only follow the shopper's last message by this much (WhatsApp's customer service window). */
const WINDOW_MS = 24 * 60 * 60 * 1000
/** Waits shorter than this are slept through; longer ones re-queue the message with a delay. */
const SLEEP_MAX_S = 1.5

const payloadSchema = z.object({
  parts: z.array(outboundMessageSchema),
  sentParts: z.number().int().nonnegative().default(0),
  template: outboundMessageSchema.optional(),
  allowOptedOut: z.boolean().optional(),
  callbackQueryId: z.string().optional(),
})

type Sender = { key: string; send: (m: OutboundMessage) => Promise<SendOutcome>; answerCallback?: (id: string) => Promise<void> }

async function senderFor(db: Database, config: Config, merchantId: string, kind: 'whatsapp' | 'telegram', to: string): Promise<Sender | null> {
  const channel = await findMerchantChannel(db, merchantId, kind)
  if (!channel) return null
  if (kind === 'whatsapp') {
    const secrets = await decryptSecrets<WhatsAppSecrets>(keyringOf(config), channel.secretsEncrypted)
    return { key: `wa:${channel.externalId}`, send: (m) => sendWhatsApp(config, secrets, channel.externalId, to, m) }
  }
  const secrets = await decryptSecrets<TelegramSecrets>(keyringOf(config), channel.secretsEncrypted)
  const bot = createTelegramBot(config, secrets)
  return {
    key: `tg:${channel.externalId}`,
    send: (m) => sendTelegram(bot, to, m),
    answerCallback: async (id) => {
      await bot.api.answerCallbackQuery(id).catch(() => {})
    },
  }
}

const sleep = (s: number) => new Promise((r) => setTimeout(r, Math.ceil(s * 1000)))

type DeliverContext = { db: Database; env: Env; config: Config; log: Logger }

/**
 * Sends one stored outbound message (one or more bubbles) to the shopper, paced per number and
 * per shopper, honouring opt-out and WhatsApp's 24-hour window. Progress is saved per bubble, so
 * a retry never sends a bubble twice.
 *
 * - `queue` (the OUTBOX job): short pacing waits are slept through, longer ones and provider rate
 *   limits (HTTP 429, Graph 130429, Telegram retry_after) re-queue the message with the delay
 *   asked for; transient errors throw so the queue retries.
 * - `inline` (the BOT consumer, right after the turn: the one-hop reply): the message is claimed
 *   first (`queued` → `sending`), and anything that would wait — pacing, a rate limit, a transient
 *   error — hands the rest to the OUTBOX queue instead of holding up the consumer.
 */
export async function deliverOutbound(ctx: DeliverContext, messageId: string, attempt: number, mode: 'queue' | 'inline') {
  const { db, env, config, log } = ctx
  const message = await getMessage(db, messageId)
  if (message?.direction !== 'outbound') return { skipped: 'missing' }
  if (message.status !== 'queued' && message.status !== 'sending') return { skipped: message.status }
  if (mode === 'inline' && !(await claimQueuedMessage(db, message.id))) return { skipped: 'claimed' }
  const conversation = await getConversation(db, message.merchantId, message.conversationId)
  if (!conversation) return { skipped: 'missing_conversation' }
  const payload = payloadSchema.parse(message.payload)
  const done = (status: string) => updateMessage(db, message.id, { status })
  const stop = async (status: string, result: Record<string, unknown>) => {
    await done(status)
    return result
  }
  /** Leaves the rest to the OUTBOX queue, `delay` seconds from now. */
  const handOff = async (sent: number, delay: number, why: string) => {
    await updateMessage(db, message.id, { status: 'queued', payload: { ...message.payload, sentParts: sent } })
    await enqueueOutbound({ db, env }, message.merchantId, message.id, delay > 0 ? delay : undefined, attempt + 1)
    log.info(`${why}; handed to the outbox`, { messageId, delaySeconds: delay })
    return { deferredSeconds: delay, sent }
  }

  if (conversation.optedOut && !payload.allowOptedOut) return stop('skipped_opted_out', { skipped: 'opted_out' })
  let parts = payload.parts
  const windowClosed = conversation.channel === 'whatsapp' && (!conversation.lastInboundAt || Date.now() - conversation.lastInboundAt.getTime() > WINDOW_MS)
  if (windowClosed) {
    // Outside the window only an approved template may go out; without one, the message waits in the inbox.
    if (!payload.template) return stop('skipped_window', { skipped: 'window_closed' })
    parts = [payload.template]
  }

  const sender = await senderFor(db, config, message.merchantId, conversation.channel, conversation.externalUserId)
  if (!sender) return stop('failed_no_channel', { skipped: 'no_channel' })
  if (payload.callbackQueryId && sender.answerCallback && payload.sentParts === 0) await sender.answerCallback(payload.callbackQueryId)

  let sent = windowClosed ? 0 : payload.sentParts
  let lastId: string | null = message.externalId
  while (sent < parts.length) {
    const waits = [
      await takePacingTokens(db, sender.key, NUMBER_PER_SECOND, NUMBER_PER_SECOND),
      await takePacingTokens(db, `shopper:${conversation.id}`, SHOPPER_BURST, SHOPPER_PER_SECOND),
    ]
    const wait = Math.max(...waits)
    if (wait > 0) {
      if (mode === 'queue' && wait <= SLEEP_MAX_S) {
        await sleep(wait)
        continue
      }
      return handOff(sent, Math.ceil(wait), 'paced')
    }
    const outcome = await sender.send(parts[sent])
    if (!outcome.ok) {
      await updateMessage(db, message.id, { payload: { ...message.payload, sentParts: sent } })
      if (outcome.retryAfterSeconds !== undefined && attempt < 20) {
        log.warn('provider rate limit', { messageId, retryAfter: outcome.retryAfterSeconds, error: outcome.error })
        return handOff(sent, Math.ceil(outcome.retryAfterSeconds), 'provider rate limit')
      }
      if (outcome.permanent) return stop('failed', { failed: outcome.error })
      if (mode === 'inline') return handOff(sent, 0, `send failed (${outcome.error})`)
      throw new Error(outcome.error)
    }
    sent++
    lastId = outcome.id ?? lastId
    await updateMessage(db, message.id, {
      status: sent < parts.length ? 'sending' : 'sent',
      externalId: lastId,
      payload: { ...message.payload, sentParts: sent },
    })
  }
  await updateConversation(db, conversation.id, { lastMessageAt: new Date() })
  return { sent, externalId: lastId }
}

/** OUTBOX queue: the paced and retrying path of `deliverOutbound` (dashboard replies, order updates, deferred bot replies). */
export const outboxSendJob = defineJob({
  queue: 'outbox',
  payload: z.object({ messageId: z.uuid(), attempt: z.number().int().min(0).default(0) }),
  retryDelaySeconds: (attempt) => Math.min(120, 2 ** attempt),
  run: ({ db, env, config, log }, { messageId, attempt }) => deliverOutbound({ db, env, config, log }, messageId, attempt, 'queue'),
})

/**
 * Tells the merchant on their own chat (their WhatsApp number or Telegram chat) about a new order.
 * On WhatsApp a free-form text only goes through inside the 24-hour window (the merchant wrote to
 * their shop number lately); outside it Graph answers 131047 and the alert goes again as the
 * approved template `settings.bot.templates.newOrder` (default `new_order`: {{1}} order number,
 * {{2}} customer, {{3}} total).
 */
export const notifyMerchantJob = defineJob({
  queue: 'outbox',
  payload: notifyMerchantPayloadSchema,
  async run({ db, config, job, log }, { text, order }) {
    const merchantId = job.merchantId
    if (!merchantId) return { skipped: 'no_merchant' }
    const merchant = await getMerchant(db, merchantId)
    if (!merchant) return { skipped: 'no_merchant' }
    const { notify, templates } = readBotSettings(merchant.settings)
    const results: Record<string, unknown> = {}
    for (const [kind, to] of [
      ['whatsapp', notify.whatsapp?.replace(/^\+/, '')],
      ['telegram', notify.telegramChatId],
    ] as const) {
      if (!to) continue
      const sender = await senderFor(db, config, merchantId, kind, to)
      if (!sender) continue
      let outcome = await sender.send({ kind: 'text', text })
      let via = 'text'
      if (!outcome.ok && kind === 'whatsapp' && outcome.code === OUTSIDE_WINDOW_CODE && order) {
        log.info('merchant outside the 24-hour window; sending the new-order template', { template: templates.newOrder.name })
        outcome = await sender.send({
          kind: 'template',
          name: templates.newOrder.name,
          language: templates.newOrder.language,
          params: [order.number, order.customer || 'a shopper', order.total],
          fallbackText: text,
        })
        via = 'template'
      }
      if (!outcome.ok && !outcome.permanent) throw new Error(outcome.error)
      results[kind] = outcome.ok ? (via === 'template' ? 'sent_template' : 'sent') : outcome.error
    }
    return results
  },
})
