import { sql } from 'drizzle-orm'
import { events } from '../schema'
import type { Database } from '../types'
import { rowsOf } from '../types'
import { LINK_CLICK_TYPES } from './links'

export type AnalyticsRange = { merchantId: string; from: Date; to: Date }
export type NewEvent = typeof events.$inferInsert
export type EventType = NewEvent['type']

/** The counts of the funnel's stages (and order-button taps). */
export type Stages = { views: number; clicks: number; taps: number; chats: number; orders: number }
/** Stage counts of one product, video or short link. */
export type StageRow = Stages & { id: string; label: string }

/** Writes a batch of events in one multi-row insert. */
export async function insertEvents(db: Database, rows: NewEvent[]) {
  if (rows.length === 0) return
  await db.insert(events).values(rows)
}

/**
 * Whether an untrusted shop id exists and every product id belongs to it (ids reported by public
 * pages), in one query.
 */
export async function shopHasProducts(db: Database, shopId: string, productIds: string[]): Promise<boolean> {
  const wanted = [...new Set(productIds)]
  const rows = await rowsOf<{ shops: number; products: number }>(
    db,
    sql`select (select count(*) from merchants where id = ${shopId})::int as shops,
               (select count(*) from products where merchant_id = ${shopId} and id = any(${`{${wanted.join(',')}}`}::uuid[]))::int as products`,
  )
  const found = rows[0]
  return found?.shops === 1 && found.products === wanted.length
}

// The funnel stages counted from events: a QR scan is a click (the same events the Links page
// counts, LINK_CLICK_TYPES); an order-button tap counts with chats started only when the bot
// confirms it (chat_started), so taps are reported on their own. These `chats` and `orders` are the
// attributed ones; the totals and the series count every chat and order (CHATS_AND_ORDERS).
const STAGES = sql`
  count(*) filter (where e.type = 'page_view')::int as views,
  count(*) filter (where e.type in ${LINK_CLICK_TYPES})::int as clicks,
  count(*) filter (where e.type = 'order_tap')::int as taps,
  count(*) filter (where e.type = 'chat_started')::int as chats,
  count(*) filter (where e.type = 'order_placed')::int as orders`

const iso = (d: Date) => d.toISOString()

/**
 * Every conversation and every order of the period (not only attributed ones), each with where
 * it came from: a short link, a video, the storefront (a `-P` ref), or `direct` (none of these).
 * A chat's source is its first `chat_started` event; an order's is its `order_placed` event, else
 * the source of its conversation.
 */
function touches(r: AnalyticsRange) {
  const firstChatStart = (conversationId: ReturnType<typeof sql>) => sql`
    left join lateral (select e.link_id, e.video_id, e.ref from events e
      where e.merchant_id = ${r.merchantId} and e.conversation_id = ${conversationId} and e.type = 'chat_started'
      order by e.occurred_at limit 1) cs on true`
  return sql`
    with touch as (
      select 'chat' as kind, c.created_at as at, cs.link_id, cs.video_id, coalesce(cs.ref, c.ref) as ref
      from conversations c ${firstChatStart(sql`c.id`)}
      where c.merchant_id = ${r.merchantId} and c.created_at between ${iso(r.from)} and ${iso(r.to)}
      union all
      select 'order', o.created_at, coalesce(op.link_id, cs.link_id), coalesce(op.video_id, cs.video_id), coalesce(o.ref, cs.ref)
      from orders o
      left join lateral (select e.link_id, e.video_id from events e
        where e.merchant_id = ${r.merchantId} and e.order_id = o.id and e.type = 'order_placed' limit 1) op on true
      ${firstChatStart(sql`o.conversation_id`)}
      where o.merchant_id = ${r.merchantId} and o.created_at between ${iso(r.from)} and ${iso(r.to)}
    ),
    sourced as (
      select t.*, case when t.link_id is not null then 'link' when t.video_id is not null then 'video'
                       when t.ref ~ '-P$' then 'storefront' else 'direct' end as source
      from touch t
    )`
}

