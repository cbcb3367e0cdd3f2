import { insertInvite } from '../../../db/queries/accounts'
import { writeAudit } from '../../../db/queries/audit'
import type { Database } from '../../../db/types'
import { hashToken, randomToken } from '../auth/tokens'
import type { CreateInvite } from './schemas'

export const INVITE_TTL_DAYS = 7

/** Creates a single-use invite link for the shop; the token exists in clear only in the answer. */
export async function createInvite(db: Database, input: CreateInvite & { merchantId: string; actorId: string | null; origin: string }) {
  const { merchantId } = input
  const token = randomToken('inv_')
  const expiresAt = new Date(Date.now() + INVITE_TTL_DAYS * 86400_000)
  const row = await insertInvite(db, {
    merchantId,
    role: input.role,
    email: input.email ?? null,
    tokenHash: await hashToken(token),
    createdBy: input.actorId,
    expiresAt,
  })
  await writeAudit(db, {
    merchantId,
    userId: input.actorId,
    action: 'invite.create',
    entity: 'invite',
    entityId: row.id,
    changes: { role: input.role, email: input.email ?? null },
  })
  const url = new URL(`/invite/${token}`, input.origin).toString()
  return { id: row.id, role: row.role, email: row.email, expiresAt: row.expiresAt, token, url }
}
