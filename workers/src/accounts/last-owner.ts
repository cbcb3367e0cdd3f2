import { lockOwners } from '../../../db/queries/accounts'
import type { MemberRole } from '../../../db/schema'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'

/**
 * Throws `conflict` when `userId` losing the owner role (demotion to `newRole`, or removal when
 * `newRole` is null) would leave the shop without an owner. Call it inside a transaction: it locks
 * the owner rows until the change commits.
 */
export async function assertOwnerRemains(db: Database, input: { merchantId: string; userId: string; newRole: MemberRole | null }) {
  if (input.newRole === 'owner') return
  const owners = await lockOwners(db, input.merchantId)
  if (owners.includes(input.userId) && owners.length <= 1) throw new AppError('conflict', 'a shop needs at least one owner; make someone else owner first')
}
