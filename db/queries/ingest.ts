import { and, desc, eq, sql } from 'drizzle-orm'
import {
  type IngestLink,
  ingestBatches,
  ingestLinks,
  jobs,
  mediaAssets,
  merchants,
  type ProductProposal,
  productMedia,
  productProposals,
  products,
  productVideos,
  videos,
} from '../schema'
import type { Database } from '../types'

export type NewIngestLine = Pick<IngestLink, 'line' | 'input' | 'normalizedUrl' | 'externalId' | 'status' | 'reason' | 'videoId'>

/** Link statuses after which nothing more happens to a link (unless the merchant retries it). */
export const TERMINAL_LINK_STATUSES = ['proposed', 'duplicate', 'rejected', 'failed'] as const

/** Inserts a paste and its lines in two statements. */
export async function insertBatch(db: Database, input: { merchantId: string; createdBy: string | null; lines: NewIngestLine[] }) {
  const [batch] = await db.insert(ingestBatches).values({ merchantId: input.merchantId, createdBy: input.createdBy, total: input.lines.length }).returning()
  const links = input.lines.length
    ? await db
        .insert(ingestLinks)
        .values(input.lines.map((l) => ({ ...l, merchantId: input.merchantId, batchId: batch.id })))
        .returning()
    : []
  return { batch, links: links.sort((a, b) => a.line - b.line) }
}

/** Records which job carries each link. */
export async function setLinkJobs(db: Database, pairs: Array<{ linkId: string; jobId: string }>) {
  if (!pairs.length) return
  const values = sql.join(
    pairs.map((p) => sql`(${p.linkId}::uuid, ${p.jobId}::uuid)`),
    sql`, `,
  )
  await db.execute(sql`update ingest_links l set job_id = v.job_id, updated_at = now() from (values ${values}) as v(id, job_id) where l.id = v.id`)
}

export async function getLink(db: Database, id: string): Promise<IngestLink | undefined> {
  const [l] = await db.select().from(ingestLinks).where(eq(ingestLinks.id, id))
  return l
}

export async function getLinkOfMerchant(db: Database, merchantId: string, id: string): Promise<IngestLink | undefined> {
  const [l] = await db
    .select()
    .from(ingestLinks)
    .where(and(eq(ingestLinks.id, id), eq(ingestLinks.merchantId, merchantId)))
  return l
}

export async function updateLink(
  db: Database,
  id: string,
  patch: Partial<Pick<IngestLink, 'status' | 'reason' | 'normalizedUrl' | 'externalId' | 'videoId' | 'jobId'>>,
) {
  await db.update(ingestLinks).set(patch).where(eq(ingestLinks.id, id))
}

export async function getBatchOfMerchant(db: Database, merchantId: string, batchId: string) {
  const [batch] = await db
    .select()
    .from(ingestBatches)
    .where(and(eq(ingestBatches.id, batchId), eq(ingestBatches.merchantId, merchantId)))
  return batch
}

/** The lines of a paste with their job's state and the proposal made from their video. */
export async function listBatchLinks(db: Database, merchantId: string, batchId: string) {
  return db
    .select({
      id: ingestLinks.id,
      line: ingestLinks.line,
      input: ingestLinks.input,
      normalizedUrl: ingestLinks.normalizedUrl,
      externalId: ingestLinks.externalId,
      status: ingestLinks.status,
      reason: ingestLinks.reason,
      videoId: ingestLinks.videoId,
      jobStatus: jobs.status,
      jobError: jobs.error,
      jobAttempts: jobs.attempts,
      proposalId: productProposals.id,
      proposalStatus: productProposals.status,
      updatedAt: ingestLinks.updatedAt,
    })
    .from(ingestLinks)
    .leftJoin(jobs, eq(jobs.id, ingestLinks.jobId))
    .leftJoin(productProposals, eq(productProposals.videoId, ingestLinks.videoId))
    .where(and(eq(ingestLinks.batchId, batchId), eq(ingestLinks.merchantId, merchantId)))
    .orderBy(ingestLinks.line)
}

