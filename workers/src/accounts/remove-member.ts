import { deleteMembership, getMembership } from '../../../db/queries/accounts'
import { writeAudit } from '../../../db/queries/audit'
import { revokeSessionsInShop } from '../../../db/queries/sessions'
import type { Database } from '../../../db/types'
import { forgetUserSessions } from '../auth/session-cache'
import { AppError } from '../errors'
import { assertOwnerRemains } from './last-owner'

/** Removes a member from the shop, ending their sessions in it; the last owner cannot be removed. */
export async function removeMember(db: Database, input: { merchantId: string; actorId: string | null; userId: string }) {
  const { merchantId, userId } = input
  await db.transaction(async (tx) => {
    await assertOwnerRemains(tx, { merchantId, userId, newRole: null })
    const m = await getMembership(tx, { merchantId, userId })
    if (!m) throw new AppError('not_found', 'no such member')
    await deleteMembership(tx, { merchantId, userId })
    await revokeSessionsInShop(tx, { userId, merchantId })
    await writeAudit(tx, { merchantId, userId: input.actorId, action: 'member.remove', entity: 'member', entityId: userId })
  })
  forgetUserSessions(userId)
}
