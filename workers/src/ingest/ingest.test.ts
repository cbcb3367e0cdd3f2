import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { formatMoney } from '../../../contracts/money'
import { eventually, query, signedInMember, sql, testEnv, withDb } from '../../test/helpers'
import { createLogger } from '../lib/logger'
import { sweepStaleJobs } from '../queues/sweep-jobs'
import { createIngestBatch } from './create-batch'

// Every test here that talks to the fake's /oembed lives in this one file: scripted fake replies
// are shared by the whole test run, and tests in one file run one after another.
const fake = testEnv.TEST_TIKTOK_FAKE_URL
const HUB = 'http://hub.test'
let seq = 0
const videoId = () => `7${String(Date.now()).slice(-12)}${String(++seq).padStart(2, '0')}${Math.floor(Math.random() * 1e4)}`.slice(0, 19)
const code = () => `Z${crypto.randomUUID().replace(/-/g, '').slice(0, 9)}`
const postJson = (url: string, body: unknown) => fetch(url, { method: 'POST', body: JSON.stringify(body) })
const registerVideos = (videos: Array<{ id: string; user?: string; caption: string; private?: boolean }>) =>
  postJson(
    `${fake}/__videos`,
    videos.map((v) => ({ user: 'shop.lagos', ...v })),
  )

type Member = Awaited<ReturnType<typeof signedInMember>>
const api = (m: Member, path: string, init: { method?: string; json?: unknown } = {}) =>
  SELF.fetch(`${HUB}${path}`, {
    method: init.method ?? (init.json ? 'POST' : 'GET'),
    headers: { ...m.headers, ...(init.json ? { 'content-type': 'application/json' } : {}) },
    body: init.json ? JSON.stringify(init.json) : undefined,
  })

type LinkRow = { id: string; line: number; status: string; reason: string | null; proposalId: string | null; retryable: boolean }
type BatchView = { done: boolean; counts: Record<string, number>; links: LinkRow[] }

async function paste(m: Member, links: string[]) {
  const res = await api(m, '/api/ingest/batches', { json: { links } })
  expect(res.status).toBe(201)
  return (await res.json()) as { batch: { id: string }; links: LinkRow[] }
}
const settled = (m: Member, batchId: string, timeoutMs = 30_000) =>
  eventually(
    async () => {
      const b = (await (await api(m, `/api/ingest/batches/${batchId}`)).json()) as BatchView
      return b.done ? b : null
    },
    { timeoutMs, intervalMs: 250 },
  )

