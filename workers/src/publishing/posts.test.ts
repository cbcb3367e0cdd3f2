import { env, introspectWorkflow, introspectWorkflowInstance } from 'cloudflare:test'
import { afterEach, describe, expect, it } from 'vitest'
import { eventually, query, signedInMember, sql } from '../../test/helpers'
import {
  api,
  connect,
  fakeGet,
  fakeUrl,
  faults,
  instagramReel,
  soon,
  studioVideoForPublishing,
  targetsOf,
  tiktokInbox,
  waitForTargets,
  youtubeShort,
} from './test-kit'

afterEach(async () => {
  await Promise.all([faults('tiktok', {}), faults('youtube', {}), faults('instagram', {})])
})

type PostView = {
  id: string
  status: string
  publishAt: string
  localTime: string
  timeZone: string
  targets: {
    id: string
    platform: string
    status: string
    platformPostId: string | null
    metrics: { views: number | null; likes: number | null; shares: number | null } | null
  }[]
}

describe('posts: time zone, edit, reschedule, cancel, duplicate', () => {
  it("takes the time in the shop's time zone and stores the instant it names", async () => {
    const owner = await signedInMember()
    await connect(owner, 'youtube')
    expect((await api('PUT', '/settings', owner, { timeZone: 'Africa/Nairobi' })).status).toBe(200)
    expect((await api('PUT', '/settings', owner, { timeZone: 'Mars/Olympus' })).status).toBe(400)
    const video = await studioVideoForPublishing(owner.merchantId)
    const res = await api('POST', '/posts', owner, {
      source: { kind: 'studio', videoId: video.id },
      publishAt: '2031-03-01T18:30',
      draft: true,
      targets: [youtubeShort()],
    })
    expect(res.status).toBe(201)
    const post = (await res.json()) as PostView
    // Nairobi is UTC+3 all year.
    expect(post).toMatchObject({ status: 'draft', localTime: '2031-03-01T18:30', timeZone: 'Africa/Nairobi', publishAt: '2031-03-01T15:30:00.000Z' })
    const past = await api('POST', '/posts', owner, { source: { kind: 'studio', videoId: video.id }, publishAt: '2020-01-01T10:00', targets: [youtubeShort()] })
    expect(past.status).toBe(400)
    expect(await past.text()).toMatch(/is in the past/)
  })

  it('refuses a studio video not sent to publishing, and a platform with no connected account', async () => {
    const owner = await signedInMember()
    const video = await studioVideoForPublishing(owner.merchantId)
    const noChannel = await api('POST', '/posts', owner, { source: { kind: 'studio', videoId: video.id }, publishAt: soon(10), targets: [tiktokInbox()] })
    expect(noChannel.status).toBe(409)
    expect(await noChannel.text()).toMatch(/connect a TikTok account first/)
    await query(sql`update studio_videos set sent_to_publishing_at = null where id = ${video.id}`)
    await connect(owner, 'tiktok')
    const notSent = await api('POST', '/posts', owner, { source: { kind: 'studio', videoId: video.id }, publishAt: soon(10), targets: [tiktokInbox()] })
    expect(notSent.status).toBe(409)
    expect(await notSent.text()).toMatch(/send the studio video to publishing first/)
  })

  it('a reschedule starts a new instance; an instance that no longer drives the target ends without sending', async () => {
    const owner = await signedInMember()
    await connect(owner, 'tiktok')
    const video = await studioVideoForPublishing(owner.merchantId)
    const created = (await (
      await api('POST', '/posts', owner, { source: { kind: 'studio', videoId: video.id }, publishAt: soon(60), targets: [tiktokInbox()] })
    ).json()) as PostView
    const [first] = await targetsOf(created.id)
    expect(first.workflow_instance_id).toBe(`pub-${first.id}-1`)
    const moved = await api('PATCH', `/posts/${created.id}`, owner, { publishAt: soon(120) })
    expect(moved.status).toBe(200)
    const [second] = await targetsOf(created.id)
    expect(second.workflow_instance_id).toBe(`pub-${first.id}-2`)

    // An old instance waking (here one started by hand with the sleeps off) finds it is superseded.
    const staleId = `pub-${first.id}-stale`
    await using stale = await introspectWorkflowInstance(env.PUBLISH_WORKFLOW, staleId)
    await stale.modify(async (m) => {
      await m.disableSleeps()
    })
    const before = (await fakeGet<unknown[]>('tiktok', '/__publishes')).length
    await env.PUBLISH_WORKFLOW.create({ id: staleId, params: { targetId: first.id } })
    await expect(stale.waitForStatus('complete')).resolves.toBeUndefined()
    expect(await stale.getOutput()).toEqual({ status: 'superseded' })
    expect((await fakeGet<unknown[]>('tiktok', '/__publishes')).length).toBe(before)
    expect((await targetsOf(created.id))[0]).toMatchObject({ status: 'scheduled', attempts: 0 })
  })

  it('cancel stops targets not sent yet; duplicate makes a new post for another platform with the same video', async () => {
    const owner = await signedInMember()
    await connect(owner, 'tiktok')
    await connect(owner, 'youtube')
    const video = await studioVideoForPublishing(owner.merchantId)
    const created = (await (
      await api('POST', '/posts', owner, { source: { kind: 'studio', videoId: video.id }, publishAt: soon(60), targets: [tiktokInbox()] })
    ).json()) as PostView
    const cancelled = (await (await api('POST', `/posts/${created.id}/cancel`, owner)).json()) as PostView
    expect(cancelled.status).toBe('cancelled')
    expect(cancelled.targets[0].status).toBe('cancelled')
    expect((await api('PATCH', `/posts/${created.id}`, owner, { publishAt: soon(90) })).status).toBe(409)

    const dup = await api('POST', `/posts/${created.id}/duplicate`, owner, { publishAt: soon(90), targets: [youtubeShort()] })
    expect(dup.status).toBe(201)
    const copy = (await dup.json()) as PostView & { source: { videoId: string } }
    expect(copy.id).not.toBe(created.id)
    expect(copy.source.videoId).toBe(video.id)
    expect(copy.targets.map((t) => [t.platform, t.status])).toEqual([['youtube', 'scheduled']])
  })
})

