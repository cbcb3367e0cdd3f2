import { and, eq, isNull, sql } from 'drizzle-orm'
import { invites, memberships } from '../../../db/schema'
import type { Database } from '../../../db/types'
import { hashToken } from '../auth/tokens'
import { AppError } from '../errors'

/**
 * Turns an invite link's token into a membership for `userId`. Single use: the invite is marked
 * accepted in the same statement that claims it, so two clicks cannot both succeed.
 */
export async function acceptInvite(db: Database, input: { token: string; userId: string; email: string }) {
  const tokenHash = await hashToken(input.token)
  const [invite] = await db
    .update(invites)
    .set({ acceptedAt: sql`now()` })
    .where(and(eq(invites.tokenHash, tokenHash), isNull(invites.acceptedAt), sql`${invites.expiresAt} > now()`))
    .returning()
  if (!invite) throw new AppError('not_found', 'this invite link is not valid any more; ask the shop owner for a new one')
  if (invite.email && invite.email.toLowerCase() !== input.email.toLowerCase()) {
    // Give the invite back: it was meant for someone else.
    await db.update(invites).set({ acceptedAt: null }).where(eq(invites.id, invite.id))
    throw new AppError('forbidden', `this invite is for ${invite.email}; sign in with that address`)
  }
  await db
    .insert(memberships)
    .values({ merchantId: invite.merchantId, userId: input.userId, role: invite.role })
    .onConflictDoUpdate({ target: [memberships.merchantId, memberships.userId], set: { role: invite.role } })
  return { merchantId: invite.merchantId, role: invite.role }
}
