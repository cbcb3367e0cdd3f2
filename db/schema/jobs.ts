import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt } from './_shared'
import { merchants } from './accounts'

export const jobStatus = pgEnum('job_status', ['queued', 'running', 'succeeded', 'failed', 'dead'])

/**
 * Background work. A row is written before its queue message is sent, so a scheduled sweep can
 * re-send what a queue lost; `dedupeKey` makes enqueueing idempotent.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: id(),
    merchantId: uuid('merchant_id').references(() => merchants.id, { onDelete: 'cascade' }),
    queue: text('queue').notNull(),
    type: text('type').notNull(),
    dedupeKey: text('dedupe_key'),
    status: jobStatus('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    sends: integer('sends').notNull().default(1),
    progress: integer('progress').notNull().default(0),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('jobs_dedupe_idx').on(t.dedupeKey),
    index('jobs_status_updated_idx').on(t.status, t.updatedAt),
    index('jobs_merchant_idx').on(t.merchantId, t.createdAt),
  ],
)

export type Job = typeof jobs.$inferSelect
export type JobStatus = (typeof jobStatus.enumValues)[number]
