import { sql } from 'drizzle-orm'
import { type Database, rowsOf } from '../types'

/** The search extensions the catalog needs, as installed in this database. */
export async function listSearchExtensions(db: Database): Promise<string[]> {
  const rows = await rowsOf<{ extname: string }>(db, sql`select extname from pg_extension where extname in ('pg_trgm', 'unaccent') order by extname`)
  return rows.map((r) => r.extname)
}
