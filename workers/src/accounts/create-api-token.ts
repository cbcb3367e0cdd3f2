import { insertApiToken } from '../../../db/queries/accounts'
import { writeAudit } from '../../../db/queries/audit'
import type { Database } from '../../../db/types'
import { hashToken, randomToken } from '../auth/tokens'
import type { CreateToken } from './schemas'

/** Creates an API token for the shop; the secret exists in clear only in the answer. */
export async function createApiToken(db: Database, input: CreateToken & { merchantId: string; actorId: string | null }) {
  const { merchantId } = input
  const token = randomToken('lh_')
  const row = await insertApiToken(db, {
    merchantId,
    name: input.name,
    role: input.role,
    tokenHash: await hashToken(token),
    prefix: token.slice(0, 9),
    createdBy: input.actorId,
    scopes: input.scopes,
    ipAllowlist: input.ipAllowlist,
  })
  await writeAudit(db, {
    merchantId,
    userId: input.actorId,
    action: 'token.create',
    entity: 'api_token',
    entityId: row.id,
    changes: { name: input.name, role: input.role, scopes: input.scopes, ipAllowlist: input.ipAllowlist },
  })
  return { id: row.id, name: row.name, role: row.role, prefix: row.prefix, scopes: input.scopes, ipAllowlist: row.ipAllowlist, createdAt: row.createdAt, token }
}
