import type { JobMessage, QueueKind } from '../../../contracts/messages'
import { insertJob, insertJobs, markJobResent } from '../../../db/queries/jobs'
import type { Job } from '../../../db/schema'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import type { JobPayloadInput } from './job-context'
import { isJobType, type JobType, jobTypes } from './job-types'

/** Cloudflare Queues take at most 100 messages per `sendBatch`. */
const SEND_BATCH_MAX = 100

function queueBinding(env: Env, queue: QueueKind): Queue<JobMessage> {
  const binding = { ingest: env.INGEST_QUEUE, render: env.RENDER_QUEUE, bot: env.BOT_QUEUE, outbox: env.OUTBOX_QUEUE }[queue]
  return binding as unknown as Queue<JobMessage>
}

export type EnqueueInput<T extends JobType> = {
  type: T
  merchantId: string | null
  payload: JobPayloadInput<(typeof jobTypes)[T]>
  /** Same key, same job: enqueueing again returns the existing job without a second message. */
  dedupeKey?: string
  delaySeconds?: number
}

/** The `jobs` row of an input: its queue and its payload parsed by the producer map. */
function jobRow<T extends JobType>(input: EnqueueInput<T>) {
  if (!isJobType(input.type)) throw new AppError('internal', `unknown job type ${input.type}`)
  const spec = jobTypes[input.type]
  const payload = spec.payload.parse(input.payload) as Record<string, unknown>
  return { queue: spec.queue, type: input.type, merchantId: input.merchantId, payload }
}

const messageOf = (job: Job): JobMessage => ({ jobId: job.id, type: job.type, merchantId: job.merchantId, payload: job.payload })
const queueOf = (job: Job): QueueKind => (isJobType(job.type) ? jobTypes[job.type].queue : (job.queue as QueueKind))

/**
 * Writes the `jobs` row first, then sends its message. If the send is lost (local queues drop
 * messages on restart), the scheduled sweep re-sends from the row.
 */
export async function enqueueJob<T extends JobType>(deps: { db: Database; env: Env }, input: EnqueueInput<T>): Promise<{ job: Job; created: boolean }> {
  const { job, created } = await insertJob(deps.db, { ...jobRow(input), dedupeKey: input.dedupeKey })
  if (created) await sendJobMessage(deps.env, job, input.delaySeconds)
  return { job, created }
}

/**
 * The batched form of `enqueueJob` (e.g. a 500-line paste): every row in one statement, then the
 * messages of the new ones in batches. Each input needs a dedupe key; the results come in input
 * order. `beforeSend` runs after the rows are written and before any message goes out, for
 * records that must point at the jobs before they can run.
 */
export async function enqueueJobs<T extends JobType>(
  deps: { db: Database; env: Env },
  inputs: Array<EnqueueInput<T> & { dedupeKey: string }>,
  options: { beforeSend?: (results: Array<{ job: Job; created: boolean }>) => Promise<void> } = {},
): Promise<Array<{ job: Job; created: boolean }>> {
  const results = await insertJobs(
    deps.db,
    inputs.map((input) => ({ ...jobRow(input), dedupeKey: input.dedupeKey })),
  )
  await options.beforeSend?.(results)
  await sendJobMessages(
    deps.env,
    results.filter((r) => r.created).map((r) => r.job),
  )
  return results
}

export async function sendJobMessage(env: Env, job: Job, delaySeconds?: number) {
  await queueBinding(env, queueOf(job)).send(messageOf(job), delaySeconds ? { delaySeconds } : undefined)
}

/** Sends the messages of many jobs, grouped by queue, in batches the queues accept. */
async function sendJobMessages(env: Env, jobs: Job[]) {
  const byQueue = new Map<QueueKind, JobMessage[]>()
  for (const job of jobs) {
    const queue = queueOf(job)
    byQueue.set(queue, byQueue.get(queue) ?? [])
    byQueue.get(queue)?.push(messageOf(job))
  }
  for (const [queue, messages] of byQueue) {
    const binding = queueBinding(env, queue)
    for (let i = 0; i < messages.length; i += SEND_BATCH_MAX) await binding.sendBatch(messages.slice(i, i + SEND_BATCH_MAX).map((body) => ({ body })))
  }
}

/** Sends a job's message again (manual retry, or the sweep). */
export async function resendJob(deps: { db: Database; env: Env }, job: Job) {
  await markJobResent(deps.db, job.id)
  await sendJobMessage(deps.env, job)
}
