import { deletePendingInvite } from '../../../db/queries/accounts'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'

/** Withdraws one of the shop's pending invites. */
export async function withdrawInvite(db: Database, input: { merchantId: string; id: string }) {
  if (!(await deletePendingInvite(db, input))) throw new AppError('not_found', 'no such invite')
}
