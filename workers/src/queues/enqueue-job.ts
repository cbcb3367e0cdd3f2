import type { Database } from '../../../db/types'
import { insertJob, markJobResent } from '../../../db/queries/jobs'
import type { Job } from '../../../db/schema'

import { AppError } from '../errors'
import type { JobPayloadInput } from './job-context'
import { jobHandlers, type JobType } from './job-handlers'
import type { JobMessage } from '../../../contracts/messages'

export function queueBinding(env: Env, queue: 'ingest' | 'render' | 'bot' | 'outbox'): Queue<JobMessage> {
  const binding = { ingest: env.INGEST_QUEUE, render: env.RENDER_QUEUE, bot: env.BOT_QUEUE, outbox: env.OUTBOX_QUEUE }[queue]
  return binding as unknown as Queue<JobMessage>
}

export type EnqueueInput<T extends JobType> = {
  type: T
  merchantId: string | null
  payload: JobPayloadInput<(typeof jobHandlers)[T]>
  /** Same key, same job: enqueueing again returns the existing job without a second message. */
  dedupeKey?: string
  delaySeconds?: number
}

/**
 * Writes the `jobs` row first, then sends its message. If the send is lost (local queues drop
 * messages on restart), the scheduled sweep re-sends from the row.
 */
export async function enqueueJob<T extends JobType>(deps: { db: Database; env: Env }, input: EnqueueInput<T>): Promise<{ job: Job; created: boolean }> {
  const handler = jobHandlers[input.type]
  if (!handler) throw new AppError('internal', `unknown job type ${input.type}`)
  const payload = handler.payload.parse(input.payload) as Record<string, unknown>
  const { job, created } = await insertJob(deps.db, {
    queue: handler.queue,
    type: input.type,
    merchantId: input.merchantId,
    payload,
    dedupeKey: input.dedupeKey,
  })
  if (created) await sendJobMessage(deps.env, job, input.delaySeconds)
  return { job, created }
}

export async function sendJobMessage(env: Env, job: Job, delaySeconds?: number) {
  const handler = jobHandlers[job.type as JobType]
  const message: JobMessage = { jobId: job.id, type: job.type, merchantId: job.merchantId, payload: job.payload }
  await queueBinding(env, handler?.queue ?? (job.queue as 'ingest')).send(message, delaySeconds ? { delaySeconds } : undefined)
}

/** Sends a job's message again (manual retry, or the sweep). */
export async function resendJob(deps: { db: Database; env: Env }, job: Job) {
  await markJobResent(deps.db, job.id)
  await sendJobMessage(deps.env, job)
}
