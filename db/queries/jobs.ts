import { and, eq, inArray, lt, sql } from 'drizzle-orm'
import { type Job, jobs } from '../schema'
import type { Database } from '../types'

export type NewJobInput = {
  queue: string
  type: string
  merchantId: string | null
  payload: Record<string, unknown>
  dedupeKey?: string
}

/** Inserts a job unless one with the same dedupe key exists; returns the row and whether it is new. */
export async function insertJob(db: Database, input: NewJobInput): Promise<{ job: Job; created: boolean }> {
  const [created] = await db
    .insert(jobs)
    .values({ queue: input.queue, type: input.type, merchantId: input.merchantId, payload: input.payload, dedupeKey: input.dedupeKey ?? null })
    .onConflictDoNothing({ target: jobs.dedupeKey })
    .returning()
  if (created) return { job: created, created: true }
  const [existing] = await db
    .select()
    .from(jobs)
    .where(eq(jobs.dedupeKey, input.dedupeKey as string))
  return { job: existing, created: false }
}

/**
 * Inserts many `jobs` rows at once (one statement), skipping dedupe keys that exist, and returns
 * every row, new or old, in the order given, with whether it is new: the bulk form of `insertJob`.
 */
export async function insertJobs(db: Database, rows: Array<NewJobInput & { dedupeKey: string }>): Promise<Array<{ job: Job; created: boolean }>> {
  if (!rows.length) return []
  const created = await db
    .insert(jobs)
    .values(rows.map((r) => ({ queue: r.queue, type: r.type, merchantId: r.merchantId, payload: r.payload, dedupeKey: r.dedupeKey })))
    .onConflictDoNothing({ target: jobs.dedupeKey })
    .returning()
  const createdKeys = new Set(created.map((j) => j.dedupeKey))
  const missing = rows.filter((r) => !createdKeys.has(r.dedupeKey)).map((r) => r.dedupeKey)
  const existing = missing.length ? await db.select().from(jobs).where(inArray(jobs.dedupeKey, missing)) : []
  type Row = { job: Job; created: boolean }
  const byKey = new Map<string | null, Row>()
  for (const j of created) byKey.set(j.dedupeKey, { job: j, created: true })
  for (const j of existing) byKey.set(j.dedupeKey, { job: j, created: false })
  return rows.map((r) => byKey.get(r.dedupeKey) as Row)
}

export async function getJob(db: Database, id: string): Promise<Job | undefined> {
  const [job] = await db.select().from(jobs).where(eq(jobs.id, id))
  return job
}

/** A job of the merchant (undefined for another merchant's id). */
export async function getJobOfMerchant(db: Database, merchantId: string, id: string): Promise<Job | undefined> {
  const [job] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.id, id), eq(jobs.merchantId, merchantId)))
  return job
}

/**
 * Claims a job for this delivery. Returns null when it is already done or another delivery is
 * working on it (a `running` job counts as abandoned after `staleSeconds`).
 */
export async function claimJob(db: Database, id: string, staleSeconds: number): Promise<Job | null> {
  const [job] = await db
    .update(jobs)
    .set({ status: 'running', attempts: sql`${jobs.attempts} + 1`, startedAt: sql`now()`, error: null })
    .where(
      and(
        eq(jobs.id, id),
        sql`(${jobs.status} in ('queued', 'failed') or (${jobs.status} = 'running' and ${jobs.updatedAt} < now() - make_interval(secs => ${staleSeconds})))`,
      ),
    )
    .returning()
  return job ?? null
}

export async function setJobProgress(db: Database, id: string, progress: number) {
  await db
    .update(jobs)
    .set({ progress: Math.max(0, Math.min(100, Math.round(progress))) })
    .where(eq(jobs.id, id))
}

export async function completeJob(db: Database, id: string, result: Record<string, unknown>) {
  await db.update(jobs).set({ status: 'succeeded', progress: 100, result, error: null, finishedAt: sql`now()` }).where(eq(jobs.id, id))
}

/** Records a failed attempt. `final` marks it failed for good (no retry will come). */
export async function failJob(db: Database, id: string, error: string, final: boolean) {
  await db
    .update(jobs)
    .set({ status: final ? 'failed' : 'queued', error: error.slice(0, 2000), ...(final ? { finishedAt: sql`now()` } : {}) })
    .where(eq(jobs.id, id))
}

/** A job whose message went to the dead-letter queue: retries are exhausted. */
export async function markJobDead(db: Database, id: string, error?: string) {
  await db
    .update(jobs)
    .set({ status: 'dead', finishedAt: sql`now()`, ...(error ? { error } : {}) })
    .where(and(eq(jobs.id, id), inArray(jobs.status, ['queued', 'running', 'failed'])))
}

/**
 * Jobs that sat queued or running longer than `olderThanSeconds`: their message was probably lost.
 * `merchantId` narrows the sweep to one shop (an operator re-driving one merchant, or a test that
 * must not wake the jobs other tests left behind).
 */
export async function findStaleJobs(
  db: Database,
  olderThanSeconds: number,
  { limit = 100, merchantId }: { limit?: number; merchantId?: string } = {},
): Promise<Job[]> {
  return db
    .select()
    .from(jobs)
    .where(
      and(
        inArray(jobs.status, ['queued', 'running']),
        lt(jobs.updatedAt, sql`now() - make_interval(secs => ${olderThanSeconds})`),
        lt(jobs.sends, 20),
        merchantId ? eq(jobs.merchantId, merchantId) : undefined,
      ),
    )
    .orderBy(jobs.updatedAt)
    .limit(limit)
}

export async function markJobResent(db: Database, id: string) {
  await db
    .update(jobs)
    .set({ sends: sql`${jobs.sends} + 1`, status: 'queued' })
    .where(eq(jobs.id, id))
}

/** Puts a failed or dead job back in the queue state for a manual retry. */
export async function resetJobForRetry(db: Database, id: string, merchantId: string): Promise<Job | null> {
  const [job] = await db
    .update(jobs)
    .set({ status: 'queued', error: null, attempts: 0, progress: 0, finishedAt: null, sends: sql`${jobs.sends} + 1` })
    .where(and(eq(jobs.id, id), eq(jobs.merchantId, merchantId), inArray(jobs.status, ['failed', 'dead'])))
    .returning()
  return job ?? null
}
