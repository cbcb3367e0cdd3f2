import { getMerchant, getUserById, listMembershipsOfUser } from '../../../db/queries/accounts'
import { hasTwoFactor } from '../../../db/queries/sign-in'
import type { MemberRole } from '../../../db/schema'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import type { MeResponse } from './schemas'

/**
 * The signed-in user, their active shop (with `role` there) and every shop they belong to.
 * Without `role` the active shop's role is read from the user's memberships.
 */
export async function loadMe(db: Database, input: { userId: string; merchantId: string | null; role?: MemberRole }): Promise<MeResponse> {
  const user = await getUserById(db, input.userId)
  if (!user) throw new AppError('unauthorized', 'sign in to continue')
  const shops = await listMembershipsOfUser(db, input.userId)
  const enabled = await hasTwoFactor(db, input.userId)
  let merchant: MeResponse['merchant'] = null
  let setupRequired = false
  if (input.merchantId) {
    const m = await getMerchant(db, input.merchantId)
    const role = input.role ?? shops.find((s) => s.merchantId === input.merchantId)?.role
    if (m && role) merchant = { id: m.id, slug: m.slug, name: m.name, defaultCurrency: m.defaultCurrency, role }
    setupRequired = !!m?.requireTwoFactor && role === 'owner' && !enabled
  }
  return { user: { id: user.id, email: user.email, name: user.name }, merchant, shops, twoFactor: { enabled, setupRequired } }
}
