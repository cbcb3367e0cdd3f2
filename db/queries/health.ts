import { sql } from 'drizzle-orm'
import { type Database, rowsOf } from '../types'

/** The search extensions the catalog needs, as installed in this database. */
export async function listSearchExtensions(db: Database): Promise<string[]> {
  const rows = await rowsOf<{ extname: string }>(db, sql`select extname from pg_extension where extname in ('pg_trgm', 'unaccent') order by extname`)
  return rows.map((r) => r.extname)
}

/**
 * Jobs given up on (dead-lettered, or failed permanently) since `sinceSeconds` ago, per queue,
 * for one merchant: what System status shows as "dead in the last hour".
 */
export async function countDeadJobsByQueue(db: Database, merchantId: string, sinceSeconds = 3600): Promise<Record<string, number>> {
  const rows = await rowsOf<{ queue: string; n: number }>(
    db,
    sql`select queue, count(*)::int as n from jobs
        where merchant_id = ${merchantId} and status in ('dead', 'failed') and coalesce(finished_at, updated_at) > now() - make_interval(secs => ${sinceSeconds})
        group by queue`,
  )
  return Object.fromEntries(rows.map((r) => [r.queue, Number(r.n)]))
}
