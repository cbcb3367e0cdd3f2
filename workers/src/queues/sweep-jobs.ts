import { findStaleJobs } from '../../../db/queries/jobs'
import type { Database } from '../../../db/types'

import type { Logger } from '../lib/logger'
import { resendJob } from './enqueue-job'

/**
 * Re-sends jobs whose message seems lost: still queued (or running) long after their last change.
 * Local queues drop undelivered messages on restart; this is what makes that lose nothing.
 */
export async function sweepStaleJobs(deps: { db: Database; env: Env; log: Logger }, olderThanSeconds: number, scope: { merchantId?: string } = {}) {
  const stale = await findStaleJobs(deps.db, olderThanSeconds, scope)
  for (const job of stale) {
    await resendJob(deps, job)
    deps.log.warn('re-sent stale job', { jobId: job.id, type: job.type, status: job.status, sends: job.sends + 1 })
  }
  return { resent: stale.length }
}
