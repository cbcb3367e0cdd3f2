import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { query, signedInMember, sql } from '../../test/helpers'
import type { PostAnalytics } from './schemas'

const DAY = 86_400_000
const one = async <T = { id: string }>(q: ReturnType<typeof sql>) => (await query<T>(q))[0] as T

/**
 * A shop with a product, a studio video of it posted to TikTok and YouTube (two readings each:
 * one yesterday, one today), a media file posted to Instagram and never read, a short link in the
 * TikTok caption, and traffic: a click on that link, a chat through the TikTok video's ref, an
 * order through the link, and an order of the product from elsewhere.
 */
async function seedShop(opts: { tiktokId: string; views: [number, number]; ytViews: [number, number] }) {
  const s = await signedInMember({ role: 'owner' })
  const m = s.merchantId
  const product = await one<{ id: string; ref: string }>(
    sql`insert into products (merchant_id, slug, title, status, price_minor, currency) values (${m}, 'dress', 'Ankara Wrap Dress', 'published', 4500, 'USD') returning id, ref`,
  )
  const link = await one<{ id: string; code: string }>(
    sql`insert into short_links (merchant_id, code, title, product_id) values (${m}, ${`A${crypto.randomUUID().slice(0, 7)}`}, '', ${product.id}) returning id, code`,
  )
  const cover = `m/${m}/${'c'.repeat(64)}.jpg`
  const video = await one(
    sql`insert into studio_videos (merchant_id, source, product_id, script, status, phase, percent, outputs)
        values (${m}, ${JSON.stringify({ kind: 'product', productId: product.id })}::jsonb, ${product.id},
                ${JSON.stringify({ scenes: [{ say: 'Meet the wrap dress' }] })}::jsonb, 'ready', 'done', 100,
                ${JSON.stringify([{ name: 'cover.jpg', kind: 'cover', key: cover, assetId: crypto.randomUUID(), contentType: 'image/jpeg', bytes: 10 }])}::jsonb) returning id`,
  )
  const now = Date.now()
  const todayStart = new Date(now)
  todayStart.setUTCHours(0, 0, 0, 0)
  const yesterday = new Date(todayStart.getTime() - DAY + 10 * 3600_000)
  const today = new Date(todayStart.getTime() + 1000)
  const post = await one(
    sql`insert into publishing_posts (merchant_id, status, source, studio_video_id, publish_at, local_time, time_zone)
        values (${m}, 'scheduled', ${JSON.stringify({ kind: 'studio', videoId: video.id })}::jsonb, ${video.id}, ${yesterday.toISOString()}, '2026-12-01T10:00', 'UTC') returning id`,
  )
  const target = (platform: string, postId: string, permalink: string, caption: string) =>
    one(
      sql`insert into publishing_post_targets (post_id, merchant_id, platform, status, caption, platform_post_id, permalink, published_at)
          values (${post.id}, ${m}, ${platform}, 'published', ${caption}, ${postId}, ${permalink}, ${yesterday.toISOString()}) returning id`,
    )
  const tiktok = await target('tiktok', opts.tiktokId, `https://www.tiktok.com/@shop/video/${opts.tiktokId}`, `New wrap dress http://hub.test/l/${link.code}`)
  const youtube = await target('youtube', `yt${opts.tiktokId.slice(-6)}`, `https://youtu.be/yt${opts.tiktokId.slice(-6)}`, 'Wrap dress')
  const reading = (t: string, platform: string, at: Date, views: number, shares: number | null) =>
    query(
      sql`insert into publishing_post_metrics (target_id, merchant_id, platform, taken_at, views, likes, comments, shares)
          values (${t}, ${m}, ${platform}, ${at.toISOString()}, ${views}, ${Math.round(views / 10)}, 2, ${shares})`,
    )
  await reading(tiktok.id, 'tiktok', yesterday, opts.views[0], 1)
  await reading(tiktok.id, 'tiktok', today, opts.views[1], 4)
  await reading(youtube.id, 'youtube', yesterday, opts.ytViews[0], null)
  await reading(youtube.id, 'youtube', today, opts.ytViews[1], null)
  // A video file of the shop's media posted to Instagram, not read yet.
  const asset = await one(
    sql`insert into media_assets (merchant_id, key, kind, content_type, bytes, sha256) values (${m}, ${`m/${m}/${'d'.repeat(64)}.mp4`}, 'original', 'video/mp4', 1000, ${'d'.repeat(64)}) returning id`,
  )
  const assetPost = await one(
    sql`insert into publishing_posts (merchant_id, status, source, publish_at, local_time, time_zone)
        values (${m}, 'scheduled', ${JSON.stringify({ kind: 'asset', assetId: asset.id })}::jsonb, now(), '2026-12-02T10:00', 'UTC') returning id`,
  )
  await query(
    sql`insert into publishing_post_targets (post_id, merchant_id, platform, status, caption, platform_post_id, permalink, published_at)
        values (${assetPost.id}, ${m}, 'instagram', 'published', 'Behind the scenes', 'ig1', 'https://www.instagram.com/reel/ig1/', now())`,
  )

  // Traffic: a click on the caption's link; a chat through the TikTok video's ref; an order through the link.
  await query(sql`insert into events (merchant_id, type, link_id, product_id) values (${m}, 'link_click', ${link.id}, ${product.id})`)
  const viaVideo = await one(
    sql`insert into conversations (merchant_id, channel, external_user_id, ref) values (${m}, 'whatsapp', '254700000010', ${`${product.ref}-V${opts.tiktokId}`}) returning id`,
  )
  await query(
    sql`insert into events (merchant_id, type, conversation_id, product_id, ref) values (${m}, 'chat_started', ${viaVideo.id}, ${product.id}, ${`${product.ref}-V${opts.tiktokId}`})`,
  )
  const viaLink = await one(
    sql`insert into conversations (merchant_id, channel, external_user_id, ref) values (${m}, 'whatsapp', '254700000011', ${`${product.ref}-L${link.code}`}) returning id`,
  )
  await query(
    sql`insert into events (merchant_id, type, conversation_id, product_id, link_id, ref) values (${m}, 'chat_started', ${viaLink.id}, ${product.id}, ${link.id}, ${`${product.ref}-L${link.code}`})`,
  )
  const order = async (n: string, conversationId: string | null, qty: number) => {
    const o = await one(
      sql`insert into orders (merchant_id, number, conversation_id, subtotal_minor, currency, idempotency_key) values (${m}, ${n}, ${conversationId}, ${4500 * qty}, 'USD', ${`${m}-${n}`}) returning id`,
    )
    await query(
      sql`insert into order_items (merchant_id, order_id, product_id, title, quantity, unit_price_minor, currency) values (${m}, ${o.id}, ${product.id}, 'Ankara Wrap Dress', ${qty}, 4500, 'USD')`,
    )
    return o.id
  }
  const linkOrder = await order('2001', viaLink.id, 2)
  await query(
    sql`insert into events (merchant_id, type, conversation_id, order_id, product_id, link_id) values (${m}, 'order_placed', ${viaLink.id}, ${linkOrder}, ${product.id}, ${link.id})`,
  )
  await order('2002', null, 1) // from the storefront, nothing to do with the posts
  return { s, product, video, cover, asset, link, today, yesterday }
}

