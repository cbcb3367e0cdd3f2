import { bigserial, boolean, index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt } from './_shared'
import { merchants } from './accounts'
import { products } from './catalog'
import { videos } from './videos'

export const eventType = pgEnum('event_type', ['page_view', 'link_click', 'order_tap', 'chat_started', 'order_placed', 'qr_scan'])

/** Analytics events, for the funnel video → click → chat → order. */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    type: eventType('type').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    productId: uuid('product_id'),
    videoId: uuid('video_id'),
    linkId: uuid('link_id'),
    conversationId: uuid('conversation_id'),
    orderId: uuid('order_id'),
    ref: text('ref'),
    path: text('path'),
    referrer: text('referrer'),
    device: text('device'),
    country: text('country'),
    utm: jsonb('utm').$type<Record<string, string>>().notNull().default({}),
    meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('events_merchant_time_idx').on(t.merchantId, t.occurredAt), index('events_merchant_type_idx').on(t.merchantId, t.type, t.occurredAt)],
)

/** Short links `/l/<code>`: to a product, a video, or any URL. */
export const shortLinks = pgTable(
  'short_links',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    title: text('title').notNull().default(''),
    productId: uuid('product_id').references(() => products.id, { onDelete: 'cascade' }),
    videoId: uuid('video_id').references(() => videos.id, { onDelete: 'cascade' }),
    url: text('url'),
    utm: jsonb('utm').$type<Record<string, string>>().notNull().default({}),
    passwordHash: text('password_hash'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('short_links_code_idx').on(t.code), index('short_links_merchant_idx').on(t.merchantId)],
)

export type AnalyticsEvent = typeof events.$inferSelect
export type ShortLink = typeof shortLinks.$inferSelect
