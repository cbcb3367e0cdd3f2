import { z } from 'zod'
import { findChannelByExternalId, getMerchant, insertBotEvents, listQueuedReplyIds, noteUnansweredMessage, saveTurnOutcome } from '../../../db/queries/bot'
import { hasMessageWithExternalId, insertMessage, lockConversation, noteUnderstanding, upsertConversation } from '../../../db/queries/conversations'
import type { Database } from '../../../db/types'
import type { Config } from '../config'
import { handleErasureCommand, isErasureMessage } from '../privacy/bot-erasure'
import { enqueueJob } from '../queues/enqueue-job'
import { defineJob } from '../queues/job-context'
import { createTelegramBot, type TelegramSecrets } from '../telegram/telegram-bot'
import { emitWebhook } from '../webhooks/emit-webhook'
import { decryptSecrets, keyringOf } from './crypto'
import { dbPorts } from './engine/db-ports'
import { TYPED_ANSWER_STEPS } from './engine/flows/checkout'
import { MENU_BUTTONS } from './engine/flows/menu'
import { inboundEventSchema } from './engine/inbound'
import { runTurn, type TurnResult } from './engine/run-turn'
import { readState } from './engine/state'
import { understandMessage } from './intent/understand-message'
import { deliverOutbound } from './outbox-job'
import { enqueueOutbound, sendToConversation, storeOutbound } from './send-to-conversation'
import { readBotSettings } from './settings'
import { taughtMatcherFor } from './teach-bot'
import { understandShopperText } from './understand-shopper'

/**
 * BOT queue: one shopper message. Stores it, then runs the engine under the conversation's row
 * lock (one shopper's messages are handled one at a time) and stores the reply for the OUTBOX.
 * A second delivery of the same message finds it stored and only makes sure the reply is queued.
 */
export const botInboundJob = defineJob({
  queue: 'bot',
  payload: z.object({ event: inboundEventSchema }),
  async run({ db, env, config, log, job }, { event }) {
    const channel = await findChannelByExternalId(db, event.channel, event.channelExternalId)
    if (!channel) {
      log.warn('message for a channel no merchant has connected; dropped', { channel: event.channel, externalId: event.channelExternalId })
      return { skipped: 'unknown_channel' }
    }
    // A tapped Telegram button spins until answered: answer it before the turn, so it stops even when the turn fails.
    if (event.callbackQueryId && channel.kind === 'telegram' && job.attempts <= 1) await answerCallback(config, channel.secretsEncrypted, event.callbackQueryId)
    const merchant = await getMerchant(db, channel.merchantId)
    if (!merchant) return { skipped: 'unknown_merchant' }
    const { conversation: conv } = await upsertConversation(db, {
      merchantId: merchant.id,
      channel: event.channel,
      externalUserId: event.from,
      name: event.name,
    })
    const settings = readBotSettings(merchant.settings)
    // Free text is read before the row lock, so an LLM call for an unsure message holds no lock and
    // no transaction; only when the bot will answer it.
    const taught = event.kind === 'text' ? await taughtMatcherFor(db, merchant.id) : undefined
    const text = event.kind === 'text' ? event.text.trim() : ''
    const readNow =
      Boolean(taught && text) &&
      // Not when the checkout waits for a typed answer (a name, a delivery area, an address).
      !TYPED_ANSWER_STEPS.has(readState(conv.state).step) &&
      // A chat a person has taken over, or an opted-out shopper, gets no bot answer: nothing to read (and no LLM to pay).
      !conv.handoff &&
      !conv.optedOut &&
      // "Delete my data" (or its YES/NO) is the erasure flow's, and goes to no LLM.
      !isErasureMessage(conv, event, new Date()) &&
      // A redelivered webhook was read the first time; the transaction below finds it stored.
      !(event.externalId && (await hasMessageWithExternalId(db, merchant.id, event.externalId)))
    const understood = readNow && taught ? await understandShopperText({ db, config }, merchant.id, text, taught) : undefined
    const understand = async (t: string) => (understood && t === text ? understood : understandMessage(t, undefined, { taught }))

    const outcome = await db.transaction(async (tx) => {
      const conversation = await lockConversation(tx, conv.id)
      const inbound = await insertMessage(tx, {
        merchantId: merchant.id,
        conversationId: conversation.id,
        direction: 'inbound',
        type: event.kind,
        text: event.text || (event.actionId ? `[${event.actionId}]` : `[${event.kind}]`),
        payload: { event },
        externalId: event.externalId,
        status: 'received',
        author: 'shopper',
      })
      if (!inbound) {
        // Already handled: re-queue any reply that was stored but not (fully) sent.
        return { replyIds: [], pendingIds: await listQueuedReplyIds(tx, conversation.id, event.externalId), result: null as TurnResult | null }
      }
      const now = new Date()
      const name = event.name || conversation.name
      // "delete my data" (any of the bot's languages) comes before everything, opt-out and handoff included.
      const privacy = await handleErasureCommand(tx, { merchant, conversation, event, now })
      if (privacy) return { replyIds: privacy.replyIds, pendingIds: [] as string[], result: null as TurnResult | null }
      const wantsBack = /^\s*(start|unstop|subscribe)\s*$/i.test(event.text)
      if (conversation.optedOut && !wantsBack) {
        await noteUnansweredMessage(tx, conversation.id, now)
        return { replyIds: [], pendingIds: [], result: null }
      }
      if (conversation.handoff) {
        // A person is handling this shopper: the bot stays quiet, the inbox shows the message as unread.
        await noteUnansweredMessage(tx, conversation.id, now, name)
        return { replyIds: [], pendingIds: [], result: null }
      }
      const deps = { ...dbPorts(tx, merchant.id), merchant, conversation, settings, appUrl: config.APP_URL.replace(/\/+$/, ''), understand }
      const result = await runTurn(deps, readState(conversation.state), event)
      if (result.understood) await noteUnderstanding(tx, inbound.id, result.understood)
      await saveTurnOutcome(tx, conversation.id, {
        state: result.state,
        handoff: result.handoff ?? false,
        optedOut: result.optedOut ?? false,
        ref: result.ref ?? null,
        name,
        at: now,
      })
      await insertBotEvents(
        tx,
        result.events.map((e) => ({
          merchantId: merchant.id,
          type: e.type,
          productId: e.productId ?? null,
          videoId: e.videoId ?? null,
          linkId: e.linkId ?? null,
          orderId: e.orderId ?? null,
          conversationId: conversation.id,
          ref: e.ref ?? null,
          meta: { channel: event.channel },
        })),
      )
      const replyIds: string[] = []
      if (result.replies.length) {
        const reply = await storeOutbound(tx, conversation, result.replies, { inReplyTo: event.externalId, allowOptedOut: result.optedOut })
        if (reply) replyIds.push(reply.id)
      }
      return { replyIds, pendingIds: [] as string[], result }
    })

    // The one-hop reply: sent from here, right after the turn; pacing, rate limits and transient
    // errors hand it to the OUTBOX queue (deliverOutbound's `inline` mode).
    for (const id of outcome.replyIds) await deliverOutbound({ db, env, config, log }, id, 0, 'inline')
    for (const id of outcome.pendingIds) await enqueueOutbound({ db, env }, merchant.id, id)
    const placed = outcome.result?.placedOrder
    if (outcome.result?.handoff)
      await emitWebhook({ db, env, log }, merchant.id, 'conversation.handed_over', {
        conversationId: conv.id,
        channel: event.channel,
        shopper: conv.name || event.name || null,
      })
    if (placed) {
      await emitWebhook({ db, env, log }, merchant.id, 'order.created', {
        order: { id: placed.id, number: placed.number, total: placed.total, summary: placed.summary, customer: placed.customer, conversationId: conv.id },
      })
      await enqueueJob(
        { db, env },
        {
          type: 'bot.notify-merchant',
          merchantId: merchant.id,
          payload: {
            text: `New order #${placed.number} from ${conv.name || event.name || event.from}: ${placed.summary}.`,
            order: { number: placed.number, customer: placed.customer || conv.name || event.name || event.from, total: placed.total },
          },
          dedupeKey: `notify:order:${placed.id}`,
        },
      )
    }
    return { conversationId: conv.id, replies: outcome.replyIds.length + outcome.pendingIds.length, orderId: placed?.id ?? null }
  },
  onDead: apologiseForDeadTurn,
})

