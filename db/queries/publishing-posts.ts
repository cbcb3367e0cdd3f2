import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm'
import {
  mediaAssets,
  type PublishingPost,
  type PublishingPostTarget,
  publishingPostEvents,
  publishingPostMetrics,
  publishingPosts,
  publishingPostTargets,
  studioVideos,
} from '../schema'
import { type Database, rowsOf } from '../types'

// Posts, their per-platform targets (what a publish Workflow instance drives), the targets'
// events and metric snapshots.

type Platform = PublishingPostTarget['platform']

export type NewTarget = {
  platform: Platform
  channelId: string | null
  caption: string
  hashtags: string[]
  options: Record<string, unknown>
}

export type PostWithTargets = PublishingPost & { targets: PublishingPostTarget[] }

/** The studio video of the shop if it was sent to publishing (its outputs are what gets posted). */
export async function getPublishableStudioVideo(db: Database, merchantId: string, videoId: string) {
  const [row] = await db
    .select({ id: studioVideos.id, outputs: studioVideos.outputs, sentToPublishingAt: studioVideos.sentToPublishingAt, productId: studioVideos.productId })
    .from(studioVideos)
    .where(and(eq(studioVideos.merchantId, merchantId), eq(studioVideos.id, videoId)))
  return row ?? null
}

export async function getShopVideoAsset(db: Database, merchantId: string, assetId: string) {
  const [row] = await db
    .select()
    .from(mediaAssets)
    .where(and(eq(mediaAssets.merchantId, merchantId), eq(mediaAssets.id, assetId)))
  return row ?? null
}

/** The shop's own videos uploaded for posting, newest first. */
export async function listShopVideoUploads(db: Database, merchantId: string, limit = 50) {
  return db
    .select()
    .from(mediaAssets)
    .where(and(eq(mediaAssets.merchantId, merchantId), sql`${mediaAssets.meta}->>'source' = 'publishing-upload'`))
    .orderBy(desc(mediaAssets.createdAt))
    .limit(limit)
}

export async function insertPost(
  db: Database,
  input: {
    merchantId: string
    createdBy: string | null
    status: 'draft' | 'scheduled'
    source: Record<string, unknown>
    studioVideoId: string | null
    publishAt: Date
    localTime: string
    timeZone: string
    targets: NewTarget[]
  },
): Promise<PostWithTargets> {
  return db.transaction(async (tx) => {
    const { targets, ...post } = input
    const [row] = await tx.insert(publishingPosts).values(post).returning()
    const inserted = await tx
      .insert(publishingPostTargets)
      .values(targets.map((t) => ({ ...t, postId: row.id, merchantId: input.merchantId, status: 'scheduled' })))
      .returning()
    return { ...row, targets: inserted }
  })
}

export async function getPost(db: Database, merchantId: string, id: string): Promise<PostWithTargets | null> {
  const [row] = await db
    .select()
    .from(publishingPosts)
    .where(and(eq(publishingPosts.merchantId, merchantId), eq(publishingPosts.id, id)))
  if (!row) return null
  const targets = await db.select().from(publishingPostTargets).where(eq(publishingPostTargets.postId, id)).orderBy(asc(publishingPostTargets.platform))
  return { ...row, targets }
}

/** Posts of the shop whose time falls in [from, to), soonest first, with their targets. */
export async function listPosts(db: Database, merchantId: string, range: { from?: Date; to?: Date; limit?: number }): Promise<PostWithTargets[]> {
  const conds = [eq(publishingPosts.merchantId, merchantId)]
  if (range.from) conds.push(gte(publishingPosts.publishAt, range.from))
  if (range.to) conds.push(lte(publishingPosts.publishAt, range.to))
  const posts = await db
    .select()
    .from(publishingPosts)
    .where(and(...conds))
    .orderBy(asc(publishingPosts.publishAt))
    .limit(range.limit ?? 200)
  if (!posts.length) return []
  const targets = await db
    .select()
    .from(publishingPostTargets)
    .where(
      inArray(
        publishingPostTargets.postId,
        posts.map((p) => p.id),
      ),
    )
    .orderBy(asc(publishingPostTargets.platform))
  return posts.map((p) => ({ ...p, targets: targets.filter((t) => t.postId === p.id) }))
}

/**
 * Applies an edit: new time and/or targets, a new revision. Targets already sent (anything past
 * `scheduled`/`paused`) are left as they are; targets of platforms no longer listed are cancelled.
 */
