import { getLinkOfMerchant, updateLink } from '../../../db/queries/ingest'
import { getJob, resetJobForRetry } from '../../../db/queries/jobs'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { sendJobMessage } from '../queues/enqueue-job'

/** Sends a failed link's job again (its job must be failed or dead). */
export async function retryLink(deps: { db: Database; env: Env }, input: { merchantId: string; linkId: string }) {
  const link = await getLinkOfMerchant(deps.db, input.merchantId, input.linkId)
  if (!link) throw new AppError('not_found', 'no such link')
  const current = link.jobId ? await getJob(deps.db, link.jobId) : undefined
  const failed = link.status === 'failed' || current?.status === 'dead' || current?.status === 'failed'
  if (!failed || !link.jobId) throw new AppError('conflict', `only failed links can be retried (this one is ${link.status})`)
  const job = await resetJobForRetry(deps.db, link.jobId, input.merchantId)
  if (!job) throw new AppError('conflict', 'the job is not in a failed state')
  await updateLink(deps.db, link.id, { status: 'queued', reason: null })
  await sendJobMessage(deps.env, job)
  return { id: link.id, status: 'queued' as const }
}
