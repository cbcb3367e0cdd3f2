import type { Job } from '../../../db/schema'
import type { Database } from '../../../db/types'
import type { Config } from '../config'

import type { Logger } from '../lib/logger'

/** What a job handler gets: its row, the database, bindings, and a way to report progress. */
export type JobRunContext = {
  env: Env
  /** The typed configuration; read this, not raw `env` strings. */
  config: Config
  db: Database
  log: Logger
  job: Job
  progress: (percent: number) => Promise<void>
}

/**
 * A job type: which queue carries it, the zod schema of its payload (parsed by the producer and
 * again by the consumer), and the work. Handlers must be idempotent: a message may arrive twice.
 */
export type JobHandler<P = unknown, I = P> = {
  queue: 'ingest' | 'render' | 'bot' | 'outbox'
  payload: import('zod').ZodType<P, I>
  run: (ctx: JobRunContext, payload: P) => Promise<Record<string, unknown> | undefined>
  /** Seconds before a retry after attempt n (1-based). Defaults to exponential backoff. */
  retryDelaySeconds?: (attempt: number) => number
  /** Called when the message reached the dead-letter queue. */
  onDead?: (ctx: Omit<JobRunContext, 'progress'>, payload: P) => Promise<void>
}

export const defineJob = <P, I = P>(handler: JobHandler<P, I>) => handler

/** The payload a producer passes (before schema defaults are applied). */
export type JobPayloadInput<H> = H extends { payload: import('zod').ZodType<unknown, infer I> } ? I : never
