import { updateConversation } from '../../../db/queries/conversations'
import type { Database } from '../../../db/types'
import { sendToConversation } from '../bot/send-to-conversation'
import { findConversation } from './find-conversation'

const BOT_IS_BACK = 'Thanks for chatting with us! The shop assistant bot is back: type "menu" to see the options.'

/** Pauses the bot for a shopper (a person replies) or hands back to it, telling the shopper it is back. */
export async function setHandoff(deps: { db: Database; env: Env }, input: { merchantId: string; conversationId: string; handoff: boolean }) {
  const conversation = await findConversation(deps.db, input.merchantId, input.conversationId)
  await updateConversation(deps.db, conversation.id, { handoff: input.handoff })
  if (!input.handoff && conversation.handoff && !conversation.optedOut) {
    await sendToConversation(deps, conversation, [{ kind: 'text', text: BOT_IS_BACK }], { author: 'system' })
  }
}