describe('pasting TikTok links', () => {
  it('answers each line of a mixed paste and turns the good ones into proposals with a copied cover', async () => {
    const m = await signedInMember({ role: 'staff' })
    const [longId, shortId] = [videoId(), videoId()]
    const short = code()
    await registerVideos([
      { id: longId, caption: 'New drop 🔥 Red Runner Sneakers now ₦45,000 (was ₦55,000). Sizes 40-45. DM to order! #sneakers #lagos' },
      { id: shortId, caption: 'Ankara wrap dress 😍 only ₦12,000, S/M/L. Use code ANKARA10 for 10% off. #ankara #fashion' },
    ])
    await postJson(`${fake}/__shortlinks`, { [short]: `https://www.tiktok.com/@shop.lagos/video/${shortId}?_r=1&_t=xyz` })
    const created = await paste(m, [
      `https://www.tiktok.com/@shop.lagos/video/${longId}?is_from_webapp=1&sender_device=pc`,
      `https://vm.tiktok.com/${short}/`,
      `https://www.tiktok.com/@shop.lagos/video/${longId}`,
      'https://example.com/some/page',
      'http://127.0.0.1:8787/@x/video/1234567890123',
    ])
    expect(created.links.map((l) => [l.line, l.status, l.reason])).toEqual([
      [1, 'queued', null],
      [2, 'queued', null],
      [3, 'duplicate', 'same video as line 1'],
      [4, 'rejected', 'not a TikTok link (example.com)'],
      [5, 'rejected', 'non-default port 8787 is refused'],
    ])

    const batch = await settled(m, created.batch.id)
    expect(batch.links.map((l) => l.status)).toEqual(['proposed', 'proposed', 'duplicate', 'rejected', 'rejected'])
    const [video] = await query<{ caption: string; url: string; cover_key: string; status: string }>(
      sql`select v.caption, v.url, v.status, a.key as cover_key from videos v join media_assets a on a.id = v.cover_asset_id where v.merchant_id = ${m.merchantId} and v.external_id = ${longId}`,
    )
    expect(video).toMatchObject({ url: `https://www.tiktok.com/@shop.lagos/video/${longId}`, status: 'ready' })
    expect(video.caption).toContain('Red Runner Sneakers')
    const cover = await env.MEDIA.get(video.cover_key)
    expect(cover?.httpMetadata?.contentType).toBe('image/jpeg')

    const proposals = (await (await api(m, `/api/ingest/proposals?batchId=${created.batch.id}`)).json()) as {
      items: Array<{ draft: Record<string, unknown>; coverUrl: string; caption: string }>
    }
    expect(proposals.items).toHaveLength(2)
    const sneakers = proposals.items.find((p) => p.caption.includes('Sneakers'))
    expect(sneakers?.draft).toMatchObject({ priceMinor: 4_500_000, compareAtMinor: 5_500_000, currency: 'NGN', category: 'shoes' })
    expect(sneakers?.draft.tags).toContain('sneakers')
    expect(sneakers?.coverUrl).toBe(`/media/${video.cover_key}`)

    // The render node resizes the copied cover; the after-render hook records the thumbnails on the video.
    const thumbs = await eventually(
      async () => {
        const [row] = await query<{ thumbnails: unknown[] | null }>(
          sql`select thumbnails from videos where merchant_id = ${m.merchantId} and external_id = ${longId}`,
        )
        return row.thumbnails?.length ? row.thumbnails : null
      },
      { timeoutMs: 30_000 },
    )
    expect(thumbs.length).toBeGreaterThan(0)

    const recent = (await (await api(m, '/api/ingest/batches')).json()) as { items: Array<{ id: string; counts: Record<string, number> }> }
    expect(recent.items.find((b) => b.id === created.batch.id)?.counts).toEqual({ proposed: 2, duplicate: 1, rejected: 2 })

    // Pasting the same video again later is reported, not duplicated.
    const again = await paste(m, [`https://www.tiktok.com/embed/v2/${longId}`])
    expect(again.links[0]).toMatchObject({ status: 'duplicate', reason: 'already ingested: this video is in your imports' })
  })

  it('refuses a short link that redirects to a private address, with the reason on its line', async () => {
    const m = await signedInMember()
    const c = code()
    await postJson(`${fake}/__shortlinks`, { [c]: 'http://127.0.0.1/@x/video/7234567890123456785' })
    const created = await paste(m, [`https://vt.tiktok.com/${c}`])
    const batch = await settled(m, created.batch.id)
    expect(batch.links[0]).toMatchObject({ status: 'rejected', reason: 'the short link redirected to a refused address: private address 127.0.0.1' })
  })

  it('retries oEmbed after a 429 and a 500 from the fake and still proposes the product', async () => {
    const m = await signedInMember()
    const id = videoId()
    await registerVideos([{ id, caption: 'Shea butter glow cream 250ml — ₦8,500. Link in bio 🛒 #skincare' }])
    await postJson(`${fake}/__script`, {
      method: 'GET',
      path: '^/oembed$',
      status: 429,
      body: { message: 'rate limited' },
      headers: { 'retry-after': '1' },
      times: 1,
    })
    await postJson(`${fake}/__script`, { method: 'GET', path: '^/oembed$', status: 500, body: { message: 'boom' }, times: 1 })
    const created = await paste(m, [`https://www.tiktok.com/@shop.lagos/video/${id}`])
    const batch = await settled(m, created.batch.id)
    expect(batch.links[0].status).toBe('proposed')
    const calls = (await (await fetch(`${fake}/__calls`)).json()) as Array<{ path: string; query: Record<string, string> }>
    expect(calls.filter((c) => c.path === '/oembed' && c.query.url?.includes(id)).length).toBe(3)
  })

  it('fails a private video with a clear reason, and a retry after it became public proposes it', async () => {
    const m = await signedInMember()
    const id = videoId()
    await registerVideos([{ id, caption: 'Leather tote bag ₦30,000 #bags', private: true }])
    const created = await paste(m, [`https://www.tiktok.com/@shop.lagos/video/${id}`])
    const failed = await settled(m, created.batch.id)
    expect(failed.links[0]).toMatchObject({ status: 'failed', reason: 'TikTok says the video is private or was removed', retryable: true })

    await registerVideos([{ id, caption: 'Leather tote bag ₦30,000 #bags', private: false }])
    const retry = await api(m, `/api/ingest/links/${failed.links[0].id}/retry`, { method: 'POST' })
    expect(retry.status).toBe(202)
    const done = await settled(m, created.batch.id)
    expect(done.links[0].status).toBe('proposed')
    const again = await api(m, `/api/ingest/links/${failed.links[0].id}/retry`, { method: 'POST' })
    expect(again.status).toBe(409)
  })

  it('creates one video and one proposal when the same queue message is delivered twice', async () => {
    const m = await signedInMember()
    const id = videoId()
    const created = await paste(m, [`https://www.tiktok.com/@shop.lagos/video/${id}`])
    const [job] = await query<{ id: string; type: string; payload: Record<string, unknown> }>(
      sql`select j.id, j.type, j.payload from jobs j join ingest_links l on l.job_id = j.id where l.batch_id = ${created.batch.id}`,
    )
    const message = { jobId: job.id, type: job.type, merchantId: m.merchantId, payload: job.payload }
    await env.INGEST_QUEUE.send(message)
    await env.INGEST_QUEUE.send(message)
    await settled(m, created.batch.id)
    await new Promise((r) => setTimeout(r, 1500))
    const [counts] = await query<{ videos: number; proposals: number }>(
      sql`select (select count(*)::int from videos where merchant_id = ${m.merchantId}) as videos, (select count(*)::int from product_proposals where merchant_id = ${m.merchantId}) as proposals`,
    )
    expect(counts).toEqual({ videos: 1, proposals: 1 })

    const [proposal] = await query<{ id: string }>(sql`select id from product_proposals where merchant_id = ${m.merchantId}`)
    const first = await api(m, `/api/ingest/proposals/${proposal.id}/approve`, { json: { status: 'published' } })
    const second = await api(m, `/api/ingest/proposals/${proposal.id}/approve`, { json: { status: 'published' } })
    expect([first.status, second.status]).toEqual([201, 200])
    const [products] = await query<{ n: number }>(sql`select count(*)::int as n from products where merchant_id = ${m.merchantId}`)
    expect(products.n).toBe(1)
  })

  it('loses nothing when the queue drops every message mid-paste: the sweep re-sends and all links finish', async () => {
    const m = await signedInMember()
    const ids = [videoId(), videoId(), videoId()]
    // A queue that drops messages: what a restart of the local queues does to undelivered ones.
    const droppingEnv = { ...env, INGEST_QUEUE: { send: async () => {}, sendBatch: async () => {} } } as unknown as Env
    const { batch } = await withDb((db) =>
      createIngestBatch(
        { db, env: droppingEnv },
        { merchantId: m.merchantId, userId: m.userId, lines: ids.map((id) => `https://www.tiktok.com/@shop.lagos/video/${id}`) },
      ),
    )
    await query(sql`update jobs set updated_at = now() - interval '10 minutes' where id in (select job_id from ingest_links where batch_id = ${batch.id})`)
    await withDb((db) => sweepStaleJobs({ db, env, log: createLogger('error') }, 120, { merchantId: m.merchantId }))
    const done = await settled(m, batch.id)
    expect(done.links.map((l) => l.status)).toEqual(['proposed', 'proposed', 'proposed'])
  })

  it('approves a proposal into a product with price, compare-at, tags, category, SEO, cover and video link', async () => {
    const m = await signedInMember({ role: 'staff' })
    const id = videoId()
    await registerVideos([{ id, caption: 'Wireless earbuds pro $189.99 (was $249.99) 🎧 24h battery. Shop now via link in bio #tech #earbuds' }])
    const created = await paste(m, [`https://www.tiktok.com/@shop.lagos/video/${id}`])
    const batch = await settled(m, created.batch.id)
    const proposalId = batch.links[0].proposalId as string
    const edit = await api(m, `/api/ingest/proposals/${proposalId}`, { method: 'PATCH', json: { title: 'Earbuds Pro' } })
    expect(edit.status).toBe(200)
    const res = await api(m, `/api/ingest/proposals/${proposalId}/approve`, { json: { status: 'published' } })
    expect(res.status).toBe(201)
    const { productId } = (await res.json()) as { productId: string }
    const [product] = await query<Record<string, unknown>>(
      sql`select title, slug, status, price_minor, compare_at_minor, currency, category, tags, seo from products where id = ${productId} and merchant_id = ${m.merchantId}`,
    )
    expect(product).toMatchObject({
      title: 'Earbuds Pro',
      slug: 'earbuds-pro',
      status: 'published',
      price_minor: '18999',
      compare_at_minor: '24999',
      currency: 'USD',
    })
    expect(product.tags).toEqual(expect.arrayContaining(['earbuds']))
    expect((product.seo as { keywords: string[] }).keywords.length).toBeGreaterThan(0)
    const [links] = await query<{ media: number; videos: number }>(
      sql`select (select count(*)::int from product_media where product_id = ${productId}) as media, (select count(*)::int from product_videos where product_id = ${productId}) as videos`,
    )
    expect(links).toEqual({ media: 1, videos: 1 })
  })

  it('proposes title, category, sizes, codes and CTAs from a caption; approval keeps the edits, is audited, and previews show them (issue 11)', async () => {
    const m = await signedInMember({ role: 'owner' })
    const id = videoId()
    const caption = 'Nike Air Max 90 🔥 KSh 4,800 (was KSh 6,000). Sizes 40-45. Use code KICKS10 for 10% off. DM to order! Call 0712 345 678 #sneakers #nairobi'
    await registerVideos([{ id, caption }])
    const created = await paste(m, [`https://www.tiktok.com/@shop.lagos/video/${id}`])
    const batch = await settled(m, created.batch.id)
    const proposalId = batch.links[0].proposalId as string
    type Listed = {
      items: Array<{ id: string; draft: Record<string, unknown> & { variants: Array<{ options: Record<string, string> }> } }>
      mergeTargets: Array<{ id: string; title: string }>
    }
    const list = (await (await api(m, `/api/ingest/proposals?batchId=${created.batch.id}`)).json()) as Listed
    const { draft } = list.items[0]
    expect(draft).toMatchObject({ title: 'Nike Air Max 90', category: 'shoes', currency: 'KES', priceMinor: 480_000, codes: ['KICKS10'] })
    expect((draft.ctas as Array<{ type: string }>).map((c) => c.type)).toEqual(expect.arrayContaining(['dm_to_order', 'call_phone']))
    expect(draft.variants.map((v) => v.options.size)).toEqual(['40', '41', '42', '43', '44', '45'])
    expect(draft.description).toBe('Nike Air Max 90. Sizes 40-45. Use code KICKS10 for 10% off. DM to order!')

    // The merchant renames it, changes the currency, drops size 45 and approves: right away, before the cover's thumbnails may exist.
    const res = await api(m, `/api/ingest/proposals/${proposalId}/approve`, {
      json: { status: 'published', currency: 'USD', draft: { title: 'Air Max 90 Kicks', priceMinor: 4000, variants: draft.variants.slice(0, 5) } },
    })
    expect(res.status).toBe(201)
    const { productId } = (await res.json()) as { productId: string }
    const [product] = await query<{ slug: string; title: string; currency: string; promo_codes: string[]; seo: Record<string, unknown>; variants: number }>(
      sql`select slug, title, currency, promo_codes, seo, (select count(*)::int from product_variants v where v.product_id = p.id) as variants from products p where id = ${productId}`,
    )
    expect(product).toMatchObject({ title: 'Air Max 90 Kicks', currency: 'USD', promo_codes: ['KICKS10'], variants: 5 })
    expect(product.seo.title).toBeUndefined()
    const [audit] = await query<{ action: string; entity_id: string }>(
      sql`select action, entity_id from audit_log where merchant_id = ${m.merchantId} and action = 'product.approve'`,
    )
    expect(audit).toEqual({ action: 'product.approve', entity_id: productId })
    const activity = (await (await api(m, '/api/audit')).json()) as { items: Array<{ action: string }> }
    expect(activity.items.map((i) => i.action)).toContain('product.approve')
    // The merge list of the next proposals page load includes the product just approved.
    const after = (await (await api(m, '/api/ingest/proposals?status=pending')).json()) as Listed
    expect(after.mergeTargets.map((t) => t.id)).toContain(productId)

    // The product editor's polling sees the cover's thumbnails on the approved product's image.
    const thumbs = await eventually(
      async () => {
        const d = (await (await api(m, `/api/products/${productId}`)).json()) as { images: Array<{ thumbnails: unknown[] }> }
        return d.images[0]?.thumbnails.length ? d.images[0].thumbnails : null
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    )
    expect(thumbs.length).toBeGreaterThan(0)

    // Previews show the merchant's title, not the caption; the page shows the code.
    const [shop] = await query<{ slug: string }>(sql`select slug from merchants where id = ${m.merchantId}`)
    const html = await (await SELF.fetch(`${HUB}/@${shop.slug}/p/${product.slug}`)).text()
    expect(html.match(/<meta property="og:title" content="([^"]*)"/)?.[1]).toBe(`Air Max 90 Kicks – ${formatMoney(4000, 'USD')}`)
    expect(html.match(/<title>(.*?)<\/title>/)?.[1]).toBe(`Air Max 90 Kicks – ${formatMoney(4000, 'USD')}`)
    expect(html.match(/<meta property="og:description" content="([^"]*)"/)?.[1]).not.toMatch(/#|0712|KSh/)
    expect(html).toContain('"promoCodes":["KICKS10"]')
  })

  it('gives an image approved after its cover was rendered the thumbnails at once (issue 11)', async () => {
    const m = await signedInMember({ role: 'staff' })
    const id = videoId()
    await registerVideos([{ id, caption: 'Leather tote bag ₦25,000 #bags' }])
    const created = await paste(m, [`https://www.tiktok.com/@shop.lagos/video/${id}`])
    const batch = await settled(m, created.batch.id)
    await eventually(
      async () => {
        const [row] = await query<{ n: number }>(
          sql`select jsonb_array_length(coalesce(thumbnails, '[]'::jsonb))::int as n from videos where merchant_id = ${m.merchantId} and external_id = ${id}`,
        )
        return row.n > 0
      },
      { timeoutMs: 30_000 },
    )
    const res = await api(m, `/api/ingest/proposals/${batch.links[0].proposalId}/approve`, { json: { status: 'draft' } })
    const { productId } = (await res.json()) as { productId: string }
    const d = (await (await api(m, `/api/products/${productId}`)).json()) as { images: Array<{ thumbnails: Array<{ contentType: string }> }> }
    expect(d.images).toHaveLength(1)
    expect(d.images[0].thumbnails.length).toBeGreaterThan(0)
  })

  it('proposes a link to an existing product the caption names, and merging attaches the video to it', async () => {
    const m = await signedInMember()
    const [existing] = await query<{ id: string }>(
      sql`insert into products (merchant_id, slug, title, price_minor, currency, status) values (${m.merchantId}, 'red-runner-sneakers', 'Red Runner Sneakers', 4500000, 'NGN', 'published') returning id`,
    )
    const id = videoId()
    await registerVideos([{ id, caption: 'Restocked! Red Runner Sneakers ₦45,000 🔥 #sneakers' }])
    const created = await paste(m, [`https://www.tiktok.com/@shop.lagos/video/${id}`])
    const batch = await settled(m, created.batch.id)
    expect(batch.links[0].reason).toBe('matches your product “Red Runner Sneakers”')
    const list = (await (await api(m, '/api/ingest/proposals?status=pending')).json()) as {
      items: Array<{ id: string; matchedProductId: string; matchedProductTitle: string }>
    }
    expect(list.items[0]).toMatchObject({ matchedProductId: existing.id, matchedProductTitle: 'Red Runner Sneakers' })
    const merge = await api(m, `/api/ingest/proposals/${list.items[0].id}/merge`, { json: { productId: existing.id } })
    expect(merge.status).toBe(200)
    const [linked] = await query<{ n: number }>(sql`select count(*)::int as n from product_videos where product_id = ${existing.id}`)
    expect(linked.n).toBe(1)
  })

  it('streams per-link progress over SSE until every link is settled', async () => {
    const m = await signedInMember()
    const created = await paste(m, [`https://www.tiktok.com/@shop.lagos/video/${videoId()}`, 'not a link at all'])
    const res = await api(m, `/api/ingest/batches/${created.batch.id}/events`)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const text = await res.text()
    expect(text).toContain('event: link')
    expect(text).toMatch(/"status":"proposed"/)
    expect(text).toContain('event: done')
  })

  it('keeps pastes, links and proposals to their merchant and writes to staff', async () => {
    const owner = await signedInMember()
    const created = await paste(owner, ['https://www.tiktok.com/@shop.lagos/video/7000000000000000001'])
    await settled(owner, created.batch.id)
    const other = await signedInMember()
    expect((await api(other, `/api/ingest/batches/${created.batch.id}`)).status).toBe(404)
    expect((await api(other, `/api/ingest/batches/${created.batch.id}/events`)).status).toBe(404)
    const [proposal] = await query<{ id: string }>(sql`select id from product_proposals where merchant_id = ${owner.merchantId}`)
    expect((await api(other, `/api/ingest/proposals/${proposal.id}/approve`, { json: {} })).status).toBe(404)
    expect((await api(other, `/api/ingest/links/${created.links[0].id}/retry`, { method: 'POST' })).status).toBe(404)
    const viewer = await signedInMember({ merchantId: owner.merchantId, role: 'viewer' })
    expect((await api(viewer, '/api/ingest/batches', { json: { links: ['x'] } })).status).toBe(403)
    expect((await SELF.fetch(`${HUB}/api/ingest/batches`)).status).toBe(401)
  })

  it('refuses more than 500 links in one paste', async () => {
    const m = await signedInMember()
    const res = await api(m, '/api/ingest/batches', {
      json: { text: Array.from({ length: 501 }, (_, i) => `https://www.tiktok.com/@a/video/${7e18 + i}`).join('\n') },
    })
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/at most 500 links per paste/)
  })
})

