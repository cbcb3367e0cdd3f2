import { Client, neonConfig, Pool } from '@neondatabase/serverless'
import { drizzle } from 'drizzle-orm/neon-serverless'
import * as schema from '../../db/schema'
import type { Database } from '../../db/types'
import type { Config } from './config'
import { AppError } from './errors'

/**
 * The isolate's bound on open Postgres connections. Each request opens its own pool (Workers
 * cannot share sockets between requests), so without a bound 200 concurrent shoppers open more
 * connections than Postgres allows and get `500`s. A request's first connection waits for room
 * under `softLimit`; further connections of the same pool (parallel queries) may go up to
 * `hardLimit`, so a request that already holds one is not starved by new arrivals. A connection
 * that finds no room within `waitMs` fails the request with `503 unavailable` + `Retry-After`.
 * Postgres' own limit (100 locally) stays well above `hardLimit`: a closed connection's backend
 * lingers a moment after the socket ends, and migrations, the seed and psql need room too.
 */
export const CONNECTION_LIMITS = { softLimit: 48, hardLimit: 72, waitMs: 8_000, pollMs: 15, leakMs: 120_000 }

/** Exported for tests: the permits now held in this isolate. */
export const connectionGate = {
  held: new Map<symbol, number>(),
  get open() {
    return this.held.size
  },
}

/**
 * Waits for a permit. Polls instead of queueing promises: a promise resolved by another
 * request's code is a cross-request resolution, which workerd warns about and may not deliver.
 */
async function acquirePermit(first: boolean): Promise<symbol> {
  const limit = first ? CONNECTION_LIMITS.softLimit : CONNECTION_LIMITS.hardLimit
  const deadline = Date.now() + CONNECTION_LIMITS.waitMs
  for (;;) {
    const now = Date.now()
    // A permit whose connection never reported its end (a cancelled request) is reclaimed.
    for (const [id, at] of connectionGate.held) if (now - at > CONNECTION_LIMITS.leakMs) connectionGate.held.delete(id)
    if (connectionGate.held.size < limit) {
      const id = Symbol('pg-connection')
      connectionGate.held.set(id, now)
      return id
    }
    if (now >= deadline)
      throw new AppError('unavailable', 'the hub is busy; try again in a few seconds', {
        details: { retryAfterSeconds: Math.max(1, Math.ceil(CONNECTION_LIMITS.waitMs / 2000)) },
      })
    await new Promise((r) => setTimeout(r, CONNECTION_LIMITS.pollMs))
  }
}

/** A driver client that holds a permit of the isolate's gate from before it connects until it ends. */
function gatedClient(pool: { opened: number }) {
  return class GatedClient extends Client {
    connect(): Promise<void>
    connect(callback: (err?: Error) => void): void
    connect(callback?: (err?: Error) => void): Promise<void> | undefined {
      const first = pool.opened++ === 0
      const run = acquirePermit(first).then((permit) => {
        let released = false
        const release = () => {
          if (released) return
          released = true
          connectionGate.held.delete(permit)
        }
        this.once('end', release)
        return super.connect().catch((err: unknown) => {
          release()
          throw err
        })
      })
      if (!callback) return run
      run.then(
        () => callback(),
        (err: Error) => callback(err),
      )
      return undefined
    }
  }
}

/**
 * One code path to Postgres for the Worker: the Neon serverless driver over WebSockets.
 * In production it talks to Neon directly; locally `NEON_WS_PROXY` (host:port of the relay in
 * scripts/lib/pg-ws-relay.ts) carries the same protocol to the embedded Postgres.
 * Workers cannot keep sockets across requests, so each request/batch opens a pool and ends it;
 * every connection counts against the isolate's `CONNECTION_LIMITS`.
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
  // Bounded waits: a stalled connection must fail the request (503, retry) or retry the queue
  // message, never hang a consumer batch until the sweep notices.
  const counter = { opened: 0 }
  const pool = new Pool({
    connectionString: env.DATABASE_URL,
    max: options.maxConnections ?? 4,
    connectionTimeoutMillis: 5_000 + CONNECTION_LIMITS.waitMs,
    statement_timeout: 30_000,
    query_timeout: 35_000,
    Client: gatedClient(counter),
  })
  pool.on('error', () => {})
  return { db: drizzle({ client: pool, schema }), close: () => pool.end() }
}
