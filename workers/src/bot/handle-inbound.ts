import { and, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { findChannelByExternalId, getMerchant } from '../../../db/queries/bot'
import { insertMessage, lockConversation, upsertConversation } from '../../../db/queries/conversations'
import { events, messages } from '../../../db/schema'
import { defineJob } from '../queues/job-context'
import { enqueueJob } from '../queues/enqueue-job'
import { inboundEventSchema } from './engine/inbound'
import { runTurn, type TurnResult } from './engine/run-turn'
import { readState } from './engine/state'
import { enqueueOutbound, storeOutbound } from './send-to-conversation'
import { readBotSettings } from './settings'

/**
 * BOT queue: one shopper message. Stores it, then runs the engine under the conversation's row
 * lock (one shopper's messages are handled one at a time) and stores the reply for the OUTBOX.
 * A second delivery of the same message finds it stored and only makes sure the reply is queued.
 */
export const botInboundJob = defineJob({
  queue: 'bot',
  payload: z.object({ event: inboundEventSchema }),
  async run({ db, env, log }, { event }) {
    const channel = await findChannelByExternalId(db, event.channel, event.channelExternalId)
    if (!channel) {
      log.warn('message for a channel no merchant has connected; dropped', { channel: event.channel, externalId: event.channelExternalId })
      return { skipped: 'unknown_channel' }
    }
    const merchant = await getMerchant(db, channel.merchantId)
    if (!merchant) return { skipped: 'unknown_merchant' }
    const { conversation: conv } = await upsertConversation(db, {
      merchantId: merchant.id,
      channel: event.channel,
      externalUserId: event.from,
      name: event.name,
    })
    const settings = readBotSettings(merchant.settings)

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
        // Already handled: re-queue any reply that was stored but whose job was never written.
        const pending = await tx
          .select({ id: messages.id })
          .from(messages)
          .where(and(eq(messages.conversationId, conversation.id), eq(messages.status, 'queued'), sql`${messages.payload}->>'inReplyTo' = ${event.externalId}`))
        return { replyIds: pending.map((p) => p.id), result: null as TurnResult | null }
      }
      const now = new Date()
      const base = { lastInboundAt: now, lastMessageAt: now, unread: conversation.unread + 1, name: event.name || conversation.name }
      let state = readState(conversation.state)
      let result: TurnResult | null = null
      const wantsBack = /^\s*(start|unstop|subscribe)\s*$/i.test(event.text)
      if (conversation.optedOut && !wantsBack) {
        await tx.execute(sql`update conversations set last_inbound_at = ${now}, last_message_at = ${now}, unread = unread + 1 where id = ${conversation.id}`)
        return { replyIds: [], result: null }
      }
      if (conversation.handoff) {
        // A person is handling this shopper: the bot stays quiet, the inbox shows the message as unread.
        await tx.execute(
          sql`update conversations set last_inbound_at = ${now}, last_message_at = ${now}, unread = unread + 1, name = ${base.name} where id = ${conversation.id}`,
        )
        return { replyIds: [], result: null }
      }
      result = await runTurn(
        { db: tx, merchant, conversation: { ...conversation, optedOut: false }, settings, appUrl: env.APP_URL.replace(/\/+$/, '') },
        state,
        event,
      )
      state = result.state
      await tx.execute(sql`update conversations set
        state = ${JSON.stringify(state)}::jsonb,
        handoff = ${result.handoff ?? false},
        opted_out = ${result.optedOut ?? false},
        ref = coalesce(ref, ${result.ref ?? null}),
        name = ${base.name},
        last_inbound_at = ${now}, last_message_at = ${now},
        unread = unread + 1,
        updated_at = now()
        where id = ${conversation.id}`)
      for (const e of result.events) {
        await tx.insert(events).values({
          merchantId: merchant.id,
          type: e.type,
          productId: e.productId ?? null,
          videoId: e.videoId ?? null,
          linkId: e.linkId ?? null,
          orderId: e.orderId ?? null,
          conversationId: conversation.id,
          ref: e.ref ?? null,
          meta: { channel: event.channel },
        })
      }
      const replyIds: string[] = []
      if (result.replies.length) {
        const reply = await storeOutbound(tx, conversation, result.replies, {
          inReplyTo: event.externalId,
          allowOptedOut: result.optedOut,
          callbackQueryId: event.callbackQueryId,
        })
        if (reply) replyIds.push(reply.id)
      }
      return { replyIds, result }
    })

    for (const id of outcome.replyIds) await enqueueOutbound({ db, env }, merchant.id, id)
    const placed = outcome.result?.placedOrder
    if (placed) {
      await enqueueJob(
        { db, env },
        {
          type: 'bot.notify-merchant',
          merchantId: merchant.id,
          payload: { text: `New order #${placed.number} from ${conv.name || event.name || event.from}: ${placed.summary}.` },
          dedupeKey: `notify:order:${placed.id}`,
        },
      )
    }
    return { conversationId: conv.id, replies: outcome.replyIds.length, orderId: placed?.id ?? null }
  },
})
