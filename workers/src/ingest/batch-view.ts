import { getBatchOfMerchant, type listBatchLinks, TERMINAL_LINK_STATUSES } from '../../../db/queries/ingest'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'

export type BatchLink = Awaited<ReturnType<typeof listBatchLinks>>[number]

/** A link is settled when nothing more will happen without the merchant (terminal, or its job is dead). */
const isSettled = (l: BatchLink) => (TERMINAL_LINK_STATUSES as readonly string[]).includes(l.status) || l.jobStatus === 'dead'

/** Counts per status (a dead job counts as failed) and how many links are settled. */
export function summariseBatch(links: BatchLink[]) {
  const counts: Record<string, number> = {}
  for (const l of links) {
    const s = l.jobStatus === 'dead' && l.status !== 'failed' ? 'failed' : l.status
    counts[s] = (counts[s] ?? 0) + 1
  }
  return { counts, settled: links.filter(isSettled).length, total: links.length, done: links.every(isSettled) }
}

/** One line of a paste as the merchant sees it: a dead job shows as failed, with its error. */
export const linkView = (l: BatchLink) => ({
  ...l,
  status: l.jobStatus === 'dead' && l.status !== 'failed' ? ('failed' as const) : l.status,
  reason: l.jobStatus === 'dead' && l.status !== 'failed' ? (l.jobError ?? l.reason) : l.reason,
  retryable: l.status === 'failed' || l.jobStatus === 'dead',
})

/** A paste of the merchant, or not_found. */
export async function findBatchOrThrow(db: Database, merchantId: string, batchId: string) {
  const batch = await getBatchOfMerchant(db, merchantId, batchId)
  if (!batch) throw new AppError('not_found', 'no such paste')
  return batch
}
