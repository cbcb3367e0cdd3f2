import { writeAudit } from '../../../db/queries/audit'
import { deleteProduct } from '../../../db/queries/products'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import type { Actor } from './actor'

/** Deletes a product and its variants, and records it in the audit log. */
export async function removeProduct(db: Database, actor: Actor, id: string) {
  const gone = await deleteProduct(db, actor.merchantId, id)
  if (!gone) throw new AppError('not_found', 'no such product')
  await writeAudit(db, {
    merchantId: actor.merchantId,
    userId: actor.userId,
    action: 'product.delete',
    entity: 'product',
    entityId: gone.id,
    changes: { title: gone.title },
  })
}
