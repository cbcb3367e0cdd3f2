import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { eventually, query, signedInMember, sql, testEnv } from '../../test/helpers'

const fake = testEnv.TEST_TIKTOK_FAKE_URL
const HUB = 'http://hub.test'
const postJson = (url: string, body: unknown) => fetch(url, { method: 'POST', body: JSON.stringify(body) })

describe('a refused cover stays visible to the merchant', () => {
  it('keeps why the cover was refused on the video and on the pasted line after the proposal is made', async () => {
    const m = await signedInMember()
    const id = `72${String(Date.now()).slice(-13)}${Math.floor(Math.random() * 1e4)}`.slice(0, 19)
    await postJson(`${fake}/__videos`, [{ id, user: 'cover.shop', caption: 'Leather bag $40 #bags' }])
    // The signed cover link answers 403 (expired): permanent, so the cover is skipped, not retried.
    await postJson(`${fake}/__script`, {
      path: `^/cover/${id}\\.jpeg$`,
      status: 403,
      raw: 'Access Denied',
      headers: { 'content-type': 'text/plain' },
      times: 5,
    })
    const res = await SELF.fetch(`${HUB}/api/ingest/batches`, {
      method: 'POST',
      headers: { ...m.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ links: [`https://www.tiktok.com/@cover.shop/video/${id}`] }),
    })
    expect(res.status).toBe(201)
    const { batch } = (await res.json()) as { batch: { id: string } }
    const view = await eventually(
      async () => {
        const b = (await (await SELF.fetch(`${HUB}/api/ingest/batches/${batch.id}`, { headers: m.headers })).json()) as {
          done: boolean
          links: { status: string; reason: string | null }[]
        }
        return b.done ? b : null
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    )
    expect(view.links[0].status).toBe('proposed')
    expect(view.links[0].reason).toMatch(/cover not copied: the cover could not be downloaded \(403/)
    const [video] = await query<{ status: string; error: string | null }>(
      sql`select status, error from videos where merchant_id = ${m.merchantId} and external_id = ${id}`,
    )
    expect(video.status).toBe('ready')
    expect(video.error).toMatch(/^cover not copied: /)
  })
})