/** Recent pastes with a count per link status. */
export async function listBatches(db: Database, merchantId: string, limit = 20) {
  const rows = await db
    .select({
      id: ingestBatches.id,
      total: ingestBatches.total,
      createdAt: ingestBatches.createdAt,
      counts: sql<
        Record<string, number>
      >`coalesce((select jsonb_object_agg(s.status, s.n) from (select status, count(*)::int as n from ingest_links where ingest_links.batch_id = ingest_batches.id group by status) s), '{}'::jsonb)`,
    })
    .from(ingestBatches)
    .where(eq(ingestBatches.merchantId, merchantId))
    .orderBy(desc(ingestBatches.createdAt))
    .limit(limit)
  return rows
}

/** Inserts the proposal of a video unless it exists (one per video); returns the stored one. */
export async function upsertProposal(
  db: Database,
  input: { merchantId: string; videoId: string; draft: Record<string, unknown>; matchedProductId: string | null },
): Promise<ProductProposal> {
  // One round trip when the proposal is new: the insert returns it; only a conflict reads it.
  const [created] = await db.insert(productProposals).values(input).onConflictDoNothing({ target: productProposals.videoId }).returning()
  const [p] = created ? [created] : await db.select().from(productProposals).where(eq(productProposals.videoId, input.videoId))
  return p
}

/**
 * The last step of a link, in one statement: its video is `ready` (keeping `videoError`, a refused
 * cover's reason, or clearing it) and the link `proposed` with `reason`.
 */
export async function markLinkProposed(db: Database, input: { linkId: string; videoId: string; videoError: string | null; reason: string | null }) {
  const video = db
    .$with('video')
    .as(db.update(videos).set({ status: 'ready', error: input.videoError }).where(eq(videos.id, input.videoId)).returning({ id: videos.id }))
  await db
    .with(video)
    .update(ingestLinks)
    .set({ status: 'proposed', reason: input.reason })
    // A data-modifying WITH runs to completion whether or not the main statement reads it.
    .where(eq(ingestLinks.id, input.linkId))
}

/** Proposals of a merchant with their video, cover and matched product, newest first. */
export async function listProposals(db: Database, merchantId: string, params: { status?: ProductProposal['status']; batchId?: string; limit?: number }) {
  const where = [eq(productProposals.merchantId, merchantId)]
  if (params.status) where.push(eq(productProposals.status, params.status))
  if (params.batchId) where.push(sql`exists (select 1 from ingest_links l where l.video_id = ${productProposals.videoId} and l.batch_id = ${params.batchId})`)
  return db
    .select({
      id: productProposals.id,
      status: productProposals.status,
      draft: productProposals.draft,
      matchedProductId: productProposals.matchedProductId,
      matchedProductTitle: products.title,
      productId: productProposals.productId,
      videoId: videos.id,
      videoUrl: videos.url,
      caption: videos.caption,
      authorName: videos.authorName,
      coverKey: mediaAssets.key,
      createdAt: productProposals.createdAt,
    })
    .from(productProposals)
    .innerJoin(videos, eq(videos.id, productProposals.videoId))
    .leftJoin(mediaAssets, eq(mediaAssets.id, videos.coverAssetId))
    .leftJoin(products, eq(products.id, productProposals.matchedProductId))
    .where(and(...where))
    .orderBy(desc(productProposals.createdAt), desc(productProposals.id))
    .limit(Math.min(params.limit ?? 100, 500))
}

export async function getProposalOfMerchant(db: Database, merchantId: string, id: string): Promise<ProductProposal | undefined> {
  const [p] = await db
    .select()
    .from(productProposals)
    .where(and(eq(productProposals.id, id), eq(productProposals.merchantId, merchantId)))
  return p
}

/** Locks a proposal of the merchant for the rest of the transaction (undefined for another merchant's id). */
export async function lockProposalOfMerchant(db: Database, merchantId: string, id: string): Promise<ProductProposal | undefined> {
  const [p] = await db
    .select()
    .from(productProposals)
    .where(and(eq(productProposals.id, id), eq(productProposals.merchantId, merchantId)))
    .for('update')
  return p
}

