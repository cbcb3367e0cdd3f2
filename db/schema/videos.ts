import { relations } from 'drizzle-orm'
import { index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt } from './_shared'
import { merchants } from './accounts'
import { mediaAssets, products } from './catalog'

export const videoStatus = pgEnum('video_status', ['pending', 'ready', 'failed'])

/** A TikTok video a merchant pasted, with its oEmbed metadata and a copy of its cover. */
export const videos = pgTable(
  'videos',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    platform: text('platform').notNull().default('tiktok'),
    externalId: text('external_id').notNull(),
    url: text('url').notNull(),
    authorName: text('author_name'),
    authorUrl: text('author_url'),
    authorUniqueId: text('author_unique_id'),
    caption: text('caption'),
    embedType: text('embed_type'),
    coverAssetId: uuid('cover_asset_id').references(() => mediaAssets.id, { onDelete: 'set null' }),
    coverWidth: integer('cover_width'),
    coverHeight: integer('cover_height'),
    oembed: jsonb('oembed').$type<Record<string, unknown>>(),
    understanding: jsonb('understanding').$type<Record<string, unknown>>(),
    /** Resized covers made by the render node (asset ids and keys by crop/format/width); null until rendered. */
    thumbnails: jsonb('thumbnails').$type<Array<Record<string, unknown>>>(),
    /** The ingest link that first admitted this video: a redelivered job recognises its own row by it. */
    sourceLinkId: uuid('source_link_id'),
    status: videoStatus('status').notNull().default('pending'),
    error: text('error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('videos_merchant_external_idx').on(t.merchantId, t.platform, t.externalId)],
)

export const productVideos = pgTable(
  'product_videos',
  {
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    videoId: uuid('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.videoId] }), index('product_videos_video_idx').on(t.videoId)],
)

export const videosRelations = relations(videos, ({ one, many }) => ({
  cover: one(mediaAssets, { fields: [videos.coverAssetId], references: [mediaAssets.id] }),
  products: many(productVideos),
}))

export const ingestLinkStatus = pgEnum('ingest_link_status', [
  'queued',
  'resolving',
  'fetching',
  'understanding',
  'proposed',
  'duplicate',
  'rejected',
  'failed',
])
export const proposalStatus = pgEnum('proposal_status', ['pending', 'approved', 'merged', 'rejected'])

/** One paste of links (textarea or CSV) by a merchant. */
export const ingestBatches = pgTable(
  'ingest_batches',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by'),
    total: integer('total').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('ingest_batches_merchant_idx').on(t.merchantId, t.createdAt)],
)

/** One line of a paste and where it is in the pipeline. */
export const ingestLinks = pgTable(
  'ingest_links',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    batchId: uuid('batch_id')
      .notNull()
      .references(() => ingestBatches.id, { onDelete: 'cascade' }),
    line: integer('line').notNull(),
    input: text('input').notNull(),
    normalizedUrl: text('normalized_url'),
    externalId: text('external_id'),
    status: ingestLinkStatus('status').notNull().default('queued'),
    reason: text('reason'),
    videoId: uuid('video_id').references(() => videos.id, { onDelete: 'set null' }),
    jobId: uuid('job_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('ingest_links_batch_idx').on(t.batchId, t.line), index('ingest_links_merchant_idx').on(t.merchantId)],
)

/** A product the hub proposes from a video; the merchant approves, edits, merges or rejects it. */
export const productProposals = pgTable(
  'product_proposals',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    videoId: uuid('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    status: proposalStatus('status').notNull().default('pending'),
    draft: jsonb('draft').$type<Record<string, unknown>>().notNull(),
    matchedProductId: uuid('matched_product_id').references(() => products.id, { onDelete: 'set null' }),
    productId: uuid('product_id').references(() => products.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('product_proposals_video_idx').on(t.videoId), index('product_proposals_merchant_idx').on(t.merchantId, t.status)],
)

export type Video = typeof videos.$inferSelect
export type IngestLink = typeof ingestLinks.$inferSelect
export type ProductProposal = typeof productProposals.$inferSelect
