import type { Principal } from '../env'
import { merchantIdOf } from '../middleware/auth'

/** Who acts in a use case: the shop, and the person (null for an API token) that the audit log records. */
export type Actor = { merchantId: string; userId: string | null }

/** The acting shop and person of a request. */
export const actorOf = (c: { get: (k: 'principal') => Principal | undefined }): Actor => ({
  merchantId: merchantIdOf(c),
  userId: c.get('principal')?.userId ?? null,
})
