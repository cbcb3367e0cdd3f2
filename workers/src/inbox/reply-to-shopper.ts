import { updateConversation } from '../../../db/queries/conversations'
import type { Database } from '../../../db/types'
import { sendToConversation } from '../bot/send-to-conversation'
import { AppError } from '../errors'
import { messageView } from './conversation-view'
import { findConversation } from './find-conversation'

/** The merchant writes to the shopper: the message is stored and sent through the OUTBOX. */
export async function replyToShopper(deps: { db: Database; env: Env }, input: { merchantId: string; conversationId: string; text: string }) {
  const conversation = await findConversation(deps.db, input.merchantId, input.conversationId)
  if (conversation.optedOut) throw new AppError('conflict', 'this shopper opted out of messages')
  const message = await sendToConversation(deps, conversation, [{ kind: 'text', text: input.text }], { author: 'merchant' })
  await updateConversation(deps.db, conversation.id, { unread: 0, lastMessageAt: new Date() })
  if (!message) return null
  const { type: _type, ...sent } = messageView(message)
  return sent
}
