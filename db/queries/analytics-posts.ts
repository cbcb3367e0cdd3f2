import { type SQL, sql } from 'drizzle-orm'
import { type Database, rowsOf } from '../types'
import type { AnalyticsRange } from './analytics'
import { LINK_CLICK_TYPES } from './links'

/**
 * The shop's posts on TikTok, YouTube and Instagram beside its own clicks, chats and orders
 * (issue 15): what the Analytics page's "Posts" section reads. Every query is scoped to one shop.
 */

const iso = (d: Date) => d.toISOString()

/** Target statuses that went out: `inbox` is a TikTok post sent to the creator's inbox. */
const POSTED = sql`('published', 'inbox')`

/**
 * The targets the period covers: posted by its end, and posted in it or read in it. `video_key`
 * names the video a post sends (a studio video, or a media asset), so reposts of one video group.
 */
function postedTargets(r: AnalyticsRange): SQL {
  return sql`
    pt as (
      select t.id, t.platform, t.status, t.platform_post_id, t.permalink, t.published_at, t.caption,
             case when p.studio_video_id is not null then 'studio' else 'asset' end as video_kind,
             coalesce(p.studio_video_id::text, p.source->>'videoId', p.source->>'assetId') as video_key,
             sv.product_id
      from publishing_post_targets t
      join publishing_posts p on p.id = t.post_id and p.merchant_id = ${r.merchantId}
      left join studio_videos sv on sv.id = p.studio_video_id and sv.merchant_id = ${r.merchantId}
      where t.merchant_id = ${r.merchantId} and t.status in ${POSTED} and t.published_at is not null
        and t.published_at <= ${iso(r.to)}
        and (t.published_at >= ${iso(r.from)} or exists (select 1 from publishing_post_metrics pm
              where pm.target_id = t.id and pm.merchant_id = ${r.merchantId} and pm.taken_at between ${iso(r.from)} and ${iso(r.to)}))
    )`
}

export type PostedTargetRow = {
  id: string
  platform: 'tiktok' | 'youtube' | 'instagram'
  status: string
  platform_post_id: string | null
  permalink: string | null
  published_at: string
  video_kind: 'studio' | 'asset'
  video_key: string
  product_id: string | null
  product_title: string | null
  caption: string
  title: string | null
  thumbnail_key: string | null
  views: number | null
  likes: number | null
  comments: number | null
  shares: number | null
  watch_seconds: number | null
  read_at: string | null
}

/**
 * Each posted target of the period with its newest reading up to the period's end (null counters
 * where the platform gave none, or nothing was read yet), its video's title and thumbnail key.
 */
export async function postedTargetsWithLatest(db: Database, r: AnalyticsRange) {
  return rowsOf<PostedTargetRow>(
    db,
    sql`with ${postedTargets(r)}
    select pt.id, pt.platform, pt.status, pt.platform_post_id, pt.permalink, pt.published_at, pt.video_kind, pt.video_key,
           pt.product_id, pr.title as product_title, pt.caption,
           nullif(left(coalesce(sv.script->'scenes'->0->>'say', ma.meta->>'title', ''), 120), '') as title,
           case pt.video_kind
             when 'studio' then (select o->>'key' from jsonb_array_elements(sv.outputs) o where o->>'kind' = 'cover' limit 1)
             else (select c.key from media_assets c where c.merchant_id = ${r.merchantId} and c.parent_id = ma.id
                     and c.content_type like 'image/%' order by (c.kind = 'thumbnail') desc, c.width nulls last limit 1)
           end as thumbnail_key,
           m.views, m.likes, m.comments, m.shares, m.watch_seconds, m.taken_at as read_at
    from pt
    left join studio_videos sv on pt.video_kind = 'studio' and sv.id::text = pt.video_key and sv.merchant_id = ${r.merchantId}
    left join media_assets ma on pt.video_kind = 'asset' and ma.id::text = pt.video_key and ma.merchant_id = ${r.merchantId}
    left join products pr on pr.id = pt.product_id and pr.merchant_id = ${r.merchantId}
    left join lateral (select pm.views, pm.likes, pm.comments, pm.shares, pm.watch_seconds, pm.taken_at from publishing_post_metrics pm
      where pm.target_id = pt.id and pm.merchant_id = ${r.merchantId} and pm.taken_at <= ${iso(r.to)}
      order by pm.taken_at desc, pm.id desc limit 1) m on true
    order by pt.published_at desc, pt.platform`,
  )
}

