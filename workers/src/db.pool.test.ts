import { env, SELF } from 'cloudflare:test'
import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { rowsOf } from '../../db/types'
import { eventually, query, signedInMember } from '../test/helpers'
import { configOf } from './config'
import { CONNECTION_LIMITS, connectionGate, createDb } from './db'

// Issue 17: one pool per request over Hyperdrive (`pg` → PgBouncer locally), bounded by the
// isolate's connection gate. These run in the same isolate as the Worker (SELF), so the gate's
// permits are the ones the requests took.

const saved = { ...CONNECTION_LIMITS }
afterEach(() => Object.assign(CONNECTION_LIMITS, saved))

/** Server connections of the test database that are not this test's own probe. */
const serverConnections = async () => {
  const [row] = await query<{ n: number }>(
    sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
  )
  return row.n
}

async function inParallel(total: number, concurrency: number, job: (i: number) => Promise<void>) {
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await job(next++)
    }),
  )
}

describe('connections under concurrency', () => {
  it('1,000 signed-in searches, 25 at a time: every one answers 200, and afterwards no permit is held and Postgres holds no more than PgBouncer’s pool', async () => {
    const { headers } = await signedInMember()
    const statuses = new Map<number, number>()
    await inParallel(1_000, 25, async (i) => {
      const res = await SELF.fetch(`http://hub.test/api/products?q=${i % 2 ? 'tee' : 'red+shoes'}&limit=5`, { headers })
      await res.arrayBuffer()
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
    })
    expect(Object.fromEntries(statuses)).toEqual({ 200: 1_000 })
    // Each request ends its pool in waitUntil; all permits come back.
    await eventually(async () => connectionGate.open === 0, { timeoutMs: 10_000 })
    // PgBouncer runs the Worker's connections on ≤ 40 server connections (scripts/lib/pgbouncer.ts);
    // a leak on the Postgres side would show as hundreds of idle backends here.
    expect(await serverConnections()).toBeLessThanOrEqual(40)
  }, 120_000)

  it('a permit goes back when the request’s pool ends, not when the server closes the socket', async () => {
    const { db, close } = createDb(configOf(env))
    await rowsOf(db, sql`select 1`)
    expect(connectionGate.open).toBeGreaterThanOrEqual(1)
    const ending = close()
    // `pool.end()` tells each client to end: the permit is free before the socket has closed.
    await new Promise((r) => setTimeout(r, 0))
    expect(connectionGate.open).toBe(0)
    await ending
  })
})

describe('overload', () => {
  it('answers 503 with Retry-After when no connection frees up in time, never a 500, and recovers once one does', async () => {
    const { headers } = await signedInMember()
    Object.assign(CONNECTION_LIMITS, { softLimit: 1, hardLimit: 1, waitMs: 300 })
    // Hold the isolate's only permit with a slow statement.
    const holder = createDb(configOf(env))
    const slow = rowsOf(holder.db, sql`select pg_sleep(1.5)`)
    await eventually(async () => connectionGate.open === 1, { timeoutMs: 5_000, intervalMs: 5 })
    const res = await SELF.fetch('http://hub.test/api/products?q=tee', { headers })
    expect(res.status).toBe(503)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable')
    await slow
    await holder.close()
    const again = await SELF.fetch('http://hub.test/api/products?q=tee', { headers })
    expect(again.status).toBe(200)
  })
})