export async function updatePost(
  db: Database,
  input: {
    merchantId: string
    id: string
    status?: 'draft' | 'scheduled' | 'cancelled'
    publishAt?: Date
    localTime?: string
    timeZone?: string
    targets?: NewTarget[]
  },
): Promise<PostWithTargets | null> {
  await db.transaction(async (tx) => {
    const now = new Date()
    const [row] = await tx
      .update(publishingPosts)
      .set({
        ...(input.status ? { status: input.status } : {}),
        ...(input.publishAt ? { publishAt: input.publishAt, localTime: input.localTime, timeZone: input.timeZone } : {}),
        revision: sql`${publishingPosts.revision} + 1`,
        updatedAt: now,
      })
      .where(and(eq(publishingPosts.merchantId, input.merchantId), eq(publishingPosts.id, input.id)))
      .returning()
    if (!row) return
    const open = ['scheduled', 'paused']
    if (input.status === 'cancelled') {
      await tx
        .update(publishingPostTargets)
        .set({ status: 'cancelled', message: 'cancelled by the merchant', updatedAt: now })
        .where(and(eq(publishingPostTargets.postId, row.id), inArray(publishingPostTargets.status, open)))
    }
    if (input.targets) {
      const keep = new Set(input.targets.map((t) => t.platform))
      const existing = await tx.select().from(publishingPostTargets).where(eq(publishingPostTargets.postId, row.id))
      for (const t of existing)
        if (!keep.has(t.platform) && open.includes(t.status))
          await tx
            .update(publishingPostTargets)
            .set({ status: 'cancelled', message: 'removed from the post', updatedAt: now })
            .where(eq(publishingPostTargets.id, t.id))
      for (const t of input.targets) {
        const prior = existing.find((e) => e.platform === t.platform)
        if (!prior) await tx.insert(publishingPostTargets).values({ ...t, postId: row.id, merchantId: input.merchantId, revision: row.revision })
        else if (open.includes(prior.status) || prior.status === 'cancelled')
          await tx
            .update(publishingPostTargets)
            .set({ ...t, status: 'scheduled', message: null, revision: row.revision, updatedAt: now })
            .where(eq(publishingPostTargets.id, prior.id))
      }
    }
    await tx
      .update(publishingPostTargets)
      .set({ revision: row.revision })
      .where(and(eq(publishingPostTargets.postId, row.id), inArray(publishingPostTargets.status, open)))
  })
  return getPost(db, input.merchantId, input.id)
}

export async function getTarget(db: Database, id: string) {
  const [row] = await db.select().from(publishingPostTargets).where(eq(publishingPostTargets.id, id))
  return row ?? null
}

export async function getPostById(db: Database, id: string) {
  const [row] = await db.select().from(publishingPosts).where(eq(publishingPosts.id, id))
  return row ?? null
}

/** Names the target's next instance (`pub-<id>-<generation>`) and returns it; older instances see they are superseded. */
export async function nextTargetInstance(db: Database, targetId: string): Promise<string> {
  const [row] = await db
    .update(publishingPostTargets)
    .set({
      generation: sql`${publishingPostTargets.generation} + 1`,
      workflowInstanceId: sql`'pub-' || ${publishingPostTargets.id}::text || '-' || (${publishingPostTargets.generation} + 1)::text`,
    })
    .where(eq(publishingPostTargets.id, targetId))
    .returning({ instanceId: publishingPostTargets.workflowInstanceId })
  return row.instanceId as string
}

export type TargetPatch = Partial<
  Pick<
    PublishingPostTarget,
    'status' | 'platformRef' | 'platformPostId' | 'permalink' | 'failReason' | 'message' | 'publishedAt' | 'nextMetricsAt' | 'channelId'
  >
>

/**
 * Updates a target if `instanceId` still drives it (null: any), recording an event with the
 * change. Returns the row, or null when a newer instance drives it.
 */
export async function updateTarget(
  db: Database,
  targetId: string,
  instanceId: string | null,
  patch: TargetPatch,
  event?: { kind: 'status' | 'attempt' | 'error' | 'info'; message?: string | null; data?: Record<string, unknown> },
): Promise<PublishingPostTarget | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(publishingPostTargets)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(publishingPostTargets.id, targetId), instanceId ? eq(publishingPostTargets.workflowInstanceId, instanceId) : undefined))
      .returning()
    if (!row) return null
    if (event)
      await tx.insert(publishingPostEvents).values({
        targetId,
        merchantId: row.merchantId,
        kind: event.kind,
        status: patch.status ?? row.status,
        message: event.message ?? patch.message ?? null,
        data: event.data ?? {},
      })
    return row
  })
}

/**
 * The gate before an irreversible call: in one statement, claims the send for this instance
 * (`send_started_at`, `attempts + 1`) only if no send was ever started. A replayed or concurrent
 * step that finds it claimed gets null and must not send.
 */
export async function claimSend(db: Database, targetId: string, instanceId: string): Promise<PublishingPostTarget | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(publishingPostTargets)
      .set({ sendStartedAt: new Date(), attempts: sql`${publishingPostTargets.attempts} + 1`, status: 'publishing', updatedAt: new Date() })
      .where(and(eq(publishingPostTargets.id, targetId), eq(publishingPostTargets.workflowInstanceId, instanceId), isNull(publishingPostTargets.sendStartedAt)))
      .returning()
    if (!row) return null
    await tx
      .insert(publishingPostEvents)
      .values({ targetId, merchantId: row.merchantId, kind: 'attempt', status: 'publishing', message: `attempt ${row.attempts}`, data: { instanceId } })
    return row
  })
}

