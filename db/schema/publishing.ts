import { bigserial, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt } from './_shared'
import { merchants, sessions, users } from './accounts'
import { studioVideos } from './studio'

// Shapes of the jsonb columns are contracts/publishing.ts's; db imports nothing of ours outside
// db/, so they are typed loosely here and parsed by the Worker.
type Json = Record<string, unknown>

/**
 * Publishing (issue 15, docs/publishing.md): the shop's connected accounts (channels), OAuth
 * flows in progress, posts, one target per (post, platform) — the record a publish Workflow
 * instance drives —, every attempt and status change of a target, and metric snapshots.
 */
export const publishingSettings = pgTable('publishing_settings', {
  merchantId: uuid('merchant_id')
    .primaryKey()
    .references(() => merchants.id, { onDelete: 'cascade' }),
  /** IANA zone the merchant's post times are in. */
  timeZone: text('time_zone').notNull().default('UTC'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

export const publishingChannels = pgTable(
  'publishing_channels',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    platform: text('platform').$type<'tiktok' | 'youtube' | 'instagram'>().notNull(),
    /** The account at the platform: TikTok open_id, YouTube channel id, Instagram business account id. */
    externalId: text('external_id').notNull(),
    displayName: text('display_name').notNull().default(''),
    username: text('username'),
    avatarUrl: text('avatar_url'),
    scopes: jsonb('scopes').$type<string[]>().notNull().default([]),
    status: text('status').$type<'active' | 'reconnect_required' | 'disconnected'>().notNull().default('active'),
    /** Why the channel needs the merchant (shown with `reconnect_required`). */
    statusReason: text('status_reason'),
    /** `{accessToken, refreshToken}` encrypted with the secrets keyring (`v2.<kid>.…`); null once disconnected. */
    tokensEncrypted: text('tokens_encrypted'),
    accessExpiresAt: timestamp('access_expires_at', { withTimezone: true }),
    /** Null where the platform gives no refresh token lifetime. */
    refreshExpiresAt: timestamp('refresh_expires_at', { withTimezone: true }),
    lastRefreshedAt: timestamp('last_refreshed_at', { withTimezone: true }),
    /** Refreshes so far (each rotates TikTok's refresh token). */
    refreshCount: integer('refresh_count').notNull().default(0),
    /** Newest TikTok video create_time (ms) imported; the next import stops there. */
    importCursor: text('import_cursor'),
    lastImportedAt: timestamp('last_imported_at', { withTimezone: true }),
    connectedBy: uuid('connected_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('publishing_channels_account_uq').on(t.merchantId, t.platform, t.externalId), index('publishing_channels_status_idx').on(t.status)],
)

/** A connect flow in progress: `state` is bound to the session that started it; PKCE verifier kept server-side. */
export const publishingOauthStates = pgTable('publishing_oauth_states', {
  state: text('state').primaryKey(),
  merchantId: uuid('merchant_id')
    .notNull()
    .references(() => merchants.id, { onDelete: 'cascade' }),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  sessionId: text('session_id')
    .notNull()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  platform: text('platform').$type<'tiktok' | 'youtube' | 'instagram'>().notNull(),
  codeVerifier: text('code_verifier').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
})

export const publishingPosts = pgTable(
  'publishing_posts',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    status: text('status').$type<'draft' | 'scheduled' | 'cancelled'>().notNull().default('draft'),
    /** `postSourceSchema`: a studio video or a media asset. */
    source: jsonb('source').$type<Json>().notNull(),
    studioVideoId: uuid('studio_video_id').references(() => studioVideos.id, { onDelete: 'set null' }),
    publishAt: timestamp('publish_at', { withTimezone: true }).notNull(),
    /** The wall-clock time and zone the merchant chose (what the calendar shows). */
    localTime: text('local_time').notNull(),
    timeZone: text('time_zone').notNull(),
    /** Bumped by every edit: a target's Workflow instance validates the revision it was started for. */
    revision: integer('revision').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('publishing_posts_merchant_time_idx').on(t.merchantId, t.publishAt)],
)

export const publishingPostTargets = pgTable(
  'publishing_post_targets',
  {
    id: id(),
    postId: uuid('post_id')
      .notNull()
      .references(() => publishingPosts.id, { onDelete: 'cascade' }),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    platform: text('platform').$type<'tiktok' | 'youtube' | 'instagram'>().notNull(),
    channelId: uuid('channel_id').references(() => publishingChannels.id, { onDelete: 'set null' }),
    status: text('status').$type<string>().notNull().default('scheduled'),
    caption: text('caption').notNull().default(''),
    hashtags: jsonb('hashtags').$type<string[]>().notNull().default([]),
    /** The platform's options (tiktok / youtube / instagram of contracts/publishing.ts). */
    options: jsonb('options').$type<Json>().notNull().default({}),
    /** The post revision this target's instance was started for. */
    revision: integer('revision').notNull().default(1),
    /** The Workflow instance driving it (`pub-<target>-<generation>`); a newer one supersedes it. */
    workflowInstanceId: text('workflow_instance_id'),
    generation: integer('generation').notNull().default(0),
    /** Irreversible calls made (init / upload / publish): more than one would be a duplicate post. */
    attempts: integer('attempts').notNull().default(0),
    /** Set just before the irreversible call: a replayed step that finds it set does not send again. */
    sendStartedAt: timestamp('send_started_at', { withTimezone: true }),
    /** TikTok publish_id, YouTube upload session URI, Instagram container id. */
    platformRef: text('platform_ref'),
    platformPostId: text('platform_post_id'),
    permalink: text('permalink'),
    failReason: text('fail_reason'),
    message: text('message'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    nextMetricsAt: timestamp('next_metrics_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('publishing_post_targets_post_platform_uq').on(t.postId, t.platform),
    index('publishing_post_targets_channel_status_idx').on(t.channelId, t.status),
    index('publishing_post_targets_metrics_idx').on(t.nextMetricsAt),
  ],
)

/** Every attempt and status change of a target, in order (what the post's log shows). */
export const publishingPostEvents = pgTable(
  'publishing_post_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    targetId: uuid('target_id')
      .notNull()
      .references(() => publishingPostTargets.id, { onDelete: 'cascade' }),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'status' | 'attempt' | 'error' | 'info'>().notNull(),
    status: text('status'),
    message: text('message'),
    data: jsonb('data').$type<Json>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('publishing_post_events_target_idx').on(t.targetId, t.id)],
)

/** Append-only snapshots of a published target's counters; null: the platform gave no number. */
export const publishingPostMetrics = pgTable(
  'publishing_post_metrics',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    targetId: uuid('target_id')
      .notNull()
      .references(() => publishingPostTargets.id, { onDelete: 'cascade' }),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    platform: text('platform').notNull(),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull().defaultNow(),
    views: integer('views'),
    likes: integer('likes'),
    comments: integer('comments'),
    shares: integer('shares'),
    saves: integer('saves'),
    watchSeconds: doublePrecision('watch_seconds'),
  },
  (t) => [index('publishing_post_metrics_target_idx').on(t.targetId, t.takenAt)],
)

/**
 * Platform webhooks already handled, by the SHA-256 of their raw body: TikTok delivers "at least
 * once" and retries for 72 h, so a second copy is acknowledged and does nothing. No shop data is
 * kept here (the event name and when it came); rows older than 7 days are deleted by the cron.
 */
export const publishingWebhookReceipts = pgTable(
  'publishing_webhook_receipts',
  {
    digest: text('digest').primaryKey(),
    platform: text('platform').notNull(),
    event: text('event').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('publishing_webhook_receipts_received_idx').on(t.receivedAt)],
)

export type PublishingChannel = typeof publishingChannels.$inferSelect
export type PublishingPost = typeof publishingPosts.$inferSelect
export type PublishingPostTarget = typeof publishingPostTargets.$inferSelect
export type PublishingPostEvent = typeof publishingPostEvents.$inferSelect
