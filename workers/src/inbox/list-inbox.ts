import { listConversations } from '../../../db/queries/conversations'
import type { Database } from '../../../db/types'
import { conversationView } from './conversation-view'

/** The inbox: newest activity first, with unread counts and the last message's text. */
export async function listInbox(db: Database, merchantId: string) {
  const rows = await listConversations(db, merchantId)
  return rows.map((r) => ({ ...conversationView(r), lastText: r.lastText, lastMessageAt: r.lastMessageAt }))
}