export async function listTargetEvents(db: Database, targetIds: string[]) {
  if (!targetIds.length) return []
  return db.select().from(publishingPostEvents).where(inArray(publishingPostEvents.targetId, targetIds)).orderBy(asc(publishingPostEvents.id))
}

/** Targets of a channel in these statuses (e.g. the paused ones to restart after a reconnect). */
export async function targetsOfChannel(db: Database, channelId: string, statuses: string[]) {
  return db
    .select()
    .from(publishingPostTargets)
    .where(and(eq(publishingPostTargets.channelId, channelId), inArray(publishingPostTargets.status, statuses)))
}

// ---- metrics

/** Published targets whose metrics are due, oldest due first. */
export async function targetsDueForMetrics(db: Database, now: Date, limit = 100) {
  return db
    .select()
    .from(publishingPostTargets)
    .where(and(eq(publishingPostTargets.status, 'published'), lte(publishingPostTargets.nextMetricsAt, now)))
    .orderBy(asc(publishingPostTargets.nextMetricsAt))
    .limit(limit)
}

export async function saveMetricsSnapshot(
  db: Database,
  input: {
    targetId: string
    merchantId: string
    platform: string
    views: number | null
    likes: number | null
    comments: number | null
    shares: number | null
    saves: number | null
    watchSeconds: number | null
    nextAt: Date
  },
) {
  const { nextAt, ...snap } = input
  await db.transaction(async (tx) => {
    await tx.insert(publishingPostMetrics).values(snap)
    await tx.update(publishingPostTargets).set({ nextMetricsAt: nextAt }).where(eq(publishingPostTargets.id, input.targetId))
  })
}

/** The newest snapshot of each of these targets. */
export async function latestMetrics(db: Database, targetIds: string[]) {
  if (!targetIds.length) return []
  return db
    .selectDistinctOn([publishingPostMetrics.targetId])
    .from(publishingPostMetrics)
    .where(inArray(publishingPostMetrics.targetId, targetIds))
    .orderBy(publishingPostMetrics.targetId, desc(publishingPostMetrics.takenAt), desc(publishingPostMetrics.id))
}

/**
 * What sells, per product, for "what to post next": orders and revenue attributed to the
 * product's videos and links in the last `days`, views of its published posts, stock, and when
 * it was last posted.
 */
export async function productPerformance(db: Database, merchantId: string, days: number) {
  return rowsOf<{
    product_id: string
    title: string
    stock: number | null
    orders: number
    revenue_minor: number
    currency: string | null
    views: number
    last_posted_at: string | null
  }>(
    db,
    sql`
      with o as (
        select oi.product_id, count(distinct o.id)::int as orders, coalesce(sum(oi.quantity * oi.unit_price_minor), 0)::bigint as revenue_minor, max(o.currency) as currency
        from orders o join order_items oi on oi.order_id = o.id
        where o.merchant_id = ${merchantId} and o.created_at > now() - make_interval(days => ${days}) and oi.product_id is not null
        group by oi.product_id
      ),
      v as (
        select sv.product_id, coalesce(sum(m.views), 0)::bigint as views, max(t.published_at) as last_posted_at
        from publishing_post_targets t
        join publishing_posts p on p.id = t.post_id
        join studio_videos sv on sv.id = p.studio_video_id
        left join lateral (select views from publishing_post_metrics pm where pm.target_id = t.id order by taken_at desc limit 1) m on true
        where t.merchant_id = ${merchantId} and t.status = 'published' and sv.product_id is not null
        group by sv.product_id
      )
      select p.id as product_id, p.title, p.stock, coalesce(o.orders, 0)::int as orders, coalesce(o.revenue_minor, 0)::bigint as revenue_minor,
             coalesce(o.currency, p.currency) as currency, coalesce(v.views, 0)::bigint as views, v.last_posted_at
      from products p left join o on o.product_id = p.id left join v on v.product_id = p.id
      where p.merchant_id = ${merchantId} and p.status = 'published'
      order by coalesce(o.orders, 0) desc, coalesce(v.views, 0) desc
      limit 50`,
  )
}

/** The shop's published targets (a refresh of their metrics on demand). */
export async function publishedTargetsOf(db: Database, merchantId: string, limit = 200) {
  return db
    .select()
    .from(publishingPostTargets)
    .where(and(eq(publishingPostTargets.merchantId, merchantId), eq(publishingPostTargets.status, 'published')))
    .orderBy(desc(publishingPostTargets.publishedAt))
    .limit(limit)
}

/** The hour of day (0–23, in `timeZone`) the shop's orders came in most over the last `days`, or null with none. */
export async function busiestOrderHour(db: Database, merchantId: string, timeZone: string, days = 60): Promise<number | null> {
  const [row] = await rowsOf<{ hour: number }>(
    db,
    sql`select extract(hour from created_at at time zone ${timeZone})::int as hour from orders
        where merchant_id = ${merchantId} and created_at > now() - make_interval(days => ${days})
        group by 1 order by count(*) desc, 1 limit 1`,
  )
  return row?.hour ?? null
}
