import { afterEach, describe, expect, it } from 'vitest'
import { api, eventsOf, seedProduct, waitForStatus } from '../../src/studio/test-kit'
import { eventually, query, renderNodeControl, signedInMember, sql } from '../helpers'

// Stops the shared render node, so it runs in the outage project, after all others.

describe('studio: the render node dies mid-assembly', () => {
  afterEach(async () => {
    await renderNodeControl('start')
  })

  it('retries the assembly step once the node is back, and stores exactly one video per cut', async () => {
    const owner = await signedInMember()
    const product = await seedProduct(owner.merchantId, { photos: 2 })
    const res = await api('POST', '/videos', owner, {
      source: { kind: 'product', productId: product.id },
      reviewRequired: false,
      targetSeconds: 15,
      resolution: '540x960',
    })
    expect(res.status).toBe(202)
    const { video } = (await res.json()) as { video: { id: string } }

    // The assembly step writes its "started" event just before it calls the render node.
    await eventually(async () => (await eventsOf(video.id)).some((e) => e.phase === 'assembly' && e.data.started), { timeoutMs: 60_000, intervalMs: 40 })
    expect((await renderNodeControl('kill')).renderNode).toBe('down')
    await new Promise((r) => setTimeout(r, 1500))
    expect((await renderNodeControl('start')).renderNode).toBe('up')

    const ready = await waitForStatus(video.id, ['ready'], 120_000)
    const starts = (await eventsOf(video.id)).filter((e) => e.phase === 'assembly' && e.data.started)
    expect(starts.length).toBeGreaterThanOrEqual(2)
    // Content-addressed storage: the retried render stored each cut once.
    const cuts = await query<{ output: string; n: number }>(
      sql`select meta->>'output' as output, count(*)::int as n from media_assets
          where merchant_id = ${owner.merchantId} and meta->>'jobType' = 'studio-assemble' and content_type = 'video/mp4' group by 1 order by 1`,
    )
    expect(cuts).toEqual([
      { output: 'clean.mp4', n: 1 },
      { output: 'storefront.mp4', n: 1 },
    ])
    expect(ready.outputs.filter((o) => o.kind === 'cut')).toHaveLength(2)
  }, 150_000)
})
