import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type * as schema from './schema'

/** Any drizzle Postgres database over our schema: the Neon driver in the Worker, `pg` in Node. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>
