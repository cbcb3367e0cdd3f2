import { countOwners, getMembership, setMembershipRole } from '../../../db/queries/accounts'
import { writeAudit } from '../../../db/queries/audit'
import type { MemberRole } from '../../../db/schema'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'

/** Changes a member's role; the last owner cannot step down. */
export async function changeMemberRole(db: Database, input: { merchantId: string; actorId: string | null; userId: string; role: MemberRole }) {
  const { merchantId, userId, role } = input
  const m = await getMembership(db, { merchantId, userId })
  if (!m) throw new AppError('not_found', 'no such member')
  if (m.role === 'owner' && role !== 'owner' && (await countOwners(db, merchantId)) <= 1)
    throw new AppError('conflict', 'a shop needs at least one owner; make someone else owner first')
  await setMembershipRole(db, { merchantId, userId, role })
  await writeAudit(db, { merchantId, userId: input.actorId, action: 'member.role', entity: 'member', entityId: userId, changes: { from: m.role, to: role } })
  return { userId, role }
}
