import { writeAudit } from '../../../db/queries/audit'
import { type BulkAction, bulkEditProducts } from '../../../db/queries/products'
import type { Database } from '../../../db/types'
import type { Actor } from './actor'
import { MAX_PRICE_MINOR } from './schemas'

/** One action on many products (one audit row listing the ids); prices stay within the catalog's cap. Ids of other shops are reported like unknown ids, never distinguished. */
export async function bulkEdit(db: Database, actor: Actor, ids: string[], action: BulkAction) {
  const { merchantId } = actor
  const changed = await db.transaction(async (tx) => {
    const done = await bulkEditProducts(tx, merchantId, ids, action, { maxPriceMinor: MAX_PRICE_MINOR })
    if (done.length)
      await writeAudit(tx, { merchantId, userId: actor.userId, action: `product.bulk.${action.type}`, entity: 'product', changes: { ...action, ids: done } })
    return done
  })
  return { updated: changed.length, notFound: ids.filter((id) => !changed.includes(id)) }
}
