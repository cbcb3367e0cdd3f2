import { getConversation } from '../../../db/queries/conversations'
import type { Conversation } from '../../../db/schema'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'

/** One conversation of the merchant; another shop's (or an unknown) id is `not_found`. */
export async function findConversation(db: Database, merchantId: string, id: string): Promise<Conversation> {
  const conversation = await getConversation(db, merchantId, id)
  if (!conversation) throw new AppError('not_found', 'conversation not found')
  return conversation
}
