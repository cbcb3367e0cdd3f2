import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { createTestMerchant, eventually, query, sql, TINY_PNG, withDb } from '../../test/helpers'
import { enqueueJob } from '../queues/enqueue-job'

type JobRow = { status: string; attempts: number; error: string | null; result: Record<string, any> | null }

const jobRow = async (id: string) => (await query<JobRow>(sql`select status, attempts, error, result from jobs where id = ${id}`))[0]

async function enqueueProbe(merchantId: string, dedupeKey?: string) {
  const key = `test/${crypto.randomUUID()}.png`
  await env.MEDIA.put(key, TINY_PNG, { httpMetadata: { contentType: 'image/png' } })
  return withDb((db) =>
    enqueueJob(
      { db, env },
      {
        type: 'render',
        merchantId,
        dedupeKey,
        payload: { job: { type: 'probe-image', input: 'image' }, inputs: [{ name: 'image', key }], after: { kind: 'none' } },
      },
    ),
  )
}

describe('RENDER queue → render node → Postgres', () => {
  it('runs a job on the render node and stores its result in the jobs row', async () => {
    const merchant = await createTestMerchant()
    const { job } = await enqueueProbe(merchant.id)
    expect(job.status).toBe('queued')
    const done = await eventually(async () => {
      const row = await jobRow(job.id)
      return row.status === 'succeeded' ? row : null
    })
    expect(done.attempts).toBe(1)
    expect(done.result?.meta).toMatchObject({ format: 'png', width: 64, height: 48 })
    expect(done.result?.encoder === null || typeof done.result?.encoder === 'string').toBe(true)
  })

  it('enqueues a job once per dedupe key', async () => {
    const merchant = await createTestMerchant()
    const key = `probe-${crypto.randomUUID()}`
    const first = await enqueueProbe(merchant.id, key)
    const second = await enqueueProbe(merchant.id, key)
    expect(second.created).toBe(false)
    expect(second.job.id).toBe(first.job.id)
    const rows = await query(sql`select id from jobs where dedupe_key = ${key}`)
    expect(rows).toHaveLength(1)
  })

  it('fails a job for good when the render node refuses its input, without retrying', async () => {
    const merchant = await createTestMerchant()
    const key = `test/${crypto.randomUUID()}.png`
    await env.MEDIA.put(key, new TextEncoder().encode('this is not an image'))
    const { job } = await withDb((db) =>
      enqueueJob(
        { db, env },
        {
          type: 'render',
          merchantId: merchant.id,
          payload: { job: { type: 'probe-image', input: 'image' }, inputs: [{ name: 'image', key }], after: { kind: 'none' } },
        },
      ),
    )
    const failed = await eventually(async () => {
      const row = await jobRow(job.id)
      return row.status === 'failed' ? row : null
    })
    expect(failed.attempts).toBe(1)
    expect(failed.error).toMatch(/not a readable image/)
  })
})
