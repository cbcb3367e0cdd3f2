import { updateMerchant } from '../../../db/queries/accounts'
import { writeAudit } from '../../../db/queries/audit'
import { hasTwoFactor } from '../../../db/queries/sign-in'
import type { Database } from '../../../db/types'
import { forgetAllSessions } from '../auth/session-cache'
import { AppError } from '../errors'
import { shopView } from './get-shop'
import type { UpdateShop } from './schemas'

/**
 * Renames the shop or changes its bio, default currency or whether owners must use two-factor
 * (turning that on needs the acting owner to have it, so they cannot lock themselves out), and
 * records who did.
 */
export async function updateShop(db: Database, input: { merchantId: string; actorId: string | null; patch: UpdateShop }) {
  const { merchantId, patch } = input
  if (patch.requireTwoFactor && !(input.actorId && (await hasTwoFactor(db, input.actorId)))) {
    throw new AppError('conflict', 'turn on two-factor sign-in for yourself first (Settings → Your security), then require it of owners')
  }
  const m = await updateMerchant(db, merchantId, patch)
  if (!m) throw new AppError('not_found', 'no such shop')
  // Who must set up two-factor is part of every owner's resolved session.
  if (patch.requireTwoFactor !== undefined) forgetAllSessions()
  await writeAudit(db, { merchantId, userId: input.actorId, action: 'shop.update', entity: 'shop', entityId: merchantId, changes: patch })
  return shopView(m)
}
