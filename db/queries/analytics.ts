import { sql } from 'drizzle-orm'
import { events } from '../schema'
import type { Database } from '../types'
import { rowsOf } from '../types'

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

// The four funnel stages: a QR scan is a click; an order-button tap counts with chats started
// only when the bot confirms it (chat_started), so taps are reported on their own.
const STAGES = sql`
  count(*) filter (where e.type = 'page_view')::int as views,
  count(*) filter (where e.type in ('link_click', 'qr_scan'))::int as clicks,
  count(*) filter (where e.type = 'order_tap')::int as taps,
  count(*) filter (where e.type = 'chat_started')::int as chats,
  count(*) filter (where e.type = 'order_placed')::int as orders`

/** Daily counts of each stage between `from` and `to` (every day present, zeros included). */
export async function eventsOverTime(db: Database, r: AnalyticsRange) {
  return rowsOf<Stages & { day: string }>(
    db,
    sql`
    with days as (select generate_series(date_trunc('day', ${r.from.toISOString()}::timestamptz), date_trunc('day', ${r.to.toISOString()}::timestamptz), interval '1 day') as day)
    select to_char(d.day, 'YYYY-MM-DD') as day, ${STAGES}
    from days d left join events e on e.merchant_id = ${r.merchantId} and date_trunc('day', e.occurred_at) = d.day and e.occurred_at between ${r.from.toISOString()} and ${r.to.toISOString()}
    group by d.day order by d.day`,
  )
}

/** Totals of each stage: the funnel video → click → chat → order. */
export async function funnel(db: Database, r: AnalyticsRange) {
  const rows = await rowsOf<Stages>(
    db,
    sql`select ${STAGES} from events e where e.merchant_id = ${r.merchantId} and e.occurred_at between ${r.from.toISOString()} and ${r.to.toISOString()}`,
  )
  return rows[0]
}

/** Per product, per video and per short link stage counts, most viewed first. */
export async function breakdowns(db: Database, r: AnalyticsRange) {
  const range = sql`e.merchant_id = ${r.merchantId} and e.occurred_at between ${r.from.toISOString()} and ${r.to.toISOString()}`
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
    rowsOf<StageRow>(
      db,
      sql`select l.id, l.code as label, ${STAGES} from events e join short_links l on l.merchant_id = e.merchant_id and (l.id = e.link_id or l.code = e.meta->>'linkCode') where ${range}
      group by l.id, l.code order by clicks desc, views desc limit 50`,
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
