import { writeAudit } from '../../../db/queries/audit'
import { eraseShopperRows, shopperExport } from '../../../db/queries/privacy'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'

/** One shopper's data in the shop (their profile, every message, their orders), for a JSON download. */
export async function exportShopper(db: Database, merchantId: string, conversationId: string) {
  const data = await shopperExport(db, merchantId, conversationId)
  if (!data) throw new AppError('not_found', 'conversation not found')
  return { exportedAt: new Date().toISOString(), ...data }
}

/**
 * Erases one shopper's data (see `eraseShopperRows`), in one transaction. `by` says who asked:
 * the merchant from the inbox, or the shopper through the bot; the audit log records it.
 */
export async function eraseShopper(
  db: Database,
  input: { merchantId: string; conversationId: string; by: 'merchant' | 'shopper'; userId?: string | null; now?: Date },
) {
  const now = input.now ?? new Date()
  const result = await db.transaction(async (tx) => {
    const erased = await eraseShopperRows(tx, { merchantId: input.merchantId, conversationId: input.conversationId, now })
    if (!erased) return null
    await writeAudit(tx, {
      merchantId: input.merchantId,
      userId: input.userId ?? null,
      action: 'shopper.erase',
      entity: 'conversation',
      entityId: input.conversationId,
      changes: { by: input.by, messages: erased.messages, orders: erased.orders },
    })
    return erased
  })
  if (!result) throw new AppError('not_found', 'conversation not found')
  return { erasedAt: now.toISOString(), messages: result.messages, orders: result.orders, conversation: result.conversation }
}