describe('merchant taxonomy', () => {
  it('seeds the default categories on first use, and a category the merchant adds is used by auto-tagging', async () => {
    const m = await signedInMember()
    const list = (await (await api(m, '/api/categories')).json()) as { items: Array<{ slug: string }> }
    expect(list.items.map((c) => c.slug)).toEqual(expect.arrayContaining(['apparel', 'shoes', 'other']))
    const add = await api(m, '/api/categories', { json: { slug: 'fabrics', name: 'Fabrics', keywords: ['lace', 'aso oke'] } })
    expect(add.status).toBe(201)
    const dup = await api(m, '/api/categories', { json: { slug: 'fabrics', name: 'Fabrics again' } })
    expect(dup.status).toBe(409)
    const id = videoId()
    await registerVideos([{ id, caption: 'Premium aso oke bundle, 5 yards ₦60,000 #asooke' }])
    const created = await paste(m, [`https://www.tiktok.com/@shop.lagos/video/${id}`])
    const batch = await settled(m, created.batch.id)
    const [p] = await query<{ draft: { category: string } }>(sql`select draft from product_proposals where id = ${batch.links[0].proposalId}`)
    expect(p.draft.category).toBe('fabrics')
    const other = await signedInMember()
    const { category } = (await add.json()) as { category: { id: string } }
    expect((await api(other, `/api/categories/${category.id}`, { method: 'PATCH', json: { name: 'x' } })).status).toBe(404)
  })
})
