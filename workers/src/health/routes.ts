// GET /api/health – the state of every dependency, each with its latency
import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import type { AppEnv } from '../env'

type Check = { status: 'up' | 'down'; latencyMs: number; error?: string; detail?: Record<string, unknown> }

async function timed(fn: () => Promise<Record<string, unknown> | undefined>, timeoutMs = 2500): Promise<Check> {
  const t0 = performance.now()
  try {
    const detail = await Promise.race([
      fn(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs)),
    ])
    return { status: 'up', latencyMs: Math.round(performance.now() - t0), ...(detail ? { detail } : {}) }
  } catch (err) {
    return { status: 'down', latencyMs: Math.round(performance.now() - t0), error: (err as Error).message }
  }
}

export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const env = c.env
  const [database, queues, storage, renderNode] = await Promise.all([
    timed(async () => {
      const rows = await c.var.db.execute(sql`select extname from pg_extension where extname in ('pg_trgm', 'unaccent')`)
      return { extensions: (rows.rows as { extname: string }[]).map((r) => r.extname).sort() }
    }),
    timed(async () => {
      const ping = { ping: true as const, at: Date.now() }
      await Promise.all([env.INGEST_QUEUE, env.RENDER_QUEUE, env.BOT_QUEUE, env.OUTBOX_QUEUE].map((q) => q.send(ping)))
      return { producers: 4 }
    }),
    timed(async () => {
      await env.MEDIA.head('health/probe')
      return undefined
    }),
    timed(async () => {
      const res = await fetch(`${env.RENDER_NODE_URL}/health`, { signal: AbortSignal.timeout(2000) })
      if (!res.ok) throw new Error(`render node answered ${res.status}`)
      const body = (await res.json()) as Record<string, unknown>
      return { encoder: body.encoder, concurrency: body.concurrency, running: body.running }
    }),
  ])
  const checks = { database, queues, storage, renderNode }
  const allUp = Object.values(checks).every((ch) => ch.status === 'up')
  // Without the database nothing works; without the render node only media jobs wait.
  const status = database.status === 'down' ? 'down' : allUp ? 'ok' : 'degraded'
  return c.json({ status, checks, time: new Date().toISOString() }, database.status === 'down' ? 503 : 200)
})
