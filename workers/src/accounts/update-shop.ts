import { updateMerchant } from '../../../db/queries/accounts'
import { writeAudit } from '../../../db/queries/audit'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { shopView } from './get-shop'
import type { UpdateShop } from './schemas'

/** Renames the shop or changes its bio or default currency, and records who did. */
export async function updateShop(db: Database, input: { merchantId: string; actorId: string | null; patch: UpdateShop }) {
  const { merchantId, patch } = input
  const m = await updateMerchant(db, merchantId, patch)
  if (!m) throw new AppError('not_found', 'no such shop')
  await writeAudit(db, { merchantId, userId: input.actorId, action: 'shop.update', entity: 'shop', entityId: merchantId, changes: patch })
  return shopView(m)
}
