import { and, desc, eq, sql } from 'drizzle-orm'
import { conversations, merchants, type ShopExport, shopExports, shopRetention } from '../schema'
import { type Database, rowsOf } from '../types'

/** A JS array as one Postgres text[] parameter (drizzle would spread an array into a list of parameters). */
const textArray = (values: readonly string[]) => sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`

/** The provider ids of a shop's channels (WhatsApp phone number ids, Telegram bot ids). */
const SHOP_CHANNEL_IDS = (merchantId: string) => sql`select external_id from channels where merchant_id = ${merchantId}`

// ---- Shop export

/**
 * Starts an export unless one is already queued or running for the shop (the partial unique
 * index decides, so two clicks racing make one export). Returns null when one is in progress.
 */
export async function insertShopExport(db: Database, input: { merchantId: string; requestedBy: string | null }): Promise<ShopExport | null> {
  const [row] = await db.insert(shopExports).values(input).onConflictDoNothing().returning()
  return row ?? null
}

export async function getShopExport(db: Database, merchantId: string, id: string): Promise<ShopExport | null> {
  const [row] = await db
    .select()
    .from(shopExports)
    .where(and(eq(shopExports.merchantId, merchantId), eq(shopExports.id, id)))
  return row ?? null
}

export async function getShopExportById(db: Database, id: string): Promise<ShopExport | null> {
  const [row] = await db.select().from(shopExports).where(eq(shopExports.id, id))
  return row ?? null
}

export async function listShopExports(db: Database, merchantId: string, limit = 5): Promise<ShopExport[]> {
  return db.select().from(shopExports).where(eq(shopExports.merchantId, merchantId)).orderBy(desc(shopExports.createdAt)).limit(limit)
}

export async function updateShopExport(
  db: Database,
  id: string,
  patch: Partial<Pick<ShopExport, 'status' | 'rowsDone' | 'rowsTotal' | 'key' | 'bytes' | 'error' | 'finishedAt' | 'expiresAt'>>,
) {
  await db.update(shopExports).set(patch).where(eq(shopExports.id, id))
}

/**
 * What goes into an export, table by table. `omit` drops columns that are secrets or derived
 * (password hashes, encrypted channel tokens, the search vector). `order` is the keyset the rows
 * are paged by: a unique `id` (uuid or bigint) where the table has one, else the primary key
 * columns with an offset (those tables are small link tables).
 */
export const EXPORT_TABLES = [
  { name: 'shop', table: 'merchants', scope: 'id', omit: [], order: { id: 'uuid' } },
  { name: 'products', table: 'products', scope: 'merchant_id', omit: ['search'], order: { id: 'uuid' } },
  { name: 'product_variants', table: 'product_variants', scope: 'merchant_id', omit: [], order: { id: 'uuid' } },
  { name: 'categories', table: 'categories', scope: 'merchant_id', omit: [], order: { id: 'uuid' } },
  { name: 'media', table: 'media_assets', scope: 'merchant_id', omit: [], order: { id: 'uuid' } },
  { name: 'product_media', table: 'product_media', scope: 'merchant_id', omit: [], order: { keys: 'product_id, asset_id' } },
  { name: 'videos', table: 'videos', scope: 'merchant_id', omit: [], order: { id: 'uuid' } },
  { name: 'product_videos', table: 'product_videos', scope: 'merchant_id', omit: [], order: { keys: 'product_id, video_id' } },
  { name: 'proposals', table: 'product_proposals', scope: 'merchant_id', omit: [], order: { id: 'uuid' } },
  { name: 'orders', table: 'orders', scope: 'merchant_id', omit: [], order: { id: 'uuid' } },
  { name: 'order_items', table: 'order_items', scope: 'merchant_id', omit: [], order: { id: 'uuid' } },
  { name: 'conversations', table: 'conversations', scope: 'merchant_id', omit: [], order: { id: 'uuid' } },
  { name: 'messages', table: 'messages', scope: 'merchant_id', omit: [], order: { id: 'uuid' } },
  { name: 'short_links', table: 'short_links', scope: 'merchant_id', omit: ['password_hash'], order: { id: 'uuid' } },
  { name: 'events', table: 'events', scope: 'merchant_id', omit: [], order: { id: 'bigint' } },
  { name: 'channels', table: 'channels', scope: 'merchant_id', omit: ['secrets_encrypted', 'webhook_key'], order: { id: 'uuid' } },
  { name: 'audit_log', table: 'audit_log', scope: 'merchant_id', omit: [], order: { id: 'uuid' } },
  { name: 'webhook_endpoints', table: 'webhook_endpoints', scope: 'merchant_id', omit: ['secret_encrypted'], order: { id: 'uuid' } },
  { name: 'studio_settings', table: 'studio_settings', scope: 'merchant_id', omit: ['openai_key_encrypted'], order: { keys: 'merchant_id' } },
  { name: 'studio_batches', table: 'studio_batches', scope: 'merchant_id', omit: [], order: { id: 'uuid' } },
  { name: 'studio_videos', table: 'studio_videos', scope: 'merchant_id', omit: [], order: { id: 'uuid' } },
  { name: 'studio_costs', table: 'studio_costs', scope: 'merchant_id', omit: [], order: { id: 'uuid' } },
  { name: 'studio_safety_log', table: 'studio_safety_log', scope: 'merchant_id', omit: [], order: { id: 'uuid' } },
  { name: 'publishing_settings', table: 'publishing_settings', scope: 'merchant_id', omit: [], order: { keys: 'merchant_id' } },
  { name: 'publishing_channels', table: 'publishing_channels', scope: 'merchant_id', omit: ['tokens_encrypted'], order: { id: 'uuid' } },
  { name: 'publishing_posts', table: 'publishing_posts', scope: 'merchant_id', omit: [], order: { id: 'uuid' } },
  { name: 'publishing_post_targets', table: 'publishing_post_targets', scope: 'merchant_id', omit: [], order: { id: 'uuid' } },
  { name: 'publishing_post_events', table: 'publishing_post_events', scope: 'merchant_id', omit: [], order: { id: 'bigint' } },
  { name: 'publishing_post_metrics', table: 'publishing_post_metrics', scope: 'merchant_id', omit: [], order: { id: 'bigint' } },
  { name: 'bot_taught_phrases', table: 'bot_taught_phrases', scope: 'merchant_id', omit: [], order: { id: 'uuid' } },
] as const satisfies ReadonlyArray<{
  name: string
  table: string
  scope: 'id' | 'merchant_id'
  omit: readonly string[]
  order: { id: 'uuid' | 'bigint' } | { keys: string }
}>

export type ExportTable = (typeof EXPORT_TABLES)[number]

/** Rows per table of a shop's export, for the progress total. */
export async function countExportRows(db: Database, merchantId: string): Promise<Record<string, number>> {
  const parts = EXPORT_TABLES.map((t) => sql`select ${t.name} as name, count(*)::int as n from ${sql.raw(t.table)} where ${sql.raw(t.scope)} = ${merchantId}`)
  const rows = await rowsOf<{ name: string; n: number }>(db, sql.join(parts, sql` union all `))
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]))
}

/**
 * One page of a table's rows for the export, each as a JSON object of its columns (minus
 * `omit`). `cursor` is the last row's id (keyset tables) or the offset so far (link tables).
 */
export async function pageExportRows(
  db: Database,
  spec: ExportTable,
  merchantId: string,
  cursor: string | null,
  limit: number,
): Promise<{ rows: Record<string, unknown>[]; cursor: string | null }> {
  const omit = sql`${`{${spec.omit.join(',')}}`}::text[]`
  const from = sql`from ${sql.raw(spec.table)} t where t.${sql.raw(spec.scope)} = ${merchantId}`
  if ('id' in spec.order) {
    const after = cursor === null ? sql`true` : sql`t.id > ${cursor}::${sql.raw(spec.order.id)}`
    const rows = await rowsOf<{ cursor: string; row: Record<string, unknown> }>(
      db,
      sql`select t.id::text as cursor, to_jsonb(t) - ${omit} as row ${from} and ${after} order by t.id limit ${limit}`,
    )
    return { rows: rows.map((r) => r.row), cursor: rows.length === limit ? rows[rows.length - 1].cursor : null }
  }
  const offset = Number(cursor ?? 0)
  const rows = await rowsOf<{ row: Record<string, unknown> }>(
    db,
    sql`select to_jsonb(t) - ${omit} as row ${from} order by ${sql.raw(spec.order.keys)} limit ${limit} offset ${offset}`,
  )
  return { rows: rows.map((r) => r.row), cursor: rows.length === limit ? String(offset + limit) : null }
}

/** The small extras of an export: members (no password hashes), retention, and daily analytics counts. */
export async function exportExtras(db: Database, merchantId: string) {
  const members = await rowsOf<Record<string, unknown>>(
    db,
    sql`select u.id as user_id, u.email, u.name, ms.role, ms.created_at from memberships ms join users u on u.id = ms.user_id
        where ms.merchant_id = ${merchantId} order by ms.created_at`,
  )
  const analyticsDaily = await rowsOf<Record<string, unknown>>(
    db,
    sql`select to_char(date_trunc('day', occurred_at at time zone 'UTC'), 'YYYY-MM-DD') as day, type, count(*)::int as count
        from events where merchant_id = ${merchantId} group by 1, 2 order by 1, 2`,
  )
  return { members, analytics_daily: analyticsDaily }
}

/** Ready exports past their expiry (the sweep deletes their objects). */
export async function listExpiredExports(db: Database, now: Date): Promise<ShopExport[]> {
  return db
    .select()
    .from(shopExports)
    .where(and(eq(shopExports.status, 'ready'), sql`${shopExports.expiresAt} <= ${now}`))
}

// ---- Shop deletion

export async function getShopDeletion(db: Database, merchantId: string) {
  const [row] = await db
    .select({ name: merchants.name, slug: merchants.slug, deleteRequestedAt: merchants.deleteRequestedAt, purgeAfter: merchants.purgeAfter })
    .from(merchants)
    .where(eq(merchants.id, merchantId))
  return row ?? null
}

/** Schedules the shop's purge (unless it already is): answers the scheduled row. */
export async function scheduleShopDeletion(db: Database, input: { merchantId: string; now: Date; purgeAfter: Date }) {
  await db
    .update(merchants)
    .set({ deleteRequestedAt: input.now, purgeAfter: input.purgeAfter })
    .where(and(eq(merchants.id, input.merchantId), sql`${merchants.deleteRequestedAt} is null`))
  return getShopDeletion(db, input.merchantId)
}

export async function cancelShopDeletion(db: Database, merchantId: string) {
  const rows = await db
    .update(merchants)
    .set({ deleteRequestedAt: null, purgeAfter: null })
    .where(and(eq(merchants.id, merchantId), sql`${merchants.deleteRequestedAt} is not null`))
    .returning({ id: merchants.id })
  return rows.length > 0
}

/** Shops whose grace period is over. */
export async function listShopsToPurge(db: Database, now: Date): Promise<string[]> {
  const rows = await db
    .select({ id: merchants.id })
    .from(merchants)
    .where(and(sql`${merchants.purgeAfter} is not null`, sql`${merchants.purgeAfter} <= ${now}`))
  return rows.map((r) => r.id)
}

/** R2 keys recorded for the shop (media assets and exports), whatever their prefix. */
export async function listShopObjectKeys(db: Database, merchantId: string): Promise<string[]> {
  const rows = await rowsOf<{ key: string }>(
    db,
    sql`select key from media_assets where merchant_id = ${merchantId}
        union select key from shop_exports where merchant_id = ${merchantId} and key is not null`,
  )
  return rows.map((r) => r.key)
}

/**
 * Removes the shop row; every table holding shop data references it with `on delete cascade`
 * (sessions only point at it and are set to null: they belong to people, not to the shop).
 * Queue jobs of the shop go with it, also the shoppers' inbound messages queued before the shop was known.
 */
export async function deleteShopRows(db: Database, merchantId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Inbound chat jobs are written before their shop is known (merchant_id null): found by the shop's channels.
    await tx.execute(
      sql`delete from jobs where merchant_id is null and type = 'bot.inbound' and payload->'event'->>'channelExternalId' in (${SHOP_CHANNEL_IDS(merchantId)})`,
    )
    const rows = await tx.delete(merchants).where(eq(merchants.id, merchantId)).returning({ id: merchants.id })
    return rows.length > 0
  })
}

// ---- One shopper's data

export async function shopperExport(db: Database, merchantId: string, conversationId: string) {
  const [profile] = await rowsOf<Record<string, unknown>>(
    db,
    sql`select id, channel, external_user_id, name, ref, opted_out, handoff, state, created_at, last_inbound_at, last_message_at, erased_at
        from conversations where merchant_id = ${merchantId} and id = ${conversationId}`,
  )
  if (!profile) return null
  const messages = await rowsOf<Record<string, unknown>>(
    db,
    sql`select id, direction, author, type, text, status, created_at from messages
        where merchant_id = ${merchantId} and conversation_id = ${conversationId} order by created_at, id`,
  )
  const orders = await rowsOf<Record<string, unknown>>(
    db,
    sql`select o.id, o.number, o.status, o.channel, o.customer_name, o.customer_contact, o.delivery, o.payment_method,
               o.subtotal_minor, o.delivery_fee_minor, o.currency, o.created_at,
               coalesce((select json_agg(json_build_object('title', i.title, 'quantity', i.quantity, 'unitPriceMinor', i.unit_price_minor,
                                                           'currency', i.currency, 'note', i.note) order by i.id)
                         from order_items i where i.order_id = o.id), '[]') as items
        from orders o where o.merchant_id = ${merchantId} and o.conversation_id = ${conversationId} order by o.created_at`,
  )
  return { profile, messages, orders }
}

/**
 * Erases one shopper's data in the shop, under the conversation's row lock (call inside a
 * transaction): every message, the name, cart and attribution, queue jobs that carried their
 * messages; their orders stay for the merchant's accounting with name, contact and address
 * removed. The conversation row stays as a marker (`erased_at`) until the sweep forgets the
 * channel address. Answers what was removed, or null for another shop's or an unknown id.
 */
export async function eraseShopperRows(db: Database, input: { merchantId: string; conversationId: string; now: Date }) {
  const [conv] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.merchantId, input.merchantId), eq(conversations.id, input.conversationId)))
    .for('update')
  if (!conv) return null
  const [m] = await rowsOf<{ n: number }>(
    db,
    sql`with d as (delete from messages where conversation_id = ${conv.id} returning 1) select count(*)::int as n from d`,
  )
  const [o] = await rowsOf<{ n: number; numbers: string[] | null }>(
    db,
    sql`with u as (update orders set customer_name = '', customer_contact = '',
                     delivery = jsonb_build_object('method', coalesce(delivery->>'method', 'pickup')), updated_at = now()
                   where merchant_id = ${input.merchantId} and conversation_id = ${conv.id} returning number)
        select count(*)::int as n, array_agg(number) as numbers from u`,
  )
  // Queue rows keep payloads (the inbound event carries the shopper's number, name and text).
  // Inbound jobs are written before their shop is known (merchant_id null): they are found by the shop's channel.
  await db.execute(
    sql`delete from jobs where
          (type = 'bot.inbound' and payload->'event'->>'from' = ${conv.externalUserId} and payload->'event'->>'channel' = ${conv.channel}
           and (merchant_id = ${input.merchantId} or payload->'event'->>'channelExternalId' in (${SHOP_CHANNEL_IDS(input.merchantId)})))
          or (merchant_id = ${input.merchantId} and type = 'bot.notify-merchant' and payload->'order'->>'number' = any(${textArray(o.numbers ?? [])}))`,
  )
  await db.update(conversations).set({ name: '', state: {}, ref: null, unread: 0, handoff: false, erasedAt: input.now }).where(eq(conversations.id, conv.id))
  return { conversation: conv, messages: Number(m.n), orders: Number(o.n) }
}

/** Notes that the shopper asked for erasure (the bot waits for their "yes"); cleared by their next turn. */
export async function markErasureAsked(db: Database, conversationId: string, at: Date, lang: string) {
  await db
    .update(conversations)
    .set({
      state: sql`coalesce(${conversations.state}, '{}'::jsonb) || jsonb_build_object('erasureAskedAt', ${at.toISOString()}::text, 'erasureLang', ${lang}::text)`,
      lastInboundAt: at,
      lastMessageAt: at,
    })
    .where(eq(conversations.id, conversationId))
}

export async function clearErasureAsked(db: Database, conversationId: string) {
  await db
    .update(conversations)
    .set({ state: sql`${conversations.state} - 'erasureAskedAt' - 'erasureLang'` })
    .where(eq(conversations.id, conversationId))
}

// ---- Retention

export type RetentionDays = { conversationDays: number; eventDays: number; proposalDays: number; renderDays: number }

export async function getRetentionRow(db: Database, merchantId: string): Promise<RetentionDays | null> {
  const [row] = await db.select().from(shopRetention).where(eq(shopRetention.merchantId, merchantId))
  return row ? { conversationDays: row.conversationDays, eventDays: row.eventDays, proposalDays: row.proposalDays, renderDays: row.renderDays } : null
}

export async function saveRetention(db: Database, merchantId: string, days: RetentionDays) {
  await db
    .insert(shopRetention)
    .values({ merchantId, ...days })
    .onConflictDoUpdate({ target: shopRetention.merchantId, set: { ...days, updatedAt: new Date() } })
}

/** Each shop's retention in days: its own row, or the defaults. Shops being deleted are left to the purge. */
const RETENTION_OF = (d: RetentionDays, only?: readonly string[]) => sql`(
  select m.id as merchant_id,
         coalesce(r.conversation_days, ${d.conversationDays}) as conversation_days,
         coalesce(r.event_days, ${d.eventDays}) as event_days,
         coalesce(r.proposal_days, ${d.proposalDays}) as proposal_days,
         coalesce(r.render_days, ${d.renderDays}) as render_days
  from merchants m left join shop_retention r on r.merchant_id = m.id
  where m.delete_requested_at is null ${only ? sql`and m.id::text = any(${textArray(only)})` : sql``})`

const cutoff = (now: Date, days: string) => sql`${now}::timestamptz - make_interval(days => ${sql.raw(days)})`

const deleted = async (db: Database, statement: ReturnType<typeof sql>) =>
  Number((await rowsOf<{ n: number }>(db, sql`with d as (${statement} returning 1) select count(*)::int as n from d`))[0]?.n ?? 0)

/**
 * Applies every shop's retention at `now` (0 days = keep forever): messages older than the
 * conversation window, and conversations quiet for that long; analytics events; pending or
 * rejected proposals; finished job rows. Render intermediates are returned for the caller to
 * delete with their R2 objects (`deleteMediaAssetsByIds`). `only` limits it to some shops.
 */
export async function applyRetention(db: Database, now: Date, defaults: RetentionDays, only?: readonly string[]) {
  const r = RETENTION_OF(defaults, only)
  const messages = await deleted(
    db,
    sql`delete from messages x using ${r} r where x.merchant_id = r.merchant_id and r.conversation_days > 0 and x.created_at < ${cutoff(now, 'r.conversation_days')}`,
  )
  const conversationsDeleted = await deleted(
    db,
    sql`delete from conversations x using ${r} r where x.merchant_id = r.merchant_id and r.conversation_days > 0
          and coalesce(x.last_message_at, x.created_at) < ${cutoff(now, 'r.conversation_days')}`,
  )
  const events = await deleted(
    db,
    sql`delete from events x using ${r} r where x.merchant_id = r.merchant_id and r.event_days > 0 and x.occurred_at < ${cutoff(now, 'r.event_days')}`,
  )
  const proposals = await deleted(
    db,
    sql`delete from product_proposals x using ${r} r where x.merchant_id = r.merchant_id and r.proposal_days > 0
          and x.status in ('pending', 'rejected') and x.created_at < ${cutoff(now, 'r.proposal_days')}`,
  )
  const jobs = await deleted(
    db,
    sql`delete from jobs x using ${r} r where x.merchant_id = r.merchant_id and r.render_days > 0
          and x.status in ('succeeded', 'failed', 'dead') and x.updated_at < ${cutoff(now, 'r.render_days')}`,
  )
  const intermediates = await rowsOf<{ id: string; key: string }>(
    db,
    sql`select a.id, a.key from media_assets a join ${r} r on r.merchant_id = a.merchant_id
        where r.render_days > 0 and a.kind in ('frame', 'preview') and a.created_at < ${cutoff(now, 'r.render_days')}
          and not exists (select 1 from product_media pm where pm.asset_id = a.id)
          and not exists (select 1 from videos v where v.cover_asset_id = a.id)
        limit 1000`,
  )
  return { messages, conversations: conversationsDeleted, events, proposals, jobs, intermediates }
}

/** Deletes media asset rows (their R2 objects are the caller's); keys other rows still use are answered so they are kept. */
export async function deleteMediaAssetsByIds(db: Database, ids: string[]): Promise<string[]> {
  if (!ids.length) return []
  const gone = await rowsOf<{ key: string }>(db, sql`delete from media_assets where id::text = any(${textArray(ids)}) returning key`)
  const keys = gone.map((g) => g.key)
  if (!keys.length) return []
  const still = await rowsOf<{ key: string }>(db, sql`select distinct key from media_assets where key = any(${textArray(keys)})`)
  const kept = new Set(still.map((s) => s.key))
  return keys.filter((k) => !kept.has(k))
}

/**
 * Erased shoppers' channel addresses, once nothing is left to send them: replaced by a marker so
 * the row no longer names them (a later message from the same number starts a new conversation).
 */
export async function forgetErasedAddresses(db: Database, now: Date) {
  return deleted(
    db,
    sql`update conversations c set external_user_id = 'erased:' || c.id::text
        where c.erased_at is not null and c.external_user_id not like 'erased:%' and c.erased_at <= ${now}
          and not exists (select 1 from messages m where m.conversation_id = c.id and m.direction = 'outbound' and m.status in ('queued', 'sending')
                          and m.created_at > ${now}::timestamptz - interval '1 day')
          and not exists (select 1 from messages m where m.conversation_id = c.id and m.direction = 'inbound' and m.created_at > c.erased_at)`,
  )
}
