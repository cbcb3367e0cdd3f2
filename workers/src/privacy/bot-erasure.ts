import { writeAudit } from '../../../db/queries/audit'
import { updateConversation } from '../../../db/queries/conversations'
import { clearErasureAsked, eraseShopperRows, markErasureAsked } from '../../../db/queries/privacy'
import type { Conversation } from '../../../db/schema'
import type { Database } from '../../../db/types'
import type { InboundEvent } from '../bot/engine/inbound'
import { storeOutbound } from '../bot/send-to-conversation'
import { erasureAnswer, erasureDone, erasureKept, erasurePrompt, erasureRequestLanguage, isErasureLanguage } from './erasure-command'

/** A "yes" counts only this soon after the prompt; later, the request has to be made again. */
const CONFIRM_WINDOW_MS = 15 * 60 * 1000

/**
 * The shopper's "delete my data" command, checked before the bot reads intents (like STOP): asks
 * for confirmation (buttons, or a typed YES in their language), then erases their data and says
 * so in one message. Runs in the inbound transaction, under the conversation lock. Answers the
 * stored reply ids when it handled the message, null when the message is not for it.
 */
/**
 * Whether `handleErasureCommand` would take this message: a request to delete, or an answer to a
 * pending confirmation. Read before the lock, so the bot does not send such a message to an LLM.
 */
export function isErasureMessage(conversation: Pick<Conversation, 'state'>, event: InboundEvent, now: Date): boolean {
  const state = conversation.state as { erasureAskedAt?: string }
  const askedAt = state.erasureAskedAt ? Date.parse(state.erasureAskedAt) : Number.NaN
  const pending = Number.isFinite(askedAt) && now.getTime() - askedAt <= CONFIRM_WINDOW_MS
  if (pending && erasureAnswer(event)) return true
  return event.kind === 'text' && erasureRequestLanguage(event.text) !== null
}

export async function handleErasureCommand(
  tx: Database,
  input: { merchant: { id: string; name: string }; conversation: Conversation; event: InboundEvent; now: Date },
): Promise<{ replyIds: string[]; erased: boolean } | null> {
  const { merchant, conversation, event, now } = input
  const state = conversation.state as { erasureAskedAt?: string; erasureLang?: string }
  const askedAt = state.erasureAskedAt ? Date.parse(state.erasureAskedAt) : Number.NaN
  const lang = isErasureLanguage(state.erasureLang) ? state.erasureLang : 'en'
  const pending = Number.isFinite(askedAt) && now.getTime() - askedAt <= CONFIRM_WINDOW_MS
  const answer = erasureAnswer(event)
  const reply = async (parts: Parameters<typeof storeOutbound>[2]) => {
    const stored = await storeOutbound(tx, conversation, parts, { author: 'system', inReplyTo: event.externalId, allowOptedOut: true })
    return stored ? [stored.id] : []
  }

  if (pending && answer === 'yes') {
    const erased = await eraseShopperRows(tx, { merchantId: merchant.id, conversationId: conversation.id, now })
    if (!erased) return null
    await writeAudit(tx, {
      merchantId: merchant.id,
      userId: null,
      action: 'shopper.erase',
      entity: 'conversation',
      entityId: conversation.id,
      changes: { by: 'shopper', messages: erased.messages, orders: erased.orders },
    })
    // The one message left in the conversation, so the inbox shows what happened; the shopper is within the 24-hour window.
    await updateConversation(tx, conversation.id, { lastInboundAt: now, lastMessageAt: now, unread: 1 })
    return { replyIds: await reply([erasureDone(lang, merchant.name)]), erased: true }
  }
  if (pending && answer === 'no') {
    await clearErasureAsked(tx, conversation.id)
    await updateConversation(tx, conversation.id, { lastInboundAt: now, lastMessageAt: now })
    return { replyIds: await reply([erasureKept(lang)]), erased: false }
  }
  const asked = event.kind === 'text' ? erasureRequestLanguage(event.text) : null
  if (!asked) return null
  await markErasureAsked(tx, conversation.id, now, asked)
  return { replyIds: await reply([erasurePrompt(asked, merchant.name)]), erased: false }
}
