import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { insertJob } from '../../../db/queries/jobs'
import { createTestMerchant, eventually, query, sql, TINY_PNG, withDb } from '../../test/helpers'
import { createLogger } from '../lib/logger'
import { sweepStaleJobs } from './sweep-jobs'

describe('scheduled sweep', () => {
  it('re-sends a job whose queue message was lost, and the job completes', async () => {
    const merchant = await createTestMerchant()
    const key = `test/${crypto.randomUUID()}.png`
    await env.MEDIA.put(key, TINY_PNG)
    // A jobs row with no message: what a restart of local queues leaves behind.
    const { job } = await withDb((db) =>
      insertJob(db, {
        queue: 'render',
        type: 'render',
        merchantId: merchant.id,
        payload: { job: { type: 'probe-image', input: 'image' }, inputs: [{ name: 'image', key }], after: { kind: 'none' } },
      }),
    )
    await query(sql`update jobs set updated_at = now() - interval '10 minutes' where id = ${job.id}`)
    const { resent } = await withDb((db) => sweepStaleJobs({ db, env, log: createLogger('error') }, 120, { merchantId: merchant.id }))
    expect(resent).toBe(1)
    const done = await eventually(async () => {
      const [row] = await query<{ status: string; sends: number }>(sql`select status, sends from jobs where id = ${job.id}`)
      return row.status === 'succeeded' ? row : null
    })
    expect(done.sends).toBe(2)
  })

  it('leaves fresh and finished jobs alone', async () => {
    const merchant = await createTestMerchant()
    const { job } = await withDb((db) => insertJob(db, { queue: 'render', type: 'render', merchantId: merchant.id, payload: {} }))
    await query(sql`update jobs set status = 'succeeded', updated_at = now() - interval '1 hour' where id = ${job.id}`)
    await withDb((db) => sweepStaleJobs({ db, env, log: createLogger('error') }, 120, { merchantId: merchant.id }))
    const [row] = await query<{ sends: number }>(sql`select sends from jobs where id = ${job.id}`)
    expect(row.sends).toBe(1)
  })
})
