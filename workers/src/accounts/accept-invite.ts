import { claimInvite, getUserById, releaseInvite, upsertMembership } from '../../../db/queries/accounts'
import { setSessionMerchant } from '../../../db/queries/sessions'
import type { Database } from '../../../db/types'
import { forgetUserSessions } from '../auth/session-cache'
import { hashToken } from '../auth/tokens'
import { AppError } from '../errors'
import { assertOwnerRemains } from './last-owner'

/**
 * Turns an invite link's token into a membership for `userId`. Single use: the invite is marked
 * accepted in the same statement that claims it, so two clicks cannot both succeed. Accepting a
 * lower-role invite never demotes the shop's last owner (409, and the invite stays unused).
 */
export async function acceptInvite(db: Database, input: { token: string; userId: string; email: string }) {
  return db.transaction((tx) => acceptInviteIn(tx, input))
}

async function acceptInviteIn(db: Database, input: { token: string; userId: string; email: string }) {
  const invite = await claimInvite(db, await hashToken(input.token))
  if (!invite) throw new AppError('not_found', 'this invite link is not valid any more; ask the shop owner for a new one')
  if (invite.email && invite.email.toLowerCase() !== input.email.toLowerCase()) {
    // Give the invite back: it was meant for someone else.
    await releaseInvite(db, invite.id)
    throw new AppError('forbidden', `this invite is for ${invite.email}; sign in with that address`)
  }
  // A throw rolls the transaction back, so the invite stays unused.
  await assertOwnerRemains(db, { merchantId: invite.merchantId, userId: input.userId, newRole: invite.role })
  await upsertMembership(db, { merchantId: invite.merchantId, userId: input.userId, role: invite.role })
  return { merchantId: invite.merchantId, role: invite.role }
}

/** The signed-in user joins the invite's shop, which becomes the active shop of their session. */
export async function joinShopByInvite(db: Database, input: { token: string; userId: string; sessionId?: string }) {
  const user = await getUserById(db, input.userId)
  const joined = await acceptInvite(db, { token: input.token, userId: input.userId, email: user?.email ?? '' })
  if (input.sessionId) await setSessionMerchant(db, { sessionId: input.sessionId, merchantId: joined.merchantId })
  forgetUserSessions(input.userId)
  return joined
}