/** Chats and orders by source (link, video, storefront, direct), the most first. */
export type SourceRow = { kind: 'link' | 'video' | 'storefront' | 'direct'; id: string | null; label: string; chats: number; orders: number }

export async function chatsAndOrdersBySource(db: Database, r: AnalyticsRange) {
  return rowsOf<SourceRow>(
    db,
    sql`${touches(r)}
    select s.source as kind,
           (case s.source when 'link' then s.link_id when 'video' then s.video_id end)::text as id,
           case s.source when 'link' then coalesce(nullif(l.title, ''), l.code, 'Short link')
                         when 'video' then coalesce(nullif(left(v.caption, 60), ''), v.external_id, 'Video')
                         when 'storefront' then 'Storefront' else 'Direct' end as label,
           count(*) filter (where s.kind = 'chat')::int as chats,
           count(*) filter (where s.kind = 'order')::int as orders
    from sourced s
    left join short_links l on s.source = 'link' and l.id = s.link_id
    left join videos v on s.source = 'video' and v.id = s.video_id
    group by 1, 2, 3 order by count(*) desc, 3 limit 100`,
  )
}

/** Every chat and order of the period per day (attributed or not). */
async function chatsAndOrdersPerDay(db: Database, r: AnalyticsRange) {
  return rowsOf<{ day: string; chats: number; orders: number }>(
    db,
    sql`${touches(r)}
    select to_char(date_trunc('day', s.at), 'YYYY-MM-DD') as day,
           count(*) filter (where s.kind = 'chat')::int as chats, count(*) filter (where s.kind = 'order')::int as orders
    from sourced s group by 1`,
  )
}

/**
 * Daily counts of each stage between `from` and `to` (every day present, zeros included); chats
 * and orders are all of them, attributed or not.
 */
export async function eventsOverTime(db: Database, r: AnalyticsRange) {
  const [rows, all] = await Promise.all([
    rowsOf<Stages & { day: string }>(
      db,
      sql`
    with days as (select generate_series(date_trunc('day', ${iso(r.from)}::timestamptz), date_trunc('day', ${iso(r.to)}::timestamptz), interval '1 day') as day)
    select to_char(d.day, 'YYYY-MM-DD') as day, ${STAGES}
    from days d left join events e on e.merchant_id = ${r.merchantId} and date_trunc('day', e.occurred_at) = d.day and e.occurred_at between ${iso(r.from)} and ${iso(r.to)}
    group by d.day order by d.day`,
    ),
    chatsAndOrdersPerDay(db, r),
  ])
  const byDay = new Map(all.map((d) => [d.day, d]))
  return rows.map((row) => ({ ...row, chats: byDay.get(row.day)?.chats ?? 0, orders: byDay.get(row.day)?.orders ?? 0 }))
}

/** Totals of each stage: the funnel video → click → chat → order (every chat and order counted). */
export async function funnel(db: Database, r: AnalyticsRange): Promise<Stages> {
  const [rows, all] = await Promise.all([
    rowsOf<Stages>(db, sql`select ${STAGES} from events e where e.merchant_id = ${r.merchantId} and e.occurred_at between ${iso(r.from)} and ${iso(r.to)}`),
    rowsOf<{ chats: number; orders: number }>(
      db,
      sql`${touches(r)} select count(*) filter (where kind = 'chat')::int as chats, count(*) filter (where kind = 'order')::int as orders from sourced`,
    ),
  ])
  const events = rows[0] ?? { views: 0, clicks: 0, taps: 0, chats: 0, orders: 0 }
  return { ...events, chats: all[0]?.chats ?? 0, orders: all[0]?.orders ?? 0 }
}