/**
 * Views gained per day and platform in the period: each reading's views less the target's
 * previous reading's (a target's first reading counts whole; a count the platform lowered — a
 * correction — gains nothing). Readings without a view count are skipped.
 */
export async function viewsGainedPerDay(db: Database, r: AnalyticsRange) {
  return rowsOf<{ day: string; platform: string; views: number }>(
    db,
    sql`with readings as (
      select pm.platform, pm.taken_at,
             greatest(0, pm.views - coalesce(lag(pm.views) over (partition by pm.target_id order by pm.taken_at, pm.id), 0)) as gained
      from publishing_post_metrics pm
      join publishing_post_targets t on t.id = pm.target_id and t.merchant_id = ${r.merchantId}
      where pm.merchant_id = ${r.merchantId} and pm.views is not null and pm.taken_at <= ${iso(r.to)}
    )
    select to_char(date_trunc('day', taken_at at time zone 'UTC'), 'YYYY-MM-DD') as day, platform, sum(gained)::float8 as views
    from readings where taken_at >= ${iso(r.from)}
    group by 1, 2 order by 1, 2`,
  )
}

/**
 * Every click (short link redirect or QR scan), chat and order of the period with what it was
 * traced to: a short link, a TikTok video id (from the `-V` ref, the page's video, or the video
 * row), and a product. A chat's trace is its first `chat_started`; an order's its `order_placed`
 * event, else its conversation's; an order's products are its items.
 */
function touches(r: AnalyticsRange): SQL {
  const firstChatStart = (conversationId: SQL) => sql`
    left join lateral (select e.link_id, e.video_id, e.ref, e.product_id, e.meta->>'videoExternalId' as video_ext from events e
      where e.merchant_id = ${r.merchantId} and e.conversation_id = ${conversationId} and e.type = 'chat_started'
      order by e.occurred_at limit 1) cs on true`
  return sql`
    raw_touch as (
      select 'click' as kind, 'e' || e.id as touch_id, e.link_id, e.video_id, e.meta->>'videoExternalId' as video_ext, e.ref, e.product_id,
             null::uuid as order_id, 0::bigint as revenue_minor, null::text as currency
      from events e
      where e.merchant_id = ${r.merchantId} and e.type in ${LINK_CLICK_TYPES} and e.occurred_at between ${iso(r.from)} and ${iso(r.to)}
      union all
      select 'chat', 'c' || c.id, cs.link_id, cs.video_id, cs.video_ext, coalesce(cs.ref, c.ref), cs.product_id, null, 0, null
      from conversations c ${firstChatStart(sql`c.id`)}
      where c.merchant_id = ${r.merchantId} and c.created_at between ${iso(r.from)} and ${iso(r.to)}
      union all
      select 'order', 'o' || o.id, coalesce(op.link_id, cs.link_id), coalesce(op.video_id, cs.video_id), coalesce(op.video_ext, cs.video_ext),
             coalesce(o.ref, cs.ref), coalesce(op.product_id, cs.product_id), o.id, o.subtotal_minor, o.currency
      from orders o
      left join lateral (select e.link_id, e.video_id, e.product_id, e.meta->>'videoExternalId' as video_ext from events e
        where e.merchant_id = ${r.merchantId} and e.order_id = o.id and e.type = 'order_placed' limit 1) op on true
      ${firstChatStart(sql`o.conversation_id`)}
      where o.merchant_id = ${r.merchantId} and o.created_at between ${iso(r.from)} and ${iso(r.to)}
    ),
    touch as (
      select t.*, l.code as link_code,
             coalesce(t.video_ext, v.external_id, substring(t.ref from '-V([A-Za-z0-9]+)$')) as tiktok_id,
             coalesce(t.product_id, rp.id) as traced_product_id
      from raw_touch t
      left join short_links l on l.id = t.link_id and l.merchant_id = ${r.merchantId}
      left join videos v on v.id = t.video_id and v.merchant_id = ${r.merchantId}
      left join products rp on t.product_id is null and t.ref is not null and rp.merchant_id = ${r.merchantId}
        and rp.ref = upper(split_part(t.ref, '-', 1))
    )`
}

