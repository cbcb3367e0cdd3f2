import {
  type AttributedRow,
  attributedToPostedVideos,
  attributedToProducts,
  type PostedTargetRow,
  postedTargetsWithLatest,
  shopCurrency,
  viewsGainedPerDay,
} from '../../../db/queries/analytics-posts'
import type { Database } from '../../../db/types'
import { mediaUrl } from '../media/store-media'
import { periodOf } from './get-analytics'
import type { PostAnalytics } from './schemas'

const PLATFORMS = ['tiktok', 'youtube', 'instagram'] as const
type Counters = Pick<PostAnalytics['platforms'][number], 'views' | 'likes' | 'comments' | 'shares' | 'watchSeconds'>
type Ours = PostAnalytics['videos'][number]['ours']

/** Sums counters; a counter stays null only when none of the posts has it. */
function sumCounters(rows: Counters[]): Counters {
  const sum = (pick: (c: Counters) => number | null) =>
    rows.reduce<number | null>((acc, c) => {
      const v = pick(c)
      return v === null ? acc : (acc ?? 0) + v
    }, null)
  return {
    views: sum((c) => c.views),
    likes: sum((c) => c.likes),
    comments: sum((c) => c.comments),
    shares: sum((c) => c.shares),
    watchSeconds: sum((c) => c.watchSeconds),
  }
}

const countersOf = (t: PostedTargetRow): Counters => ({
  views: t.views,
  likes: t.likes,
  comments: t.comments,
  shares: t.shares,
  watchSeconds: t.watch_seconds === null ? null : Math.round(Number(t.watch_seconds)),
})

const oursOf = (row: AttributedRow | undefined, currency: string): Ours => ({
  clicks: row?.clicks ?? 0,
  chats: row?.chats ?? 0,
  orders: row?.orders ?? 0,
  revenueMinor: Math.round(Number(row?.revenue_minor ?? 0)),
  currency: row?.currency ?? currency,
})

const iso = (s: string | Date) => new Date(s).toISOString()

/**
 * The "Posts on TikTok, YouTube and Instagram" report of the last `days` days (from midnight UTC of
 * the first): per platform, views gained per day, per posted video with our own clicks, chats and
 * orders beside the platforms' counters, and per product.
 */
export async function getPostAnalytics(db: Database, input: { merchantId: string; days: number; now?: Date }): Promise<PostAnalytics> {
  const range = periodOf(input)
  const { from, to } = range
  const [targets, gained, toVideos, currency] = await Promise.all([
    postedTargetsWithLatest(db, range),
    viewsGainedPerDay(db, range),
    attributedToPostedVideos(db, range),
    shopCurrency(db, input.merchantId),
  ])
  const productIds = [...new Set(targets.map((t) => t.product_id).filter((id): id is string => !!id))]
  const toProducts = new Map((await attributedToProducts(db, range, productIds)).map((r) => [r.key, r]))
  const toVideo = new Map(toVideos.map((r) => [r.key, r]))

  const series: PostAnalytics['series'] = []
  for (let d = new Date(from); d <= to; d = new Date(d.getTime() + 86_400_000))
    series.push({ day: d.toISOString().slice(0, 10), tiktok: 0, youtube: 0, instagram: 0 })
  const byDay = new Map(series.map((s) => [s.day, s]))
  for (const g of gained) {
    const day = byDay.get(g.day)
    if (day && (PLATFORMS as readonly string[]).includes(g.platform)) day[g.platform as (typeof PLATFORMS)[number]] += Math.round(Number(g.views))
  }

  const platforms = PLATFORMS.map((platform) => {
    const mine = targets.filter((t) => t.platform === platform)
    return {
      platform,
      posted: mine.filter((t) => new Date(t.published_at) >= from).length,
      posts: mine.length,
      ...sumCounters(mine.map(countersOf)),
      viewsGained: series.reduce((n, s) => n + s[platform], 0),
    }
  })

  const grouped = new Map<string, PostedTargetRow[]>()
  for (const t of targets) grouped.set(t.video_key, [...(grouped.get(t.video_key) ?? []), t])
  const videos = [...grouped.entries()].map(([key, rows]) => {
    const first = rows[0] as PostedTargetRow
    const caption = rows.find((r) => r.caption.trim())?.caption.trim()
    return {
      key,
      kind: first.video_kind,
      title: first.title ?? caption?.slice(0, 120) ?? first.product_title ?? (first.video_kind === 'asset' ? 'Video from your media' : 'Studio video'),
      thumbnailUrl: first.thumbnail_key ? mediaUrl(first.thumbnail_key) : null,
      product: first.product_id && first.product_title ? { id: first.product_id, title: first.product_title } : null,
      posts: rows.map((r) => ({
        platform: r.platform,
        status: r.status as 'published' | 'inbox',
        postId: r.platform_post_id,
        permalink: r.permalink,
        publishedAt: iso(r.published_at),
        readAt: r.read_at ? iso(r.read_at) : null,
        ...countersOf(r),
      })),
      totals: sumCounters(rows.map(countersOf)),
      ours: oursOf(toVideo.get(key), currency),
      productOurs: first.product_id ? oursOf(toProducts.get(first.product_id), currency) : null,
    }
  })
  videos.sort((a, b) => (b.totals.views ?? 0) - (a.totals.views ?? 0))

  const products = productIds.map((id) => {
    const rows = targets.filter((t) => t.product_id === id)
    const views = rows.reduce((n, t) => n + (t.views ?? 0), 0)
    const ours = oursOf(toProducts.get(id), currency)
    return {
      id,
      title: rows[0]?.product_title ?? 'Product',
      posts: rows.length,
      views,
      ...ours,
      ordersPer1000Views: views > 0 ? Math.round((ours.orders / views) * 1000 * 100) / 100 : null,
    }
  })
  products.sort((a, b) => b.views - a.views || b.orders - a.orders)

  // The 50 most viewed (the totals above count every post).
  return { from: from.toISOString(), to: to.toISOString(), platforms, series, videos: videos.slice(0, 50), products: products.slice(0, 50) }
}
