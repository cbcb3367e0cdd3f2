import { getJobOfMerchant, resetJobForRetry } from '../../../db/queries/jobs'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { sendJobMessage } from '../queues/enqueue-job'
import { publicJob } from './public-job'

/** A job of the merchant, or not_found. */
export async function getPublicJob(db: Database, merchantId: string, jobId: string) {
  const job = await getJobOfMerchant(db, merchantId, jobId)
  if (!job) throw new AppError('not_found', 'no such job')
  return publicJob(job)
}

/** Sends a failed or dead job again; any other state is a conflict. */
export async function retryJob(deps: { db: Database; env: Env }, input: { merchantId: string; jobId: string }) {
  const job = await resetJobForRetry(deps.db, input.jobId, input.merchantId)
  if (!job) {
    const exists = await getJobOfMerchant(deps.db, input.merchantId, input.jobId)
    if (!exists) throw new AppError('not_found', 'no such job')
    throw new AppError('conflict', `only failed or dead jobs can be retried; this one is ${exists.status}`)
  }
  await sendJobMessage(deps.env, job)
  return publicJob(job)
}
