import { createRequire } from 'node:module'
import path from 'node:path'
import pg from 'pg'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { ROOT } from '../../scripts/lib/hub'
import { launchBrowser, screenshot } from './browser'

/**
 * The "Posts on TikTok, YouTube and Instagram" section of the Analytics page: a shop with a studio
 * video posted to TikTok and YouTube and a media file posted to Instagram, a week of hourly
 * readings, and chats and orders through the TikTok caption's short link. Phone and desktop,
 * light and dark: the numbers a merchant reads, no sideways scroll, axe clean.
 */
const hub = () => inject('hubUrl')
const require = createRequire(import.meta.url)
const AXE = require.resolve('axe-core/axe.min.js')
const DAY = 86_400_000

async function seed(merchantSlug: string, productId: string) {
  const db = new pg.Client({ connectionString: inject('hubDatabaseUrl') })
  await db.connect()
  try {
    const one = async (text: string, values: unknown[]) => (await db.query(text, values)).rows[0]
    const { merchant_id: m, ref } = await one(
      `select p.merchant_id, p.ref from products p join merchants s on s.id = p.merchant_id where s.slug = $1 and p.id = $2`,
      [merchantSlug, productId],
    )
    const cover = await one(`select key from media_assets where merchant_id = $1 and content_type like 'image/%' order by width nulls last limit 1`, [m])
    const video = await one(
      `insert into studio_videos (merchant_id, source, product_id, script, status, phase, percent, outputs)
       values ($1, $2, $3, $4, 'ready', 'done', 100, $5) returning id`,
      [
        m,
        { kind: 'product', productId },
        productId,
        { scenes: [{ say: 'Air Max 90 in white and green, sizes 40 to 45' }] },
        JSON.stringify([{ name: 'cover.jpg', kind: 'cover', key: cover.key, assetId: crypto.randomUUID(), contentType: 'image/jpeg', bytes: 1 }]),
      ],
    )
    const link = await one(`insert into short_links (merchant_id, code, title, product_id) values ($1, $2, 'TikTok bio', $3) returning id, code`, [
      m,
      `E${Date.now().toString(36)}`,
      productId,
    ])
    const start = Date.now() - 6 * DAY
    const post = async (source: object, studioVideoId: string | null) =>
      one(
        `insert into publishing_posts (merchant_id, status, source, studio_video_id, publish_at, local_time, time_zone) values ($1, 'scheduled', $2, $3, $4, '2026-12-01T18:00', 'Africa/Nairobi') returning id`,
        [m, source, studioVideoId, new Date(start)],
      )
    const studioPost = await post({ kind: 'studio', videoId: video.id }, video.id)
    const tiktokId = `7${Date.now()}00000`.slice(0, 19)
    const target = (postId: string, platform: string, platformPostId: string, permalink: string, caption: string) =>
      one(
        `insert into publishing_post_targets (post_id, merchant_id, platform, status, caption, platform_post_id, permalink, published_at) values ($1, $2, $3, 'published', $4, $5, $6, $7) returning id`,
        [postId, m, platform, caption, platformPostId, permalink, new Date(start)],
      )
    const tiktok = await target(
      studioPost.id,
      'tiktok',
      tiktokId,
      `https://www.tiktok.com/@kicks/video/${tiktokId}`,
      `Fresh pairs 🔥 order: ${hub()}/l/${link.code}`,
    )
    const youtube = await target(studioPost.id, 'youtube', 'dQw4w9WgXcQ', 'https://youtu.be/dQw4w9WgXcQ', 'Air Max 90')
    const asset = await one(
      `insert into media_assets (merchant_id, key, kind, content_type, bytes, sha256) values ($1, $2, 'original', 'video/mp4', 1000, $3) returning id`,
      [m, `m/${m}/${'e'.repeat(64)}.mp4`, 'e'.repeat(64)],
    )
    const reel = await target(
      (await post({ kind: 'asset', assetId: asset.id }, null)).id,
      'instagram',
      '17900000000000001',
      'https://www.instagram.com/reel/C1/',
      'Behind the scenes at the market',
    )
    // One reading a day for a week, growing like a post does.
    const growth = {
      tiktok: [800, 2100, 3300, 4100, 4600, 5000, 5200],
      youtube: [120, 300, 420, 510, 560, 600, 640],
      instagram: [0, 400, 900, 1200, 1350, 1420, 1480],
    }
    for (const [t, platform] of [
      [tiktok.id, 'tiktok'],
      [youtube.id, 'youtube'],
      [reel.id, 'instagram'],
    ] as const) {
      for (const [i, views] of growth[platform].entries()) {
        if (platform === 'instagram' && i === 0) continue
        await db.query(
          `insert into publishing_post_metrics (target_id, merchant_id, platform, taken_at, views, likes, comments, shares) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            t,
            m,
            platform,
            new Date(Math.min(Date.now() - 60_000, start + i * DAY + 3600_000)),
            views,
            Math.round(views / 12),
            Math.round(views / 150),
            platform === 'youtube' ? null : Math.round(views / 80),
          ],
        )
      }
    }
    // Shoppers: 3 clicks on the caption's link, 2 chats through it, 1 order of two pairs.
    for (let i = 0; i < 3; i++)
      await db.query(`insert into events (merchant_id, type, link_id, product_id) values ($1, 'link_click', $2, $3)`, [m, link.id, productId])
    for (let i = 0; i < 2; i++) {
      const c = await one(`insert into conversations (merchant_id, channel, external_user_id, ref) values ($1, 'whatsapp', $2, $3) returning id`, [
        m,
        `25470000${Date.now() % 10000}${i}`,
        `${ref}-L${link.code}`,
      ])
      await db.query(`insert into events (merchant_id, type, conversation_id, product_id, link_id, ref) values ($1, 'chat_started', $2, $3, $4, $5)`, [
        m,
        c.id,
        productId,
        link.id,
        `${ref}-L${link.code}`,
      ])
      if (i === 0) {
        const o = await one(
          `insert into orders (merchant_id, number, conversation_id, subtotal_minor, currency, idempotency_key) values ($1, $2, $3, 960000, 'KES', $4) returning id`,
          [m, `E${Date.now() % 100000}`, c.id, crypto.randomUUID()],
        )
        await db.query(
          `insert into order_items (merchant_id, order_id, product_id, title, quantity, unit_price_minor, currency) values ($1, $2, $3, 'Air Max 90 White/Green', 2, 480000, 'KES')`,
          [m, o.id, productId],
        )
        await db.query(`insert into events (merchant_id, type, conversation_id, order_id, product_id, link_id) values ($1, 'order_placed', $2, $3, $4, $5)`, [
          m,
          c.id,
          o.id,
          productId,
          link.id,
        ])
      }
    }
  } finally {
    await db.end()
  }
}

async function axeProblems(page: Page) {
  await page.addScriptTag({ path: AXE })
  return page.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: { run: (ctx: Element, o: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> }
    }
    const root = document.querySelector('[data-testid="analytics-posts"]') as Element
    const result = await axe.run(root, { resultTypes: ['violations'] })
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`)
  })
}

describe('posts on the Analytics page', () => {
  let browser: Browser
  let cookies: Awaited<ReturnType<BrowserContext['cookies']>>

  beforeAll(async () => {
    browser = await launchBrowser()
    const ctx = await browser.newContext()
    const page = await ctx.newPage()
    const stamp = Date.now().toString(36)
    const signup = await page.request.post(`${hub()}/api/auth/signup`, {
      data: { name: 'Wanjiru Kamau', email: `posts-${stamp}@shop.test`, password: 'analytics-posts-2026', shopName: `Kicks Nairobi ${stamp}` },
    })
    expect(signup.status()).toBe(201)
    const me = (await signup.json()) as { merchant: { slug: string } }
    const created = await page.request.post(`${hub()}/api/products`, {
      data: {
        title: 'Air Max 90 White/Green',
        priceMinor: 480000,
        currency: 'KES',
        status: 'published',
        tags: ['sneakers'],
        category: 'Shoes',
        description: '',
      },
    })
    expect(created.status()).toBe(201)
    const product = (await created.json()) as { id: string }
    const photo = await sharp({ create: { width: 800, height: 800, channels: 3, background: { r: 30, g: 160, b: 110 } } })
      .jpeg()
      .toBuffer()
    const up = await page.request.post(`${hub()}/api/products/${product.id}/images`, {
      multipart: { file: { name: 'p.jpg', mimeType: 'image/jpeg', buffer: photo } },
    })
    expect(up.status()).toBe(201)
    await seed(me.merchant.slug, product.id)
    cookies = await ctx.cookies()
    await ctx.close()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('shows per platform, views per day, per video and per product, on a phone and a laptop, light and dark', { timeout: 60_000 }, async () => {
    const sizes = {
      phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
      desktop: { viewport: { width: 1366, height: 900 } },
    } as const
    const problems: string[] = []
    for (const size of ['desktop', 'phone'] as const) {
      for (const theme of ['light', 'dark'] as const) {
        const ctx = await browser.newContext({ ...sizes[size], colorScheme: theme, bypassCSP: true })
        await ctx.addCookies(cookies)
        await ctx.addInitScript((t) => localStorage.setItem('linkhub-theme', t), theme)
        const page = await ctx.newPage()
        const errors: string[] = []
        page.on('pageerror', (e) => errors.push(e.message))
        await page.goto(`${hub()}/analytics`)
        const section = page.getByTestId('analytics-posts')
        await expect.poll(() => section.getByTestId('views-tiktok').textContent(), { timeout: 15_000 }).toBe('5,200 views')
        expect(await section.getByTestId('views-youtube').textContent()).toBe('640 views')
        expect(await section.getByTestId('views-instagram').textContent()).toBe('1,480 views')
        const videos = section.getByTestId('posted-video')
        expect(await videos.count()).toBe(2)
        const first = videos.first()
        expect(await first.textContent()).toContain('Air Max 90 in white and green')
        expect(await first.locator('a', { hasText: 'TikTok' }).getAttribute('href')).toMatch(/^https:\/\/www\.tiktok\.com\/@kicks\/video\//)
        expect(await first.locator('a', { hasText: 'YouTube' }).getAttribute('href')).toBe('https://youtu.be/dQw4w9WgXcQ')
        // Views 5,840 over both posts; our 3 clicks, 2 chats, 1 order of KSh 9,600.
        const cells = (await first.locator('td').allTextContents()).map((t) => t.trim())
        expect(cells.slice(2, 9)).toEqual(['5,840', '486', '39', '65', '3', '2', expect.stringMatching(/^1\s*KES\s9,600$/)])
        // The cover is the product's photo, served from R2 (lazy, so brought into view first).
        const cover = section.locator('img').filter({ visible: true }).first()
        await cover.scrollIntoViewIfNeeded()
        await expect.poll(() => cover.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: 10_000 }).toBe(true)
        const product = section.getByTestId('posted-product')
        expect((await product.locator('td').allTextContents()).map((t) => t.trim())).toEqual([
          'Air Max 90 White/Green',
          '2',
          '5,840',
          '3',
          '2',
          '1',
          expect.stringMatching(/^KES\s9,600$/),
          '0.17',
        ])
        expect(await section.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(10)
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
        if (overflow > 1) problems.push(`${size} ${theme}: scrolls sideways by ${overflow}px`)
        for (const p of await axeProblems(page)) problems.push(`${size} ${theme}: ${p}`)
        await screenshot(page, `analytics-posts-page-${size}-${theme}`)
        if (size === 'phone') {
          // On a phone each video and product is a card with its numbers, not a table to scroll.
          const card = section.getByTestId('posted-video-card').first()
          expect(await card.isVisible()).toBe(true)
          expect(await card.textContent()).toMatch(/Views5,840.*Clicks3Chats2Orders1RevenueKES\s9,600/)
          expect(await section.getByTestId('posted-product-card').textContent()).toContain('Per 1,0000.17')
        }
        await page.evaluate(() => window.scrollTo(0, 0)) // the sticky header stays at the top of a full-page shot
        // The section alone, in page coordinates (a full-page clip; boundingBox is relative to the viewport).
        const box = await section.evaluate((el) => {
          const r = el.getBoundingClientRect()
          return { x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height }
        })
        await page.screenshot({ path: path.join(ROOT, 'screenshots', 'tmp', `analytics-posts-${size}-${theme}.png`), fullPage: true, clip: box })
        expect(errors).toEqual([])
        await ctx.close()
      }
    }
    expect(problems).toEqual([])
  })
})
