import { revokeLiveApiToken } from '../../../db/queries/accounts'
import { writeAudit } from '../../../db/queries/audit'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'

/** Revokes one of the shop's API tokens, and records who did. */
export async function revokeApiToken(db: Database, input: { merchantId: string; actorId: string | null; id: string }) {
  const { merchantId } = input
  const id = await revokeLiveApiToken(db, { merchantId, id: input.id })
  if (!id) throw new AppError('not_found', 'no such token')
  await writeAudit(db, { merchantId, userId: input.actorId, action: 'token.revoke', entity: 'api_token', entityId: id })
}