/** Records the merchant's decision on a proposal (decided now); returns the updated row. */
export async function decideProposal(
  db: Database,
  id: string,
  decision: { status: 'approved' | 'merged' | 'rejected'; productId?: string; draft?: Record<string, unknown> },
): Promise<ProductProposal> {
  const [p] = await db
    .update(productProposals)
    .set({ ...decision, decidedAt: sql`now()` })
    .where(eq(productProposals.id, id))
    .returning()
  return p
}

export async function setProposalDraft(db: Database, id: string, draft: Record<string, unknown>): Promise<ProductProposal> {
  const [p] = await db.update(productProposals).set({ draft }).where(eq(productProposals.id, id)).returning()
  return p
}

/** Inserts the product of an approved proposal unless the slug is taken; its id, or undefined on a slug clash. */
export async function insertProposedProduct(
  db: Database,
  values: {
    merchantId: string
    slug: string
    title: string
    description: string
    status: 'draft' | 'published'
    priceMinor: number
    compareAtMinor: number | null
    currency: string
    category: string | null
    tags: string[]
    promoCodes: string[]
    seo: { title?: string; description?: string; keywords?: string[] }
  },
): Promise<string | undefined> {
  const [row] = await db
    .insert(products)
    .values(values)
    .onConflictDoNothing({ target: [products.merchantId, products.slug] })
    .returning({ id: products.id })
  return row?.id
}

/** The shop's products a proposal can be merged into (not archived), newest first, approved ones included. */
export async function listMergeTargets(db: Database, merchantId: string, limit = 200) {
  return db
    .select({ id: products.id, title: products.title, status: products.status })
    .from(products)
    .where(and(eq(products.merchantId, merchantId), sql`${products.status} <> 'archived'`))
    .orderBy(desc(products.createdAt), desc(products.id))
    .limit(limit)
}

/** A product of the merchant with its tags (the target of a merge). */
export async function getProductTagsOfMerchant(db: Database, merchantId: string, productId: string): Promise<{ id: string; tags: string[] } | undefined> {
  const [p] = await db
    .select({ id: products.id, tags: products.tags })
    .from(products)
    .where(and(eq(products.id, productId), eq(products.merchantId, merchantId)))
  return p
}

export async function setProductTags(db: Database, productId: string, tags: string[]) {
  await db.update(products).set({ tags }).where(eq(products.id, productId))
}

/** Adds the video's copied cover to a product's media (after any it has) and links the video; again is a no-op. */
export async function attachVideoToProduct(db: Database, input: { merchantId: string; productId: string; videoId: string }) {
  const { merchantId, productId, videoId } = input
  const [video] = await db.select({ coverAssetId: videos.coverAssetId }).from(videos).where(eq(videos.id, videoId))
  if (video?.coverAssetId) {
    await db
      .insert(productMedia)
      .values({
        merchantId,
        productId,
        assetId: video.coverAssetId,
        position: sql`(select coalesce(max(position) + 1, 0) from product_media where product_id = ${productId})`,
      })
      .onConflictDoNothing()
  }
  await db.insert(productVideos).values({ merchantId, productId, videoId }).onConflictDoNothing()
}

/** The currency a merchant's new products default to (undefined for an unknown merchant). */
export async function getMerchantCurrency(db: Database, merchantId: string): Promise<string | undefined> {
  const [m] = await db.select({ currency: merchants.defaultCurrency }).from(merchants).where(eq(merchants.id, merchantId))
  return m?.currency
}

/** Replaces a video's thumbnails, only while it still has the cover they were made from (a newer cover wins). */
export async function setVideoThumbnails(db: Database, input: { videoId: string; coverAssetId: string; thumbnails: Array<Record<string, unknown>> }) {
  await db
    .update(videos)
    .set({ thumbnails: input.thumbnails })
    .where(and(eq(videos.id, input.videoId), eq(videos.coverAssetId, input.coverAssetId)))
}
