import { updateConversation } from '../../../db/queries/conversations'
import type { Database } from '../../../db/types'
import { findConversation } from './find-conversation'

/** Clears the unread count of a conversation. */
export async function markConversationRead(db: Database, merchantId: string, id: string) {
  const conversation = await findConversation(db, merchantId, id)
  await updateConversation(db, conversation.id, { unread: 0 })
}