/** Answers a Telegram callback query (the button stops spinning); a failure only costs the spinner. */
async function answerCallback(config: Config, secretsEncrypted: string, callbackQueryId: string) {
  try {
    const secrets = await decryptSecrets<TelegramSecrets>(keyringOf(config), secretsEncrypted)
    await createTelegramBot(config, secrets).api.answerCallbackQuery(callbackQueryId)
  } catch {
    // Too old or already answered: nothing to do.
  }
}

/** What the shopper reads when the bot gave up on their message. */
export const APOLOGY_TEXT = 'Sorry, something went wrong on our side and I could not answer that. Please try again, or pick an option:'

/**
 * A shopper message the bot gave up on (a permanent error, or retries exhausted and the message
 * dead-lettered): the message is stored so it shows in the inbox with a system note saying what
 * failed, the conversation counts as unread, and the shopper gets a short apology with the menu
 * (on Telegram this also answers the tapped button). Runs once per job: the dead job is final.
 */
async function apologiseForDeadTurn(ctx: { db: Database; env: Env; job: { error: string | null } }, { event }: { event: z.output<typeof inboundEventSchema> }) {
  const { db, env, job } = ctx
  const channel = await findChannelByExternalId(db, event.channel, event.channelExternalId)
  if (!channel) return
  const { conversation } = await upsertConversation(db, {
    merchantId: channel.merchantId,
    channel: event.channel,
    externalUserId: event.from,
    name: event.name,
  })
  const shown = event.text || (event.actionId ? `[${event.actionId}]` : `[${event.kind}]`)
  await insertMessage(db, {
    merchantId: channel.merchantId,
    conversationId: conversation.id,
    direction: 'inbound',
    type: event.kind,
    text: shown,
    payload: { event },
    externalId: event.externalId,
    status: 'received',
    author: 'shopper',
  }).catch(() => null)
  const reason = (job.error ?? 'unknown error').replace(/^gave up after retries: /, '').slice(0, 300)
  await insertMessage(db, {
    merchantId: channel.merchantId,
    conversationId: conversation.id,
    direction: 'outbound',
    type: 'note',
    text: `The bot could not answer ${shown.slice(0, 120)} (${reason}). The shopper was sent an apology with the menu; reply here if needed.`,
    status: 'note',
    author: 'system',
    payload: { failedJob: true },
  })
  await noteUnansweredMessage(db, conversation.id, new Date())
  // Opted out: nothing may be sent. Handed off: a person answers, not the bot.
  if (conversation.optedOut || conversation.handoff) return
  await sendToConversation({ db, env }, conversation, [{ kind: 'buttons', text: APOLOGY_TEXT, buttons: MENU_BUTTONS }], {
    inReplyTo: event.externalId,
    callbackQueryId: event.callbackQueryId,
  })
}