describe('post now', () => {
  it('sends a post scheduled for an hour from now at once, once; then there is nothing left to send; other shops get 404', async () => {
    const owner = await signedInMember()
    await connect(owner, 'youtube')
    const video = await studioVideoForPublishing(owner.merchantId)
    const created = (await (
      await api('POST', '/posts', owner, { source: { kind: 'studio', videoId: video.id }, publishAt: soon(60), targets: [youtubeShort()] })
    ).json()) as PostView
    const stranger = await signedInMember()
    expect((await api('POST', `/posts/${created.id}/publish-now`, stranger)).status).toBe(404)
    const before = (await fakeGet<unknown[]>('youtube', '/__videos')).length
    const t0 = Date.now()
    const res = await api('POST', `/posts/${created.id}/publish-now`, owner)
    expect(res.status).toBe(200)
    const now = (await res.json()) as PostView
    expect(Math.abs(new Date(now.publishAt).getTime() - t0)).toBeLessThan(61_000) // this minute, not the hour ahead
    const [yt] = await waitForTargets(created.id, ['published', 'failed', 'unconfirmed'])
    expect(yt).toMatchObject({ status: 'published', attempts: 1 })
    expect((await fakeGet<unknown[]>('youtube', '/__videos')).length).toBe(before + 1)
    const again = await api('POST', `/posts/${created.id}/publish-now`, owner)
    expect(again.status).toBe(409)
    expect(await again.text()).toMatch(/nothing of this post is waiting/)
  })
})