describe('GET /api/analytics/posts', () => {
  it('reports per platform, views per day, per video with our clicks, chats and orders, and per product — never another shop’s', async () => {
    const tiktokId = `73${Date.now()}`.slice(0, 19)
    const other = await seedShop({ tiktokId: `74${Date.now()}`.slice(0, 19), views: [9000, 9999], ytViews: [7000, 8000] })
    const shop = await seedShop({ tiktokId, views: [100, 250], ytViews: [40, 90] })
    const res = await SELF.fetch('http://hub.test/api/analytics/posts?days=7', { headers: shop.s.headers })
    expect(res.status).toBe(200)
    const body = (await res.json()) as PostAnalytics

    const byPlatform = Object.fromEntries(body.platforms.map((p) => [p.platform, p]))
    expect(byPlatform.tiktok).toEqual({
      platform: 'tiktok',
      posted: 1,
      posts: 1,
      views: 250,
      likes: 25,
      comments: 2,
      shares: 4,
      watchSeconds: null,
      viewsGained: 250,
    })
    // YouTube gives no shares: null, not 0.
    expect(byPlatform.youtube).toEqual({
      platform: 'youtube',
      posted: 1,
      posts: 1,
      views: 90,
      likes: 9,
      comments: 2,
      shares: null,
      watchSeconds: null,
      viewsGained: 90,
    })
    expect(byPlatform.instagram).toEqual({
      platform: 'instagram',
      posted: 1,
      posts: 1,
      views: null,
      likes: null,
      comments: null,
      shares: null,
      watchSeconds: null,
      viewsGained: 0,
    })

    // Seven days, zeros included; yesterday the first readings count whole, today the differences.
    expect(body.series).toHaveLength(7)
    const day = (d: Date) => body.series.find((s) => s.day === d.toISOString().slice(0, 10))
    expect(day(shop.yesterday)).toEqual({ day: shop.yesterday.toISOString().slice(0, 10), tiktok: 100, youtube: 40, instagram: 0 })
    expect(day(shop.today)).toEqual({ day: shop.today.toISOString().slice(0, 10), tiktok: 150, youtube: 50, instagram: 0 })
    expect(body.series.reduce((n, s) => n + s.tiktok + s.youtube + s.instagram, 0)).toBe(340)

    expect(body.videos).toHaveLength(2)
    const [studio, file] = body.videos
    expect(studio).toMatchObject({
      key: shop.video.id,
      kind: 'studio',
      title: 'Meet the wrap dress',
      thumbnailUrl: `/media/${shop.cover}`,
      product: { id: shop.product.id, title: 'Ankara Wrap Dress' },
      totals: { views: 340, likes: 34, comments: 4, shares: 4, watchSeconds: null },
      // The caption's link: 1 click, 1 chat, 1 order (2 × 45.00); the TikTok ref: 1 chat.
      ours: { clicks: 1, chats: 2, orders: 1, revenueMinor: 9000, currency: 'USD' },
      // The product from every source: both orders, three items.
      productOurs: { clicks: 1, chats: 2, orders: 2, revenueMinor: 13500, currency: 'USD' },
    })
    expect(studio.posts.map((p) => [p.platform, p.postId, p.permalink, p.views])).toEqual(
      expect.arrayContaining([
        ['tiktok', tiktokId, `https://www.tiktok.com/@shop/video/${tiktokId}`, 250],
        ['youtube', `yt${tiktokId.slice(-6)}`, `https://youtu.be/yt${tiktokId.slice(-6)}`, 90],
      ]),
    )
    expect(file).toMatchObject({
      key: shop.asset.id,
      kind: 'asset',
      title: 'Behind the scenes',
      product: null,
      productOurs: null,
      ours: { clicks: 0, chats: 0, orders: 0, revenueMinor: 0 },
    })
    expect(file.posts).toEqual([
      expect.objectContaining({ platform: 'instagram', permalink: 'https://www.instagram.com/reel/ig1/', views: null, readAt: null }),
    ])

    expect(body.products).toEqual([
      {
        id: shop.product.id,
        title: 'Ankara Wrap Dress',
        posts: 2,
        views: 340,
        clicks: 1,
        chats: 2,
        orders: 2,
        revenueMinor: 13500,
        currency: 'USD',
        ordersPer1000Views: 5.88,
      },
    ])

    // Nothing of the other shop: its video, product, link and counts.
    const text = JSON.stringify(body)
    for (const id of [other.video.id, other.product.id, other.asset.id, other.link.code, '9999', '8000']) expect(text).not.toContain(id)
  })

  it('counts a lowered view count (a platform correction) as no gain, and an inbox post with its status', async () => {
    const s = await signedInMember({ role: 'owner' })
    const m = s.merchantId
    const asset = await one(
      sql`insert into media_assets (merchant_id, key, kind, content_type, bytes, sha256) values (${m}, ${`m/${m}/${'f'.repeat(64)}.mp4`}, 'original', 'video/mp4', 1, ${'f'.repeat(64)}) returning id`,
    )
    const post = await one(
      sql`insert into publishing_posts (merchant_id, status, source, publish_at, local_time, time_zone) values (${m}, 'scheduled', ${JSON.stringify({ kind: 'asset', assetId: asset.id })}::jsonb, now(), '2026-12-01T10:00', 'UTC') returning id`,
    )
    const todayStart = new Date()
    todayStart.setUTCHours(0, 0, 0, 0)
    const at = (daysAgo: number) => new Date(todayStart.getTime() - daysAgo * DAY + 1000)
    const target = await one(
      sql`insert into publishing_post_targets (post_id, merchant_id, platform, status, caption, platform_post_id, published_at) values (${post.id}, ${m}, 'tiktok', 'inbox', 'Draft for the inbox', '7399', ${at(2).toISOString()}) returning id`,
    )
    for (const [daysAgo, views] of [
      [2, 100],
      [1, 80],
      [0, 130],
    ] as const)
      await query(
        sql`insert into publishing_post_metrics (target_id, merchant_id, platform, taken_at, views) values (${target.id}, ${m}, 'tiktok', ${at(daysAgo).toISOString()}, ${views})`,
      )
    const body = (await (await SELF.fetch('http://hub.test/api/analytics/posts?days=3', { headers: s.headers })).json()) as PostAnalytics
    expect(body.series.map((d) => d.tiktok)).toEqual([100, 0, 50])
    expect(body.platforms[0]).toMatchObject({ platform: 'tiktok', posted: 1, views: 130, likes: null, viewsGained: 150 })
    expect(body.videos[0].posts).toEqual([expect.objectContaining({ platform: 'tiktok', status: 'inbox', postId: '7399', permalink: null, views: 130 })])
  })

  it('is empty for a shop that has posted nothing, and needs a signed-in member', async () => {
    const s = await signedInMember({ role: 'viewer' })
    const body = (await (await SELF.fetch('http://hub.test/api/analytics/posts?days=30', { headers: s.headers })).json()) as PostAnalytics
    expect(body.videos).toEqual([])
    expect(body.products).toEqual([])
    expect(body.series).toHaveLength(30)
    expect(body.platforms.map((p) => [p.platform, p.posted, p.views])).toEqual([
      ['tiktok', 0, null],
      ['youtube', 0, null],
      ['instagram', 0, null],
    ])
    expect((await SELF.fetch('http://hub.test/api/analytics/posts')).status).toBe(401)
  })
})
