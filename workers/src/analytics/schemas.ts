import { z } from '@hono/zod-openapi'

/** POST /api/events: what a public page reports (sendBeacon posts it as text/plain). */
export const beaconSchema = z
  .object({
    shopId: z.uuid(),
    events: z
      .array(
        z.object({
          type: z.enum(['order_tap', 'link_click']),
          productId: z.uuid().optional(),
          ref: z.string().max(80).optional(),
          channel: z.enum(['whatsapp', 'telegram', 'link']).optional(),
        }),
      )
      .min(1)
      .max(20),
  })
  .openapi('EventBeacon')
export type Beacon = z.infer<typeof beaconSchema>

export const rangeQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30).openapi({ description: 'The period: this many days up to now (1–365, default 30)' }),
})

const stages = {
  views: z.number().int(),
  clicks: z.number().int().openapi({ description: 'Short link clicks and QR scans' }),
  taps: z.number().int().openapi({ description: 'Order-button taps' }),
  chats: z.number().int().openapi({ description: 'Chats started: in the funnel and series every one; per product/video/link the attributed ones' }),
  orders: z.number().int().openapi({ description: 'Orders placed: in the funnel and series every one; per product/video/link the attributed ones' }),
}
const stageRow = z.object({ id: z.string(), label: z.string(), ...stages })

export const analyticsSchema = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    /** One entry per day of the period, zeros included. */
    series: z.array(z.object({ day: z.string().openapi({ example: '2025-06-01' }), ...stages })),
    funnel: z.object(stages),
    products: z.array(stageRow),
    videos: z.array(stageRow),
    links: z.array(
      stageRow.extend({
        label: z.string().openapi({ description: 'The link’s name (its code when it has none)' }),
        code: z.string(),
      }),
    ),
    /** Every chat and order of the period by where it came from; `direct` when from none of them. */
    sources: z.array(
      z.object({
        kind: z.enum(['link', 'video', 'storefront', 'direct']),
        id: z.string().nullable().openapi({ description: 'The link or video id; null for storefront and direct' }),
        label: z.string(),
        chats: z.number().int(),
        orders: z.number().int(),
      }),
    ),
    devices: z.array(z.object({ label: z.string(), events: z.number().int() })),
  })
  .openapi('Analytics')

const platform = z.enum(['tiktok', 'youtube', 'instagram'])
/** A platform counter: null where the platform gives none (YouTube shares, watch time) or nothing was read yet. */
const counter = z.number().nullable()
const counters = { views: counter, likes: counter, comments: counter, shares: counter, watchSeconds: counter }
const ours = z
  .object({
    clicks: z.number().int().openapi({ description: 'Short link clicks and QR scans' }),
    chats: z.number().int(),
    orders: z.number().int(),
    revenueMinor: z.number().int().openapi({ description: 'Minor units of `currency`' }),
    currency: z.string(),
  })
  .openapi('OurCounts')

export const postAnalyticsSchema = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    /** One entry per platform, all three always. */
    platforms: z.array(
      z.object({
        platform,
        posted: z.number().int().openapi({ description: 'Posts that went out in the period' }),
        posts: z.number().int().openapi({ description: 'Posts the totals cover: posted in the period, or read in it' }),
        ...counters,
        viewsGained: z.number().int().openapi({ description: 'Views gained in the period (the sum of the series)' }),
      }),
    ),
    /** Views gained per day and platform, every day of the period (zeros included). */
    series: z.array(
      z.object({ day: z.string().openapi({ example: '2026-12-01' }), tiktok: z.number().int(), youtube: z.number().int(), instagram: z.number().int() }),
    ),
    /** The 50 most viewed posted videos of the period. */
    videos: z.array(
      z.object({
        key: z.string().openapi({ description: 'The studio video id or the media asset id' }),
        kind: z.enum(['studio', 'asset']),
        title: z.string(),
        thumbnailUrl: z.string().nullable(),
        product: z.object({ id: z.string(), title: z.string() }).nullable(),
        posts: z.array(
          z.object({
            platform,
            status: z.enum(['published', 'inbox']),
            postId: z.string().nullable(),
            permalink: z.string().nullable(),
            publishedAt: z.iso.datetime(),
            readAt: z.iso.datetime().nullable().openapi({ description: 'When the counters were read' }),
            ...counters,
          }),
        ),
        /** The counters summed over the video's posts. */
        totals: z.object(counters),
        ours: ours.openapi({
          description: "Clicks, chats and orders traced to this video itself: a short link in one of its captions, or its TikTok post's id (`-V` refs)",
        }),
        productOurs: ours.nullable().openapi({ description: "The video's product from every source (null for a file without a product)" }),
      }),
    ),
    products: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        posts: z.number().int(),
        views: z.number().int().openapi({ description: 'Latest views summed over the posts of the product' }),
        ...ours.shape,
        ordersPer1000Views: z.number().nullable().openapi({ description: 'Orders per 1,000 views; null without views' }),
      }),
    ),
  })
  .openapi('PostAnalytics')
export type PostAnalytics = z.infer<typeof postAnalyticsSchema>
