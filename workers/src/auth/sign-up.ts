import { findUserByEmail, freeMerchantSlug, insertMembership, insertMerchant, insertUser } from '../../../db/queries/accounts'
import type { Database } from '../../../db/types'
import { acceptInvite } from '../accounts/accept-invite'
import { AppError } from '../errors'
import { loadMe } from './me'
import { hashPassword } from './password'
import type { Signup } from './schemas'
import { createSession, type SessionOrigin } from './sessions'

/**
 * Creates an account and either a new shop it owns or, with `inviteToken`, a membership of the
 * invite's shop (all or nothing), then signs it in. Returns the session token and who signed in.
 */
export async function signUp(db: Database, input: Signup, origin: SessionOrigin) {
  if (await findUserByEmail(db, input.email)) throw new AppError('conflict', 'an account with this email already exists; log in instead')
  const passwordHash = await hashPassword(input.password)
  const { userId, merchantId } = await db.transaction(async (tx) => {
    const user = await insertUser(tx, { email: input.email, name: input.name, passwordHash })
    if (input.inviteToken) {
      const joined = await acceptInvite(tx, { token: input.inviteToken, userId: user.id, email: input.email })
      return { userId: user.id, merchantId: joined.merchantId }
    }
    const shop = await insertMerchant(tx, { slug: await freeMerchantSlug(tx, input.shopName), name: input.shopName })
    await insertMembership(tx, { merchantId: shop.id, userId: user.id, role: 'owner' })
    return { userId: user.id, merchantId: shop.id }
  })
  const { token } = await createSession(db, { userId, merchantId, ...origin })
  return { token, me: await loadMe(db, { userId, merchantId }) }
}
