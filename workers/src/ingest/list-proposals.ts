import type { z } from 'zod'
import { listProposals } from '../../../db/queries/ingest'
import type { Database } from '../../../db/types'
import { mediaUrl } from '../media/store-media'
import type { listProposalsQuerySchema, storedDraftSchema } from './schemas'

/** Proposals to review, with the URL of their copied cover. */
export async function listProposalViews(db: Database, merchantId: string, query: z.output<typeof listProposalsQuerySchema>) {
  const rows = await listProposals(db, merchantId, query)
  return rows.map(({ coverKey, ...p }) => ({ ...p, draft: p.draft as z.output<typeof storedDraftSchema>, coverUrl: coverKey ? mediaUrl(coverKey) : null }))
}
