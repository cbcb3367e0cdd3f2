import { writeAudit } from '../../../db/queries/audit'
import { getProductRow, type ProductInput, updateProduct } from '../../../db/queries/products'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { emitWebhook } from '../webhooks/emit-webhook'
import type { Actor } from './actor'
import { getProduct } from './get-product'

/**
 * Updates the given fields (`variants` replaces the list; existing ids keep their rows) and records
 * what changed, from → to, in the audit log.
 */
export async function editProduct(db: Database, actor: Actor, id: string, patch: Partial<ProductInput>) {
  const { merchantId } = actor
  await db.transaction(async (tx) => {
    const before = await getProductRow(tx, merchantId, id)
    if (!before) throw new AppError('not_found', 'no such product')
    await updateProduct(tx, merchantId, id, patch)
    const changes: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(patch)) {
      if (k === 'variants') changes.variants = `${(v as unknown[]).length} variants`
      else if (JSON.stringify((before as Record<string, unknown>)[k]) !== JSON.stringify(v))
        changes[k] = { from: (before as Record<string, unknown>)[k], to: v }
    }
    await writeAudit(tx, { merchantId, userId: actor.userId, action: 'product.update', entity: 'product', entityId: id, changes })
    await emitWebhook({ db: tx }, merchantId, changes.status && patch.status === 'published' ? 'product.published' : 'product.updated', {
      product: { id, changes },
    })
  })
  return getProduct(db, merchantId, id)
}
