import { utcToZonedTime } from '../../../contracts/publishing'
import { getPublishingTimeZone } from '../../../db/queries/publishing'
import { busiestOrderHour, productPerformance } from '../../../db/queries/publishing-posts'
import type { Database } from '../../../db/types'

export type Suggestion = {
  productId: string
  title: string
  score: number
  orders: number
  revenueMinor: number
  currency: string | null
  views: number
  stock: number | null
  lastPostedAt: string | null
  reasons: string[]
  /** The next time at the shop's busiest order hour, in its time zone (`YYYY-MM-DDTHH:mm`). */
  suggestedTime: string
  /** What "make a video" sends to the studio (`POST /api/studio/videos`). */
  studio: { source: { kind: 'product'; productId: string } }
}

const DAY = 86_400_000

/**
 * "What to post next", from the shop's own data only: products ranked by what converts (orders
 * attributed in the last 30 days, revenue, orders per 1,000 views of their posts), lifted by
 * stock on hand and by time since they were last posted, lowered when out of stock. The time
 * offered is the next occurrence of the hour the shop's orders come in most (18:00 without history).
 */
export async function suggestNextPosts(db: Database, merchantId: string, now = new Date()): Promise<{ timeZone: string; items: Suggestion[] }> {
  const timeZone = await getPublishingTimeZone(db, merchantId)
  const rows = await productPerformance(db, merchantId, 30)
  const hour = (await busiestOrderHour(db, merchantId, timeZone)) ?? 18
  const local = utcToZonedTime(now, timeZone)
  const todayAt = `${local.slice(0, 10)}T${String(hour).padStart(2, '0')}:00`
  const suggestedTime =
    todayAt > local ? todayAt : `${utcToZonedTime(new Date(now.getTime() + DAY), timeZone).slice(0, 10)}T${String(hour).padStart(2, '0')}:00`
  const items = rows.map((r): Suggestion => {
    const views = Number(r.views)
    const revenue = Number(r.revenue_minor)
    const sinceDays = r.last_posted_at ? (now.getTime() - Date.parse(r.last_posted_at)) / DAY : null
    const conversion = views > 0 ? (r.orders / views) * 1000 : 0
    const reasons: string[] = []
    let score = r.orders * 10 + Math.log10(1 + revenue) * 5 + conversion * 2
    if (r.orders) reasons.push(`${r.orders} order${r.orders === 1 ? '' : 's'} in 30 days`)
    if (conversion) reasons.push(`${conversion.toFixed(1)} orders per 1,000 views`)
    if (r.stock === 0) {
      score *= 0.1
      reasons.push('out of stock')
    } else if (r.stock !== null && r.stock >= 5) {
      score += 3
      reasons.push(`${r.stock} in stock`)
    }
    if (sinceDays === null) {
      score += 4
      reasons.push('never posted')
    } else if (sinceDays > 7) {
      score += Math.min(6, sinceDays / 7)
      reasons.push(`last posted ${Math.round(sinceDays)} days ago`)
    } else score -= 5
    return {
      productId: r.product_id,
      title: r.title,
      score: Math.round(score * 10) / 10,
      orders: r.orders,
      revenueMinor: revenue,
      currency: r.currency,
      views,
      stock: r.stock,
      lastPostedAt: r.last_posted_at ? new Date(r.last_posted_at).toISOString() : null,
      reasons,
      suggestedTime,
      studio: { source: { kind: 'product', productId: r.product_id } },
    }
  })
  items.sort((a, b) => b.score - a.score)
  return { timeZone, items: items.slice(0, 10) }
}