describe('metrics and what to post next', () => {
  it('reads back each published post’s counters, growing between refreshes, on the post', async () => {
    const wf = await introspectWorkflow(env.PUBLISH_WORKFLOW)
    await wf.modifyAll(async (m) => {
      await m.disableSleeps()
    })
    try {
      const owner = await signedInMember()
      await connect(owner, 'tiktok')
      await connect(owner, 'youtube')
      await connect(owner, 'instagram')
      const video = await studioVideoForPublishing(owner.merchantId)
      const post = (await (
        await api('POST', '/posts', owner, {
          source: { kind: 'studio', videoId: video.id },
          publishAt: soon(2),
          targets: [
            { platform: 'tiktok', caption: 'Wrap dress', tiktok: { mode: 'direct', privacyLevel: 'PUBLIC_TO_EVERYONE', musicConsent: true } },
            youtubeShort(),
            instagramReel(),
          ],
        })
      ).json()) as PostView
      await waitForTargets(post.id, ['published'])
      const first = (await (await api('POST', '/metrics/refresh', owner)).json()) as { refreshed: number; calls: number }
      expect(first).toMatchObject({ refreshed: 3, calls: 3 })
      const view1 = (await (await api('GET', `/posts/${post.id}`, owner)).json()) as PostView
      for (const t of view1.targets) expect(t.metrics?.views).toBeGreaterThan(0)
      // YouTube's statistics have no shares: stored as unknown, not 0.
      expect(view1.targets.find((t) => t.platform === 'youtube')?.metrics?.shares).toBeNull()
      await api('POST', '/metrics/refresh', owner)
      const view2 = (await (await api('GET', `/posts/${post.id}`, owner)).json()) as PostView
      for (const t of view2.targets) expect(t.metrics?.views).toBeGreaterThan(view1.targets.find((x) => x.id === t.id)?.metrics?.views as number)
      const [{ n }] = await query<{ n: number }>(
        sql`select count(*)::int as n from publishing_post_metrics m join publishing_post_targets t on t.id = m.target_id where t.post_id = ${post.id}`,
      )
      expect(n).toBe(6)
    } finally {
      await wf.dispose()
    }
  })

  it('ranks products by attributed orders, and each suggestion carries a time and the studio request', async () => {
    const owner = await signedInMember()
    const mk = async (title: string, stock: number) =>
      (
        await query<{ id: string }>(
          sql`insert into products (merchant_id, slug, title, status, price_minor, currency, stock) values (${owner.merchantId}, ${`p-${crypto.randomUUID().slice(0, 8)}`}, ${title}, 'published', 450000, 'NGN', ${stock}) returning id`,
        )
      )[0].id
    const seller = await mk('Ankara Wrap Dress', 12)
    const quiet = await mk('Plain Tote', 3)
    for (let i = 0; i < 3; i++) {
      const [o] = await query<{ id: string }>(
        sql`insert into orders (merchant_id, number, subtotal_minor, currency, idempotency_key, created_at) values (${owner.merchantId}, ${`${1001 + i}`}, 450000, 'NGN', ${crypto.randomUUID()}, now() - interval '2 days' + make_interval(hours => 20 - extract(hour from now())::int)) returning id`,
      )
      await query(
        sql`insert into order_items (merchant_id, order_id, product_id, title, quantity, unit_price_minor, currency) values (${owner.merchantId}, ${o.id}, ${seller}, 'Ankara Wrap Dress', 1, 450000, 'NGN')`,
      )
    }
    const res = await api('GET', '/suggestions', owner)
    expect(res.status).toBe(200)
    const s = (await res.json()) as { items: { productId: string; orders: number; reasons: string[]; suggestedTime: string; studio: unknown }[] }
    expect(s.items.map((i) => i.productId)).toEqual([seller, quiet])
    expect(s.items[0].orders).toBe(3)
    expect(s.items[0].reasons).toContain('3 orders in 30 days')
    expect(s.items[0].suggestedTime).toMatch(/T20:00$/)
    expect(s.items[0].studio).toEqual({ source: { kind: 'product', productId: seller } })
  })
})

describe('import of the TikTok account’s videos', () => {
  it('pages through video/list into the ingestion pipeline; a second import pastes nothing again', async () => {
    const owner = await signedInMember()
    const ch = await connect(owner, 'tiktok')
    const base = 7_300_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e9)) * 1000n
    const now = Math.floor(Date.now() / 1000)
    const videos = Array.from({ length: 45 }, (_, i) => ({
      id: String(base + BigInt(i)),
      title: `Drop ${i}`,
      video_description: `Ankara wrap dress ${i} only ₦12,000. Order on WhatsApp #ankara`,
      create_time: now - i * 3600,
      cover_image_url: `${fakeUrl('tiktok')}/cover/${i}.jpeg`,
      share_url: `https://www.tiktok.com/@ada.fabrics/video/${base + BigInt(i)}`,
      duration: 15,
      width: 1080,
      height: 1920,
      like_count: 1,
      comment_count: 0,
      share_count: 0,
      view_count: 10,
    }))
    await fetch(`${fakeUrl('tiktok')}/__videos`, { method: 'POST', body: JSON.stringify(videos) })
    const res = await api('POST', `/channels/${ch.id}/import`, owner)
    expect(res.status).toBe(200)
    const first = (await res.json()) as { listed: number; pasted: number; pages: number; batchId: string }
    expect(first).toMatchObject({ listed: 45, pasted: 45, pages: 3 })
    const links = await query<{ external_id: string }>(sql`select external_id from ingest_links where batch_id = ${first.batchId}`)
    expect(new Set(links.map((l) => l.external_id))).toEqual(new Set(videos.map((v) => v.id)))
    // Nothing new since: one page read, nothing pasted.
    const again = (await (await api('POST', `/channels/${ch.id}/import`, owner)).json()) as { listed: number; pasted: number; pages: number }
    expect(again).toMatchObject({ listed: 0, pasted: 0, pages: 1 })
    // From scratch (cursor forgotten) once the pipeline made the videos: the same dedupe as pasted links.
    await eventually(
      async () => {
        const [{ n }] = await query<{ n: number }>(sql`select count(*)::int as n from videos where merchant_id = ${owner.merchantId}`)
        return n === 45
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    )
    await query(sql`update publishing_channels set import_cursor = null where id = ${ch.id}`)
    const fromScratch = (await (await api('POST', `/channels/${ch.id}/import`, owner)).json()) as { listed: number; pasted: number }
    expect(fromScratch).toMatchObject({ listed: 45, pasted: 0 })
  }, 90_000)
})