/** Per product, per video and per short link stage counts, most viewed first. */
export async function breakdowns(db: Database, r: AnalyticsRange) {
  const range = sql`e.merchant_id = ${r.merchantId} and e.occurred_at between ${iso(r.from)} and ${iso(r.to)}`
  const [products, videos, links, devices] = await Promise.all([
    rowsOf<StageRow>(
      db,
      sql`select p.id, p.title as label, ${STAGES} from events e join products p on p.id = e.product_id where ${range} group by p.id, p.title order by views desc, clicks desc limit 50`,
    ),
    // Page views reached through a video carry its TikTok id in meta (the `src=V…` of the page).
    rowsOf<StageRow>(
      db,
      sql`select v.id, coalesce(nullif(left(v.caption, 60), ''), v.external_id) as label, ${STAGES}
      from events e join videos v on v.merchant_id = e.merchant_id and (v.id = e.video_id or v.external_id = e.meta->>'videoExternalId') where ${range}
      group by v.id, label order by views desc, clicks desc limit 50`,
    ),
    // Listed by name (the code when it has none). Clicks are the redirect's own events (the link's
    // id), exactly what the Links page counts; a page reached through the link (its code in meta)
    // adds views and taps, never clicks.
    rowsOf<StageRow & { code: string }>(
      db,
      sql`select l.id, coalesce(nullif(l.title, ''), l.code) as label, l.code,
        count(*) filter (where e.type = 'page_view')::int as views,
        count(*) filter (where e.type in ${LINK_CLICK_TYPES} and e.link_id = l.id)::int as clicks,
        count(*) filter (where e.type = 'order_tap')::int as taps,
        count(*) filter (where e.type = 'chat_started')::int as chats,
        count(*) filter (where e.type = 'order_placed')::int as orders
      from events e join short_links l on l.merchant_id = e.merchant_id and (l.id = e.link_id or l.code = e.meta->>'linkCode') where ${range}
      group by l.id, l.title, l.code order by clicks desc, views desc limit 50`,
    ),
    rowsOf<{ label: string; events: number }>(
      db,
      sql`select coalesce(e.device, 'unknown') as label, count(*)::int as events from events e where ${range} group by 1 order by 2 desc`,
    ),
  ])
  return { products, videos, links, devices }
}

/**
 * Forgets idle token buckets under `prefix` (their keys carry an IP): a bucket untouched for
 * `idleSeconds` is full again anyway, so deleting it changes no decision.
 */
export async function pruneIdleBuckets(db: Database, prefix: string, idleSeconds: number) {
  await db.execute(sql`delete from outbox_pacing where key like ${`${prefix}%`} and refilled_at < now() - make_interval(secs => ${idleSeconds})`)
}

/**
 * Takes `cost` tokens from the token bucket `key` (capacity `capacity`, refilled at `perSecond`),
 * kept in `outbox_pacing`. The take is one conditional UPDATE (re-checked against the latest row
 * under concurrency), so parallel callers never spend the same tokens. Returns 0 when taken, else
 * the seconds until `cost` tokens are there.
 */
export async function takeBucketTokens(db: Database, key: string, capacity: number, perSecond: number, cost: number): Promise<number> {
  await db.execute(sql`insert into outbox_pacing (key, tokens, refilled_at) values (${key}, ${capacity}, now()) on conflict (key) do nothing`)
  const level = sql`least(${capacity}::float8, tokens + extract(epoch from (now() - refilled_at)) * ${perSecond}::float8)`
  const taken = await rowsOf<{ key: string }>(
    db,
    sql`update outbox_pacing set tokens = ${level} - ${cost}, refilled_at = now() where key = ${key} and ${level} >= ${cost} returning key`,
  )
  if (taken.length) return 0
  const [row] = await rowsOf<{ tokens: number }>(db, sql`select ${level} as tokens from outbox_pacing where key = ${key}`)
  return Math.max(0.05, (cost - Number(row?.tokens ?? 0)) / perSecond)
}
