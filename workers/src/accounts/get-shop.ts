import { getMerchant } from '../../../db/queries/accounts'
import type { Merchant } from '../../../db/schema'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'

/** The settings a shop shows its members. */
export const shopView = (m: Merchant) => ({
  id: m.id,
  slug: m.slug,
  name: m.name,
  bio: m.bio,
  defaultCurrency: m.defaultCurrency,
  requireTwoFactor: m.requireTwoFactor,
})

/** The active shop's settings. */
export async function getShop(db: Database, merchantId: string) {
  const m = await getMerchant(db, merchantId)
  if (!m) throw new AppError('not_found', 'no such shop')
  return shopView(m)
}
