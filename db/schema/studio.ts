import { bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt } from './_shared'
import { merchants, users } from './accounts'
import { products } from './catalog'

// Shapes of the jsonb columns are the contracts' (contracts/studio.ts); db imports nothing of ours
// outside db/, so they are typed loosely here and parsed by the Worker.
type Json = Record<string, unknown>

/**
 * The content studio (issue 14, docs/content-studio.md): a shop's studio settings, batches of
 * videos, one row per video (the product's record of a Workflow instance: the UI reads it, not
 * the instance), its progress events (the SSE stream and its `Last-Event-ID`), cost lines and
 * every safety decision.
 */
export const studioSettings = pgTable('studio_settings', {
  merchantId: uuid('merchant_id')
    .primaryKey()
    .references(() => merchants.id, { onDelete: 'cascade' }),
  /** `brandVoiceSchema` of contracts/studio.ts, stored as parsed (defaults applied). */
  brandVoice: jsonb('brand_voice').$type<Json>().notNull().default({}),
  /** The shop's own OpenAI key, encrypted with the secrets keyring (`v2.<kid>.…`); null: none. */
  openaiKeyEncrypted: text('openai_key_encrypted'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

/** One request that made several videos (a product list, or variants of one). */
export const studioBatches = pgTable(
  'studio_batches',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    total: integer('total').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('studio_batches_merchant_idx').on(t.merchantId, t.createdAt)],
)

/** What the merchant asked for beyond the source; each falls back to the brand voice. */
export type StudioVideoOptions = {
  targetSeconds?: number
  platform?: string
  tone?: string
  reviewRequired?: boolean
  cuts?: Array<'storefront' | 'clean' | 'square' | 'wide'>
  resolution?: '1080x1920' | '540x960'
  /** Batch variants of one source: 0, 1, 2 (the template engine picks different patterns). */
  variant?: number
}

/** One stored output of a finished video (a cut, the cover, the subtitles). */
export type StudioOutput = {
  name: string
  kind: 'cut' | 'cover' | 'srt' | 'ass'
  cut?: string
  key: string
  assetId: string
  contentType: string
  bytes: number
  width?: number
  height?: number
  durationMs?: number
}

export type StudioQc = Record<string, { ok: boolean; width?: number; height?: number; durationMs?: number; problems: string[] } & Record<string, unknown>>

export type StudioVoice = { engine: string; durationMs: number; chunks: { id: string; sceneId: string; startMs: number; endMs: number }[] }

/** The post text per platform, written by the package step. */
export type StudioPost = { caption: string; hashtags: string[]; platforms: Record<string, string> }

export const studioVideos = pgTable(
  'studio_videos',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    batchId: uuid('batch_id').references(() => studioBatches.id, { onDelete: 'set null' }),
    /** Position in its batch (0-based). */
    position: integer('position').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    source: jsonb('source').$type<Json>().notNull(),
    options: jsonb('options').$type<StudioVideoOptions>().notNull().default({}),
    /** The first product of the source (tagged with the outputs; its link is the QR's target). */
    productId: uuid('product_id').references(() => products.id, { onDelete: 'set null' }),
    brief: jsonb('brief').$type<Json>(),
    script: jsonb('script').$type<Json>(),
    scriptIssues: jsonb('script_issues').$type<Json[]>().notNull().default([]),
    /** The latest safety verdict of the script (or its edit). */
    safety: jsonb('safety').$type<Json>(),
    status: text('status').$type<string>().notNull().default('queued'),
    phase: text('phase').$type<string>().notNull().default('queued'),
    percent: integer('percent').notNull().default(0),
    /** The Workflow instance now driving this row (the video id, then `<id>-r<n>` after a resubmit). */
    workflowInstanceId: text('workflow_instance_id'),
    /** Resubmits so far (names the next instance). */
    attempt: integer('attempt').notNull().default(0),
    /** Numbers this video's events (`Last-Event-ID`); bumped with each event in one statement. */
    eventSeq: integer('event_seq').notNull().default(0),
    /** The voice-over's timing (what the captions are cued to): engine, length, each chunk's start and end. */
    voice: jsonb('voice').$type<StudioVoice>(),
    outputs: jsonb('outputs').$type<StudioOutput[]>().notNull().default([]),
    qc: jsonb('qc').$type<StudioQc>(),
    post: jsonb('post').$type<StudioPost>(),
    /** Which providers did the work (`writer`, `voice`, fallbacks and why). */
    providers: jsonb('providers').$type<Record<string, string>>().notNull().default({}),
    error: text('error'),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    sentToPublishingAt: timestamp('sent_to_publishing_at', { withTimezone: true }),
    onStorefront: boolean('on_storefront').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // "Videos of this shop today" (the quota) and the newest-first list.
    index('studio_videos_merchant_created_idx').on(t.merchantId, t.createdAt),
    index('studio_videos_batch_idx').on(t.batchId, t.position),
    index('studio_videos_finished_idx').on(t.status, t.finishedAt),
  ],
)

/** Progress of one video, in order: what the SSE streams replay from `Last-Event-ID`. */
export const studioVideoEvents = pgTable(
  'studio_video_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    videoId: uuid('video_id')
      .notNull()
      .references(() => studioVideos.id, { onDelete: 'cascade' }),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    batchId: uuid('batch_id'),
    seq: integer('seq').notNull(),
    phase: text('phase').$type<string>().notNull(),
    status: text('status').$type<string>().notNull(),
    percent: integer('percent').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('studio_video_events_seq_idx').on(t.videoId, t.seq), index('studio_video_events_batch_idx').on(t.batchId, t.id)],
)

/** One cost line of one step of one instance (offline providers too, at $0). */
export const studioCosts = pgTable(
  'studio_costs',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    /** Kept (null) when the video is deleted: the month's spend does not shrink. */
    videoId: uuid('video_id').references(() => studioVideos.id, { onDelete: 'set null' }),
    instanceId: text('instance_id').notNull(),
    step: text('step').notNull(),
    provider: text('provider').notNull(),
    unit: text('unit').notNull(),
    quantity: doublePrecision('quantity').notNull(),
    usd: doublePrecision('usd').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // A retried step rewrites its lines instead of adding them again.
    uniqueIndex('studio_costs_line_idx').on(t.instanceId, t.step, t.provider, t.unit),
    index('studio_costs_merchant_created_idx').on(t.merchantId, t.createdAt),
    index('studio_costs_video_idx').on(t.videoId),
  ],
)

/** Every safety decision: before render, on an edit, before publishing. */
export const studioSafetyLog = pgTable(
  'studio_safety_log',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    videoId: uuid('video_id')
      .notNull()
      .references(() => studioVideos.id, { onDelete: 'cascade' }),
    stage: text('stage').$type<'render' | 'publish' | 'edit'>().notNull(),
    decision: text('decision').notNull(),
    hits: jsonb('hits').$type<Json[]>().notNull().default([]),
    providers: jsonb('providers').$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [index('studio_safety_log_video_idx').on(t.videoId, t.createdAt)],
)

export type StudioSettingsRow = typeof studioSettings.$inferSelect
export type StudioVideo = typeof studioVideos.$inferSelect
export type StudioVideoEvent = typeof studioVideoEvents.$inferSelect
export type StudioCost = typeof studioCosts.$inferSelect
