import type { SQL } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type * as schema from './schema'

/** Any drizzle Postgres database over our schema: the Neon driver in the Worker, `pg` in Node. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>

/** Rows of a raw query (drizzle's generic `execute` result is driver-specific). */
export async function rowsOf<T>(db: Database, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows
}
