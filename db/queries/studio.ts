import { and, asc, desc, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm'
import {
  channels,
  events,
  mediaAssets,
  merchants,
  productMedia,
  products,
  productVariants,
  productVideos,
  type StudioVideo,
  type StudioVideoEvent,
  type StudioVideoOptions,
  studioBatches,
  studioCosts,
  studioSafetyLog,
  studioSettings,
  studioVideoEvents,
  studioVideos,
  videos,
} from '../schema'
import { type Database, rowsOf } from '../types'

// ---- settings

export async function getStudioSettings(db: Database, merchantId: string) {
  const [row] = await db.select().from(studioSettings).where(eq(studioSettings.merchantId, merchantId))
  return row ?? null
}

export async function saveStudioBrandVoice(db: Database, merchantId: string, brandVoice: Record<string, unknown>) {
  const [row] = await db
    .insert(studioSettings)
    .values({ merchantId, brandVoice })
    .onConflictDoUpdate({ target: studioSettings.merchantId, set: { brandVoice, updatedAt: new Date() } })
    .returning()
  return row
}

/** Stores (or with null, forgets) the shop's encrypted OpenAI key. */
export async function saveStudioOpenAiKey(db: Database, merchantId: string, encrypted: string | null) {
  await db
    .insert(studioSettings)
    .values({ merchantId, openaiKeyEncrypted: encrypted })
    .onConflictDoUpdate({ target: studioSettings.merchantId, set: { openaiKeyEncrypted: encrypted, updatedAt: new Date() } })
}

// ---- videos

export type NewStudioVideo = { source: Record<string, unknown>; options: StudioVideoOptions; productId: string | null }

/**
 * Inserts one video, or a batch of them, unless that would take the shop past `quota` videos
 * since `dayStart`. The count and the insert share a transaction behind a per-shop advisory lock,
 * so two requests racing for the last slot cannot both get it.
 */
export async function insertStudioVideos(
  db: Database,
  input: { merchantId: string; createdBy: string | null; quota: number; dayStart: Date; batch: boolean; videos: NewStudioVideo[] },
): Promise<{ limited: true; used: number } | { limited: false; batchId: string | null; rows: StudioVideo[] }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`studio-quota:${input.merchantId}`}))`)
    const used = await countStudioVideosSince(tx as unknown as Database, input.merchantId, input.dayStart)
    if (used + input.videos.length > input.quota) return { limited: true as const, used }
    let batchId: string | null = null
    if (input.batch) {
      const [batch] = await tx
        .insert(studioBatches)
        .values({ merchantId: input.merchantId, createdBy: input.createdBy, total: input.videos.length })
        .returning({ id: studioBatches.id })
      batchId = batch.id
    }
    const rows = await tx
      .insert(studioVideos)
      .values(
        input.videos.map((v, position) => ({
          merchantId: input.merchantId,
          createdBy: input.createdBy,
          batchId,
          position,
          source: v.source,
          options: v.options,
          productId: v.productId,
        })),
      )
      .returning()
    // Each video's instance is named after it, so creating it twice is a no-op.
    const named = await tx
      .update(studioVideos)
      .set({ workflowInstanceId: sql`${studioVideos.id}::text` })
      .where(
        inArray(
          studioVideos.id,
          rows.map((r) => r.id),
        ),
      )
      .returning()
    return { limited: false as const, batchId, rows: named.sort((a, b) => a.position - b.position) }
  })
}

export async function countStudioVideosSince(db: Database, merchantId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(studioVideos)
    .where(and(eq(studioVideos.merchantId, merchantId), gte(studioVideos.createdAt, since)))
  return row?.n ?? 0
}

export async function getStudioVideo(db: Database, merchantId: string, id: string): Promise<StudioVideo | null> {
  const [row] = await db
    .select()
    .from(studioVideos)
    .where(and(eq(studioVideos.merchantId, merchantId), eq(studioVideos.id, id)))
  return row ?? null
}

/** For the Workflow, which knows the id from its own params. */
export async function getStudioVideoById(db: Database, id: string): Promise<StudioVideo | null> {
  const [row] = await db.select().from(studioVideos).where(eq(studioVideos.id, id))
  return row ?? null
}

export async function listStudioVideos(db: Database, merchantId: string, o: { status?: string; batchId?: string; limit: number; before?: Date }) {
  return db
    .select()
    .from(studioVideos)
    .where(
      and(
        eq(studioVideos.merchantId, merchantId),
        o.status ? eq(studioVideos.status, o.status) : undefined,
        o.batchId ? eq(studioVideos.batchId, o.batchId) : undefined,
        o.before ? lt(studioVideos.createdAt, o.before) : undefined,
      ),
    )
    .orderBy(desc(studioVideos.createdAt), desc(studioVideos.id))
    .limit(o.limit)
}

export async function getStudioBatch(db: Database, merchantId: string, id: string) {
  const [row] = await db
    .select()
    .from(studioBatches)
    .where(and(eq(studioBatches.merchantId, merchantId), eq(studioBatches.id, id)))
  return row ?? null
}

export type StudioVideoPatch = Partial<
  Pick<
    StudioVideo,
    | 'brief'
    | 'script'
    | 'scriptIssues'
    | 'safety'
    | 'status'
    | 'phase'
    | 'percent'
    | 'voice'
    | 'outputs'
    | 'qc'
    | 'post'
    | 'providers'
    | 'error'
    | 'finishedAt'
    | 'workflowInstanceId'
    | 'attempt'
    | 'sentToPublishingAt'
    | 'onStorefront'
  >
>

/**
 * Changes a video and, when `event` is given, appends its progress event numbered by the row's
 * own counter (both in one transaction, so the stream never shows a state the row has not).
 * `onlyInstance` makes the write a no-op for an instance that a resubmit has replaced.
 */
export async function updateStudioVideo(
  db: Database,
  id: string,
  patch: StudioVideoPatch,
  event?: { data?: Record<string, unknown> },
  onlyInstance?: string,
): Promise<StudioVideo | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(studioVideos)
      .set({ ...patch, ...(event ? { eventSeq: sql`${studioVideos.eventSeq} + 1` } : {}), updatedAt: new Date() })
      .where(and(eq(studioVideos.id, id), onlyInstance ? eq(studioVideos.workflowInstanceId, onlyInstance) : undefined))
      .returning()
    if (!row) return null
    if (event) {
      await tx.insert(studioVideoEvents).values({
        videoId: row.id,
        merchantId: row.merchantId,
        batchId: row.batchId,
        seq: row.eventSeq,
        phase: row.phase,
        status: row.status,
        percent: row.percent,
        data: event.data ?? {},
      })
    }
    return row
  })
}

export async function listStudioVideoEvents(db: Database, videoId: string, afterSeq: number): Promise<StudioVideoEvent[]> {
  return db
    .select()
    .from(studioVideoEvents)
    .where(and(eq(studioVideoEvents.videoId, videoId), gt(studioVideoEvents.seq, afterSeq)))
    .orderBy(asc(studioVideoEvents.seq))
    .limit(200)
}

export async function listStudioBatchEvents(db: Database, batchId: string, afterId: number): Promise<StudioVideoEvent[]> {
  return db
    .select()
    .from(studioVideoEvents)
    .where(and(eq(studioVideoEvents.batchId, batchId), gt(studioVideoEvents.id, afterId)))
    .orderBy(asc(studioVideoEvents.id))
    .limit(200)
}

/** Deletes a video's row (events, safety log cascade; cost lines stay, detached) and returns it. */
export async function deleteStudioVideo(db: Database, merchantId: string, id: string): Promise<StudioVideo | null> {
  const [row] = await db
    .delete(studioVideos)
    .where(and(eq(studioVideos.merchantId, merchantId), eq(studioVideos.id, id)))
    .returning()
  return row ?? null
}

/**
 * The media assets of these keys that no other studio video of the shop still shows (outputs
 * are content-addressed, so two videos can share a file), deleted; their keys returned for R2.
 */
export async function deleteUnsharedStudioAssets(db: Database, merchantId: string, keys: string[]): Promise<string[]> {
  if (!keys.length) return []
  const stillUsed = await rowsOf<{ key: string }>(
    db,
    sql`select distinct o->>'key' as key from studio_videos v, jsonb_array_elements(v.outputs) o
        where v.merchant_id = ${merchantId} and o->>'key' = any(array(select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb)))`,
  )
  const used = new Set(stillUsed.map((r) => r.key))
  const gone = keys.filter((k) => !used.has(k))
  if (gone.length) await db.delete(mediaAssets).where(and(eq(mediaAssets.merchantId, merchantId), inArray(mediaAssets.key, gone)))
  return gone
}

/**
 * Finished drafts nobody published past their shop's retention (brand voice `retentionDays`,
 * default 30): ready, failed, rejected or parked, never sent to publishing nor on the storefront.
 */
export async function listExpiredStudioDrafts(db: Database, now: Date, limit: number): Promise<Array<{ id: string; merchantId: string }>> {
  return rowsOf(
    db,
    sql`select v.id, v.merchant_id as "merchantId" from studio_videos v
        left join studio_settings s on s.merchant_id = v.merchant_id
        where v.status in ('ready', 'failed', 'rejected', 'parked')
          and v.sent_to_publishing_at is null and v.on_storefront = false
          and coalesce(v.finished_at, v.updated_at) < ${now.toISOString()}::timestamptz
              - make_interval(days => coalesce((s.brand_voice->>'retentionDays')::int, 30))
        order by v.finished_at limit ${limit}`,
  )
}

// ---- cost and safety log

export type StudioCostLine = { step: string; provider: string; unit: string; quantity: number; usd: number }

/** Records a step's cost lines; a retried step overwrites its own lines (keyed by instance, step, provider, unit). */
export async function saveStudioCosts(db: Database, input: { merchantId: string; videoId: string; instanceId: string; lines: StudioCostLine[] }) {
  if (!input.lines.length) return
  await db
    .insert(studioCosts)
    .values(input.lines.map((l) => ({ ...l, merchantId: input.merchantId, videoId: input.videoId, instanceId: input.instanceId })))
    .onConflictDoUpdate({
      target: [studioCosts.instanceId, studioCosts.step, studioCosts.provider, studioCosts.unit],
      set: { quantity: sql`excluded.quantity`, usd: sql`excluded.usd` },
    })
}

export async function listStudioCostsOfVideo(db: Database, videoId: string) {
  return db.select().from(studioCosts).where(eq(studioCosts.videoId, videoId)).orderBy(asc(studioCosts.createdAt))
}

/** Spend since a time, per provider (the settings page's "this month"). */
export async function studioCostsByProvider(db: Database, merchantId: string, since: Date) {
  return db
    .select({ provider: studioCosts.provider, usd: sql<number>`coalesce(sum(${studioCosts.usd}), 0)::float8`, lines: sql<number>`count(*)::int` })
    .from(studioCosts)
    .where(and(eq(studioCosts.merchantId, merchantId), gte(studioCosts.createdAt, since)))
    .groupBy(studioCosts.provider)
    .orderBy(studioCosts.provider)
}

export async function logStudioSafety(
  db: Database,
  input: { merchantId: string; videoId: string; stage: 'render' | 'publish' | 'edit'; decision: string; hits: Record<string, unknown>[]; providers: string[] },
) {
  await db.insert(studioSafetyLog).values(input)
}

export async function listStudioSafetyLog(db: Database, videoId: string) {
  return db.select().from(studioSafetyLog).where(eq(studioSafetyLog.videoId, videoId)).orderBy(asc(studioSafetyLog.createdAt))
}

// ---- catalog facts for the brief

export type StudioShopFacts = {
  name: string
  slug: string
  currency: string
  avatarKey: string | null
  settings: Record<string, unknown>
  channelKinds: string[]
}

export async function getStudioShopFacts(db: Database, merchantId: string): Promise<StudioShopFacts | null> {
  const [shop] = await db
    .select({ name: merchants.name, slug: merchants.slug, currency: merchants.defaultCurrency, avatarKey: merchants.avatarKey, settings: merchants.settings })
    .from(merchants)
    .where(eq(merchants.id, merchantId))
  if (!shop) return null
  const kinds = await db
    .selectDistinct({ kind: channels.kind })
    .from(channels)
    .where(and(eq(channels.merchantId, merchantId), eq(channels.enabled, true)))
  return { ...shop, channelKinds: kinds.map((k) => k.kind) }
}

export type StudioProductFacts = {
  id: string
  title: string
  description: string
  priceMinor: number
  compareAtMinor: number | null
  currency: string
  stock: number | null
  category: string | null
  tags: string[]
  promoCodes: string[]
  variants: Array<{ title: string; stock: number | null }>
  imageKeys: string[]
  clipKeys: string[]
  coverKeys: string[]
  /** The merchant's own videos of the product, best performing first. */
  videos: Array<{ caption: string | null; clicks: number; orders: number }>
  clicks: number
  orders: number
}

/** What the hub knows of these products (in the order asked): the only facts a script may claim. */
export async function getStudioProductFacts(db: Database, merchantId: string, productIds: string[]): Promise<StudioProductFacts[]> {
  if (!productIds.length) return []
  const rows = await db
    .select()
    .from(products)
    .where(and(eq(products.merchantId, merchantId), inArray(products.id, productIds)))
  const variants = await db
    .select({ productId: productVariants.productId, title: productVariants.title, stock: productVariants.stock })
    .from(productVariants)
    .where(and(eq(productVariants.merchantId, merchantId), inArray(productVariants.productId, productIds)))
    .orderBy(asc(productVariants.position))
  const media = await db
    .select({ productId: productMedia.productId, key: mediaAssets.key, contentType: mediaAssets.contentType })
    .from(productMedia)
    .innerJoin(mediaAssets, eq(mediaAssets.id, productMedia.assetId))
    .where(and(eq(productMedia.merchantId, merchantId), inArray(productMedia.productId, productIds), eq(mediaAssets.kind, 'original')))
    .orderBy(asc(productMedia.position))
  const linked = await rowsOf<{ productId: string; videoId: string; caption: string | null; coverKey: string | null; clicks: number; orders: number }>(
    db,
    sql`select pv.product_id as "productId", v.id as "videoId", v.caption, a.key as "coverKey",
               (select count(*)::int from ${events} e where e.merchant_id = ${merchantId} and e.video_id = v.id and e.type = 'link_click') as clicks,
               (select count(*)::int from ${events} e where e.merchant_id = ${merchantId} and e.video_id = v.id and e.type = 'order_placed') as orders
        from ${productVideos} pv join ${videos} v on v.id = pv.video_id left join ${mediaAssets} a on a.id = v.cover_asset_id
        where pv.merchant_id = ${merchantId} and pv.product_id = any(array(select jsonb_array_elements_text(${JSON.stringify(productIds)}::jsonb))::uuid[])`,
  )
  const productEvents = await rowsOf<{ productId: string; clicks: number; orders: number }>(
    db,
    sql`select product_id as "productId", count(*) filter (where type = 'link_click')::int as clicks, count(*) filter (where type = 'order_placed')::int as orders
        from ${events} where merchant_id = ${merchantId}
          and product_id = any(array(select jsonb_array_elements_text(${JSON.stringify(productIds)}::jsonb))::uuid[])
        group by product_id`,
  )
  const byId = new Map(rows.map((r) => [r.id, r]))
  return productIds.flatMap((id) => {
    const p = byId.get(id)
    if (!p) return []
    const own = linked.filter((l) => l.productId === id).sort((a, b) => b.orders - a.orders || b.clicks - a.clicks)
    const ev = productEvents.find((e) => e.productId === id)
    return [
      {
        id: p.id,
        title: p.title,
        description: p.description,
        priceMinor: p.priceMinor,
        compareAtMinor: p.compareAtMinor,
        currency: p.currency,
        stock: p.stock,
        category: p.category,
        tags: p.tags,
        promoCodes: p.promoCodes,
        variants: variants.filter((v) => v.productId === id).map((v) => ({ title: v.title, stock: v.stock })),
        imageKeys: media.filter((m) => m.productId === id && m.contentType.startsWith('image/')).map((m) => m.key),
        clipKeys: media.filter((m) => m.productId === id && m.contentType.startsWith('video/')).map((m) => m.key),
        coverKeys: own.flatMap((l) => (l.coverKey ? [l.coverKey] : [])),
        videos: own.map((l) => ({ caption: l.caption, clicks: l.clicks, orders: l.orders })),
        clicks: ev?.clicks ?? 0,
        orders: ev?.orders ?? 0,
      },
    ]
  })
}

/** Which of these product ids belong to the shop. */
export async function ownedStudioProductIds(db: Database, merchantId: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return []
  const rows = await db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.merchantId, merchantId), inArray(products.id, ids)))
  return rows.map((r) => r.id)
}
