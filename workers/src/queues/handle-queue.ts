import { DEAD_LETTER_QUEUES, jobMessageSchema, queuePingSchema } from '../../../contracts/messages'
import { claimJob, completeJob, failJob, getJob, markJobDead, setJobProgress } from '../../../db/queries/jobs'
import type { Database } from '../../../db/types'
import { type Config, configOf } from '../config'
import { createDb } from '../db'
import { createLogger, type Logger } from '../lib/logger'
import { isPermanentFailure } from './is-permanent'
import { jobHandlers } from './job-handlers'
import { isJobType } from './job-types'

/** A job that has been `running` this long without finishing is taken to be abandoned. */
const RUNNING_STALE_SECONDS = 300

const defaultBackoff = (attempt: number) => Math.min(300, 2 ** Math.max(0, attempt - 1) * 2)

/** The one queue() handler: dispatches on `batch.queue`, validates every body, acks or retries each message. */
export async function handleQueue(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const config = configOf(env)
  const log = createLogger(config.LOG_LEVEL, { queue: batch.queue })
  // Messages of a batch run side by side: give each its own connection.
  const { db, close } = createDb(config, { maxConnections: Math.min(Math.max(batch.messages.length, 1), 10) })
  try {
    const deadOf = DEAD_LETTER_QUEUES[batch.queue]
    await Promise.all(batch.messages.map((m) => (deadOf ? handleDeadLetter(m, db, env, config, log) : handleMessage(m, db, env, config, log))))
  } finally {
    ctx.waitUntil(close().catch(() => {}))
  }
}

async function handleMessage(message: Message<unknown>, db: Database, env: Env, config: Config, baseLog: Logger) {
  if (queuePingSchema.safeParse(message.body).success) return message.ack()
  const parsed = jobMessageSchema.safeParse(message.body)
  if (!parsed.success) {
    baseLog.error('dropping malformed queue message', { messageId: message.id, issues: parsed.error.issues })
    return message.ack()
  }
  const { jobId, type } = parsed.data
  const log = baseLog.child({ jobId, type, attempt: message.attempts })
  const handler = isJobType(type) ? jobHandlers[type] : undefined
  if (!handler) {
    log.error('no handler for job type; dropping')
    return message.ack()
  }
  const payload = handler.payload.safeParse(parsed.data.payload)
  if (!payload.success) {
    await failJob(db, jobId, `invalid payload: ${payload.error.message}`, true)
    log.error('invalid job payload', { issues: payload.error.issues })
    return message.ack()
  }

  let job: Awaited<ReturnType<typeof claimJob>>
  try {
    job = await claimJob(db, jobId, RUNNING_STALE_SECONDS)
  } catch (err) {
    log.error('could not claim job (database unavailable?)', { error: err })
    return message.retry({ delaySeconds: defaultBackoff(message.attempts) })
  }
  if (!job) {
    const current = await getJob(db, jobId)
    if (!current || current.status === 'succeeded' || current.status === 'dead' || current.status === 'failed') {
      log.info('duplicate delivery of a finished job; acking', { status: current?.status ?? 'missing' })
      return message.ack()
    }
    log.info('job is running elsewhere; retrying later')
    return message.retry({ delaySeconds: 30 })
  }

  const t0 = Date.now()
  try {
    const result = await (handler.run as (c: unknown, p: unknown) => Promise<Record<string, unknown> | undefined>)(
      { env, config, db, log, job, progress: (p: number) => setJobProgress(db, jobId, p) },
      payload.data,
    )
    await completeJob(db, jobId, result ?? {})
    log.info('job succeeded', { ms: Date.now() - t0 })
    message.ack()
  } catch (err) {
    const permanent = isPermanentFailure(err)
    const reason = err instanceof Error ? err.message : String(err)
    await failJob(db, jobId, reason, permanent).catch((e) => log.error('could not record failure', { error: e }))
    if (permanent) {
      log.warn('job failed permanently', { error: reason })
      // Given up for good, like a dead-lettered message: the handler's dead hook tells whoever waits.
      if (handler.onDead) {
        await (handler.onDead as (c: unknown, p: unknown) => Promise<void>)({ env, config, db, log, job: { ...job, error: reason } }, payload.data).catch((e) =>
          log.error('onDead hook failed', { error: e }),
        )
      }
      return message.ack()
    }
    const delaySeconds = (handler.retryDelaySeconds ?? defaultBackoff)(message.attempts)
    log.warn('job failed; will retry', { error: reason, delaySeconds })
    message.retry({ delaySeconds })
  }
}

async function handleDeadLetter(message: Message<unknown>, db: Database, env: Env, config: Config, log: Logger) {
  const parsed = jobMessageSchema.safeParse(message.body)
  if (parsed.success) {
    const job = await getJob(db, parsed.data.jobId)
    await markJobDead(db, parsed.data.jobId, job?.error ? `gave up after retries: ${job.error}` : 'gave up after retries')
    const handler = isJobType(parsed.data.type) ? jobHandlers[parsed.data.type] : undefined
    const payload = handler?.payload.safeParse(parsed.data.payload)
    if (handler?.onDead && job && payload?.success) {
      await (handler.onDead as (c: unknown, p: unknown) => Promise<void>)({ env, config, db, log, job }, payload.data).catch((err) =>
        log.error('onDead hook failed', { error: err }),
      )
    }
    log.error('job dead-lettered', { jobId: parsed.data.jobId, type: parsed.data.type })
  }
  message.ack()
}
