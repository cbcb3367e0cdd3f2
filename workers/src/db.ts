import { neonConfig, Pool } from '@neondatabase/serverless'
import { drizzle } from 'drizzle-orm/neon-serverless'
import * as schema from '../../db/schema'
import type { Database } from '../../db/types'
import type { Config } from './config'

/**
 * One code path to Postgres for the Worker: the Neon serverless driver over WebSockets.
 * In production it talks to Neon directly; locally `NEON_WS_PROXY` (host:port of the relay in
 * scripts/lib/pg-ws-relay.ts) carries the same protocol to the embedded Postgres.
 * Workers cannot keep sockets across requests, so each request/batch opens a pool and ends it.
 */
export function createDb(
  env: Pick<Config, 'DATABASE_URL' | 'NEON_WS_PROXY'>,
  options: { maxConnections?: number } = {},
): { db: Database; close: () => Promise<void> } {
  if (env.NEON_WS_PROXY) {
    const proxy = env.NEON_WS_PROXY
    neonConfig.wsProxy = (host, port) => `${proxy}/v1?address=${host}:${port}`
    neonConfig.useSecureWebSocket = false
    neonConfig.pipelineTLS = false
    neonConfig.pipelineConnect = false
  }
  // Bounded waits: a stalled connection must fail the request (or retry the queue message),
  // never hang a consumer batch until the sweep notices.
  const pool = new Pool({
    connectionString: env.DATABASE_URL,
    max: options.maxConnections ?? 4,
    connectionTimeoutMillis: 10_000,
    statement_timeout: 30_000,
    query_timeout: 35_000,
  })
  pool.on('error', () => {})
  return { db: drizzle({ client: pool, schema }), close: () => pool.end() }
}
