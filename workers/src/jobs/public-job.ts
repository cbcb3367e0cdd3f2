import type { Job } from '../../../db/schema'

/** A job as the API shows it (`publicJobSchema`): no payload, queue or dedupe key. */
export function publicJob(job: Job) {
  return {
    id: job.id,
    type: job.type,
    status: job.status,
    progress: job.progress,
    attempts: job.attempts,
    error: job.error,
    result: job.result,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    finishedAt: job.finishedAt,
  }
}
