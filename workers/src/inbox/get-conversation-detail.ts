import { listMessages } from '../../../db/queries/conversations'
import { listOrders } from '../../../db/queries/orders'
import type { Database } from '../../../db/types'
import { readState } from '../bot/engine/state'
import { conversationView, messageView } from './conversation-view'
import { findConversation } from './find-conversation'

/** One conversation for the dashboard: the transcript, the shopper's cart and step, their last 20 orders. */
export async function getConversationDetail(db: Database, merchantId: string, id: string) {
  const conversation = await findConversation(db, merchantId, id)
  const [messages, orders] = await Promise.all([
    listMessages(db, merchantId, conversation.id),
    listOrders(db, merchantId, { conversationId: conversation.id, limit: 20 }),
  ])
  const state = readState(conversation.state)
  return {
    conversation: { ...conversationView(conversation), ref: conversation.ref, lastInboundAt: conversation.lastInboundAt },
    cart: state.cart,
    step: state.step,
    messages: messages.map(messageView),
    orders,
  }
}
