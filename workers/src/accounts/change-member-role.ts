import { getMembership, setMembershipRole } from '../../../db/queries/accounts'
import { writeAudit } from '../../../db/queries/audit'
import type { MemberRole } from '../../../db/schema'
import type { Database } from '../../../db/types'
import { forgetUserSessions } from '../auth/session-cache'
import { AppError } from '../errors'
import { assertOwnerRemains } from './last-owner'

/** Changes a member's role; the last owner cannot step down (checked under a lock of the owner rows). */
export async function changeMemberRole(db: Database, input: { merchantId: string; actorId: string | null; userId: string; role: MemberRole }) {
  const { merchantId, userId, role } = input
  return db
    .transaction(async (tx) => {
      await assertOwnerRemains(tx, { merchantId, userId, newRole: role })
      const m = await getMembership(tx, { merchantId, userId })
      if (!m) throw new AppError('not_found', 'no such member')
      await setMembershipRole(tx, { merchantId, userId, role })
      await writeAudit(tx, {
        merchantId,
        userId: input.actorId,
        action: 'member.role',
        entity: 'member',
        entityId: userId,
        changes: { from: m.role, to: role },
      })
      return { userId, role }
    })
    .finally(() => forgetUserSessions(userId))
}
