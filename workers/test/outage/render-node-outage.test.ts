import { env, SELF } from 'cloudflare:test'
import { afterEach, describe, expect, it } from 'vitest'
import { enqueueJob } from '../../src/queues/enqueue-job'
import { createTestMerchant, eventually, query, renderNodeControl, signedInMember, sql, TINY_PNG, withDb } from '../helpers'

// These tests stop the shared render node, so they run in their own project, after all others
// (see `sequence.groupOrder` in vitest.config.ts).

type JobRow = {
  status: string
  attempts: number
  error: string | null
  result: Record<string, any> | null
}
type Health = {
  status: string
  checks: Record<string, { status: string; error?: string }>
}

const jobRow = async (id: string) => (await query<JobRow>(sql`select status, attempts, error, result from jobs where id = ${id}`))[0]

describe('render node outage', () => {
  afterEach(async () => {
    await renderNodeControl('start')
  })

  it('reports a stopped render node as down without failing the Worker', async () => {
    // The error text is a detail: only members see it (strangers get up/down per dependency).
    const { headers } = await signedInMember()
    await renderNodeControl('kill')
    const res = await SELF.fetch('http://hub.test/api/health', { headers })
    expect(res.status).toBe(200)
    const body = (await res.json()) as Health
    expect(body.status).toBe('degraded')
    expect(body.checks.renderNode.status).toBe('down')
    expect(body.checks.renderNode.error).toBeTruthy()
    expect(body.checks.database.status).toBe('up')
  })

  it('retries a job while the render node is down, and finishes it once the node is back', async () => {
    const merchant = await createTestMerchant()
    await renderNodeControl('kill')
    const key = `test/${crypto.randomUUID()}.png`
    await env.MEDIA.put(key, TINY_PNG)
    const { job } = await withDb((db) =>
      enqueueJob(
        { db, env },
        {
          type: 'render',
          merchantId: merchant.id,
          payload: {
            job: { type: 'probe-image', input: 'image' },
            inputs: [{ name: 'image', key }],
            after: { kind: 'none' },
          },
        },
      ),
    )
    const failedOnce = await eventually(async () => {
      const row = await jobRow(job.id)
      return row.attempts >= 1 && row.error ? row : null
    })
    expect(failedOnce.status).not.toBe('succeeded')
    expect(failedOnce.error).toMatch(/render node unreachable/)
    await renderNodeControl('start')
    const done = await eventually(
      async () => {
        const row = await jobRow(job.id)
        return row.status === 'succeeded' ? row : null
      },
      { timeoutMs: 25_000 },
    )
    expect(done.attempts).toBeGreaterThanOrEqual(2)
    expect(done.result?.meta).toMatchObject({ width: 64, height: 48 })
  })
  it('retries a job whose render node was killed mid-render, and stores its video once', async () => {
    const merchant = await createTestMerchant()
    const key = `test/${crypto.randomUUID()}.png`
    await env.MEDIA.put(key, TINY_PNG, { httpMetadata: { contentType: 'image/png' } })
    const { job } = await withDb((db) =>
      enqueueJob(
        { db, env },
        {
          type: 'render',
          merchantId: merchant.id,
          payload: {
            job: { type: 'promo', images: ['image'], title: 'Killed mid-way', priceText: '$10', durationSeconds: 12, resolution: '540x960' },
            inputs: [{ name: 'image', key }],
            after: { kind: 'none' },
          },
        },
      ),
    )
    // Wait until the render node is really working on it, then kill it.
    await eventually(async () => {
      const health = (await (await fetch(`${env.RENDER_NODE_URL}/health`)).json()) as { running: number }
      return health.running > 0
    })
    await renderNodeControl('kill')
    const interrupted = await eventually(async () => {
      const row = await jobRow(job.id)
      return row.error ? row : null
    })
    expect(interrupted.status).not.toBe('succeeded')
    await renderNodeControl('start')
    const done = await eventually(
      async () => {
        const row = await jobRow(job.id)
        return row.status === 'succeeded' ? row : null
      },
      { timeoutMs: 60_000 },
    )
    expect(done.attempts).toBeGreaterThanOrEqual(2)
    const videos = await query<{ content_type: string; duration_ms: number }>(
      sql`select content_type, duration_ms from media_assets where merchant_id = ${merchant.id} and content_type = 'video/mp4'`,
    )
    expect(videos).toHaveLength(1)
    expect(videos[0].duration_ms).toBeGreaterThan(11_000)
  }, 90_000)
})