export type AttributedRow = { key: string; clicks: number; chats: number; orders: number; revenue_minor: number; currency: string | null }

const COUNTS = sql`
  count(distinct tc.touch_id) filter (where tc.kind = 'click')::int as clicks,
  count(distinct tc.touch_id) filter (where tc.kind = 'chat')::int as chats,
  count(distinct tc.touch_id) filter (where tc.kind = 'order')::int as orders`

/**
 * Clicks, chats and orders traced to each posted video itself: through a short link `/l/<code>`
 * written in one of its captions, or through the id of one of its TikTok posts (`-V<id>` refs,
 * video pages). A touch that matches both counts once. Revenue: the orders' subtotals.
 */
export async function attributedToPostedVideos(db: Database, r: AnalyticsRange) {
  return rowsOf<AttributedRow>(
    db,
    sql`with ${postedTargets(r)}, ${touches(r)},
    video_keys as (
      select distinct pt.video_key as key, 'link' as via, m[1] as code from pt, regexp_matches(pt.caption, '/l/([A-Za-z0-9]+)', 'g') m
      union
      select distinct pt.video_key, 'tiktok', pt.platform_post_id from pt where pt.platform = 'tiktok' and pt.platform_post_id is not null
    ),
    matched as (
      select distinct k.key, tc.touch_id, tc.kind, tc.revenue_minor, tc.currency
      from video_keys k join touch tc on (k.via = 'link' and tc.link_code = k.code) or (k.via = 'tiktok' and tc.tiktok_id = k.code)
    )
    select tc.key, ${COUNTS}, coalesce(sum(tc.revenue_minor) filter (where tc.kind = 'order'), 0)::float8 as revenue_minor, max(tc.currency) as currency
    from matched tc group by tc.key`,
  )
}

/**
 * Clicks, chats and orders of each product, from every source (not only its posts): clicks and
 * chats traced to the product, orders that have it among their items. Revenue: its items' totals.
 */
export async function attributedToProducts(db: Database, r: AnalyticsRange, productIds: string[]) {
  if (productIds.length === 0) return []
  const ids = sql`${`{${productIds.join(',')}}`}::uuid[]`
  return rowsOf<AttributedRow>(
    db,
    sql`with ${touches(r)},
    items as (
      select oi.order_id, oi.product_id, sum(oi.quantity * oi.unit_price_minor) as minor, max(oi.currency) as currency
      from order_items oi where oi.merchant_id = ${r.merchantId} and oi.product_id = any(${ids}) group by 1, 2
    ),
    matched as (
      select tc.traced_product_id as key, tc.touch_id, tc.kind, 0::bigint as revenue_minor, null::text as currency
      from touch tc where tc.kind in ('click', 'chat') and tc.traced_product_id = any(${ids})
      union all
      select i.product_id, tc.touch_id, tc.kind, i.minor, i.currency from touch tc join items i on i.order_id = tc.order_id where tc.kind = 'order'
    )
    select tc.key::text as key, ${COUNTS}, coalesce(sum(tc.revenue_minor) filter (where tc.kind = 'order'), 0)::float8 as revenue_minor, max(tc.currency) as currency
    from matched tc group by tc.key`,
  )
}

/** The shop's default currency (what revenue is shown in when no order says otherwise). */
export async function shopCurrency(db: Database, merchantId: string): Promise<string> {
  const [row] = await rowsOf<{ currency: string }>(db, sql`select default_currency as currency from merchants where id = ${merchantId}`)
  return row?.currency ?? 'USD'
}
