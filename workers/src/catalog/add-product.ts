import { writeAudit } from '../../../db/queries/audit'
import { createProduct, type ProductInput } from '../../../db/queries/products'
import type { Database } from '../../../db/types'
import { emitWebhook } from '../webhooks/emit-webhook'
import type { Actor } from './actor'
import { getProduct } from './get-product'

/** Creates a product with its variants and records it in the audit log; returns the product as `getProduct` does. */
export async function addProduct(db: Database, actor: Actor, input: ProductInput) {
  const row = await db.transaction(async (tx) => {
    const created = await createProduct(tx, actor.merchantId, input)
    await writeAudit(tx, {
      merchantId: actor.merchantId,
      userId: actor.userId,
      action: 'product.create',
      entity: 'product',
      entityId: created.id,
      changes: { title: input.title, status: created.status },
    })
    if (created.status === 'published')
      await emitWebhook({ db: tx }, actor.merchantId, 'product.published', { product: { id: created.id, title: input.title, status: created.status } })
    return created
  })
  return getProduct(db, actor.merchantId, row.id)
}
