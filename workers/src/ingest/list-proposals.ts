import type { z } from 'zod'
import { listMergeTargets, listProposals } from '../../../db/queries/ingest'
import type { Database } from '../../../db/types'
import { mediaUrl } from '../media/store-media'
import type { listProposalsQuerySchema, storedDraftSchema } from './schemas'

type StoredDraft = z.output<typeof storedDraftSchema>

/** A stored draft with the fields older drafts lack (CTAs, proposed variants) filled in. */
const withDefaults = (draft: Record<string, unknown>): StoredDraft =>
  ({ codes: [], ctas: [], sizes: [], colours: [], variants: [], seo: {}, ...draft }) as unknown as StoredDraft

/**
 * Proposals to review, with the URL of their copied cover, and the shop's products a proposal can
 * be merged into (products approved a moment ago included, so the page needs no reload).
 */
export async function listProposalViews(db: Database, merchantId: string, query: z.output<typeof listProposalsQuerySchema>) {
  const [rows, mergeTargets] = await Promise.all([listProposals(db, merchantId, query), listMergeTargets(db, merchantId)])
  return {
    items: rows.map(({ coverKey, ...p }) => ({ ...p, draft: withDefaults(p.draft), coverUrl: coverKey ? mediaUrl(coverKey) : null })),
    mergeTargets,
  }
}
