// GET /api/health – the state of every dependency; latencies and details only for signed-in members
import { z } from '@hono/zod-openapi'
import { QUEUE_NAMES } from '../../../contracts/messages'
import { countDeadJobsByQueue, listSearchExtensions } from '../../../db/queries/health'
import { createRouter, json, publicRoute } from '../lib/openapi'
import { optionalMember } from '../middleware/auth'

const checkSchema = z.object({
  status: z.enum(['up', 'down']),
  /** Latency, error and detail are shown to signed-in members only. */
  latencyMs: z.number().int().optional(),
  error: z.string().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
})
type Check = z.infer<typeof checkSchema>

const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'down']),
    checks: z.object({ database: checkSchema, queues: checkSchema, storage: checkSchema, renderNode: checkSchema }),
    /** Members only: the shop's jobs given up on (dead-lettered or failed permanently) in the last hour, per queue. */
    jobs: z.object({ deadLastHour: z.record(z.string(), z.number().int()), deadTotal: z.number().int() }).optional(),
    time: z.string(),
  })
  .openapi('Health')

const getHealth = publicRoute({
  method: 'get',
  path: '/',
  tags: ['System'],
  summary: 'The state of every dependency (with latencies and details for members)',
  description:
    "Public: up or down per dependency. A signed-in member (session or API token) also gets each latency, error and detail, and `jobs.deadLastHour`: the shop's jobs given up on in the last hour per queue (`degraded` while any). 200 when the database is up (`degraded` when another dependency is down), 503 when it is down.",
  responses: { 200: json(healthSchema, 'The hub answers'), 503: json(healthSchema, 'The database is down') },
})

async function timed(fn: () => Promise<Record<string, unknown> | undefined>, timeoutMs = 2500): Promise<Check> {
  const t0 = performance.now()
  try {
    const detail = await Promise.race([fn(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs))])
    return { status: 'up', latencyMs: Math.round(performance.now() - t0), ...(detail ? { detail } : {}) }
  } catch (err) {
    return { status: 'down', latencyMs: Math.round(performance.now() - t0), error: (err as Error).message }
  }
}

export const healthRoutes = createRouter().openapi(getHealth, async (c) => {
  const env = c.env
  const config = c.var.config
  const [database, queues, storage, renderNode] = await Promise.all([
    timed(async () => {
      return { extensions: await listSearchExtensions(c.var.db) }
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
      const res = await fetch(`${config.RENDER_NODE_URL}/health`, { signal: AbortSignal.timeout(2000) })
      if (!res.ok) throw new Error(`render node answered ${res.status}`)
      const body = (await res.json()) as Record<string, unknown>
      return { encoder: body.encoder, concurrency: body.concurrency, running: body.running }
    }),
  ])
  const full = { database, queues, storage, renderNode }
  // Strangers learn only up or down: no versions, extensions, addresses or timings to fingerprint.
  const member = await optionalMember(c).catch(() => null)
  const checks = member ? full : (Object.fromEntries(Object.entries(full).map(([k, v]) => [k, { status: v.status }])) as typeof full)
  let jobs: { deadLastHour: Record<string, number>; deadTotal: number } | undefined
  if (member?.merchantId && database.status === 'up') {
    const counts = await countDeadJobsByQueue(c.var.db, member.merchantId).catch(() => null)
    if (counts) {
      const deadLastHour = Object.fromEntries(Object.keys(QUEUE_NAMES).map((q) => [q, counts[q] ?? 0]))
      jobs = { deadLastHour, deadTotal: Object.values(deadLastHour).reduce((a, b) => a + b, 0) }
    }
  }
  const allUp = Object.values(checks).every((ch) => ch.status === 'up')
  // Without the database nothing works; without the render node only media jobs wait; a member's dead jobs need a look.
  const status: 'ok' | 'degraded' | 'down' = database.status === 'down' ? 'down' : allUp && !jobs?.deadTotal ? 'ok' : 'degraded'
  const body = { status, checks, ...(jobs ? { jobs } : {}), time: new Date().toISOString() }
  return database.status === 'down' ? c.json(body, 503) : c.json(body, 200)
})
