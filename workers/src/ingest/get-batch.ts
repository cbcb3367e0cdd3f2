import { listBatchLinks } from '../../../db/queries/ingest'
import type { Database } from '../../../db/types'
import { findBatchOrThrow, linkView, summariseBatch } from './batch-view'

/** One paste with its per-line status and progress. */
export async function getBatch(db: Database, merchantId: string, batchId: string) {
  const batch = await findBatchOrThrow(db, merchantId, batchId)
  const links = await listBatchLinks(db, merchantId, batch.id)
  return { batch: { id: batch.id, total: batch.total, createdAt: batch.createdAt }, ...summariseBatch(links), links: links.map(linkView) }
}
