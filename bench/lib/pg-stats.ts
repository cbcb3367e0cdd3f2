import pg from 'pg'

/**
 * Statements and transactions the Worker sent to Postgres, read from PgBouncer's admin console
 * (`SHOW STATS`, simple-query protocol) for one database. Every statement through `pg` or the
 * Neon driver is one round trip (parse/bind/execute/sync in one flight), so the difference of two
 * snapshots divided by the requests in between is the path's round trips per request (plus the
 * connection's own startup, one more per request). Background writes of the same requests
 * (click events, `touch` of a session) count too: take the second snapshot after they landed.
 */
export async function poolStats(pooledDatabaseUrl: string, database = new URL(pooledDatabaseUrl).pathname.slice(1)) {
  const admin = new URL(pooledDatabaseUrl)
  admin.pathname = '/pgbouncer'
  const client = new pg.Client({ connectionString: admin.toString() })
  await client.connect()
  try {
    const { rows } = await client.query('SHOW STATS')
    const row = rows.find((r) => r.database === database)
    return { queries: Number(row?.total_query_count ?? 0), transactions: Number(row?.total_xact_count ?? 0) }
  } finally {
    await client.end()
  }
}

/** Statements per request between two snapshots. */
export const perRequest = (before: { queries: number }, after: { queries: number }, requests: number) =>
  Math.round(((after.queries - before.queries) / requests) * 100) / 100
