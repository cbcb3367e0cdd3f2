import { countOwners, deleteMembership, getMembership } from '../../../db/queries/accounts'
import { writeAudit } from '../../../db/queries/audit'
import { revokeSessionsInShop } from '../../../db/queries/sessions'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'

/** Removes a member from the shop, ending their sessions in it; the last owner cannot be removed. */
export async function removeMember(db: Database, input: { merchantId: string; actorId: string | null; userId: string }) {
  const { merchantId, userId } = input
  const m = await getMembership(db, { merchantId, userId })
  if (!m) throw new AppError('not_found', 'no such member')
  if (m.role === 'owner' && (await countOwners(db, merchantId)) <= 1) throw new AppError('conflict', 'a shop needs at least one owner')
  await deleteMembership(db, { merchantId, userId })
  await revokeSessionsInShop(db, { userId, merchantId })
  await writeAudit(db, { merchantId, userId: input.actorId, action: 'member.remove', entity: 'member', entityId: userId })
}
