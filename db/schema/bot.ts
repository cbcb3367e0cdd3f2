import { sql } from 'drizzle-orm'
import { bigint, boolean, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt } from './_shared'
import { merchants } from './accounts'
import { products, productVariants } from './catalog'

export const channelKind = pgEnum('channel_kind', ['whatsapp', 'telegram'])
export const messageDirection = pgEnum('message_direction', ['inbound', 'outbound'])
export const orderStatus = pgEnum('order_status', ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled', 'return_requested', 'returned'])

/** A merchant's WhatsApp number or Telegram bot. Secrets are stored encrypted (AES-GCM). */
export const channels = pgTable(
  'channels',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    kind: channelKind('kind').notNull(),
    /** WhatsApp phone_number_id, or the Telegram bot's numeric id: how inbound messages find their merchant. */
    externalId: text('external_id').notNull(),
    displayName: text('display_name').notNull().default(''),
    secretsEncrypted: text('secrets_encrypted').notNull(),
    /** Random path segment of the Telegram webhook URL. */
    webhookKey: text('webhook_key'),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('channels_kind_external_idx').on(t.kind, t.externalId), uniqueIndex('channels_webhook_key_idx').on(t.webhookKey)],
)

export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    channel: channelKind('channel').notNull(),
    externalUserId: text('external_user_id').notNull(),
    name: text('name').notNull().default(''),
    state: jsonb('state').$type<Record<string, unknown>>().notNull().default({}),
    handoff: boolean('handoff').notNull().default(false),
    optedOut: boolean('opted_out').notNull().default(false),
    unread: integer('unread').notNull().default(0),
    ref: text('ref'),
    lastInboundAt: timestamp('last_inbound_at', { withTimezone: true }),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
    /** The shopper's data was erased (by them through the bot, or by the merchant): the inbox shows it. */
    erasedAt: timestamp('erased_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('conversations_merchant_user_idx').on(t.merchantId, t.channel, t.externalUserId),
    index('conversations_merchant_last_idx').on(t.merchantId, t.lastMessageAt),
  ],
)

export const messages = pgTable(
  'messages',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    direction: messageDirection('direction').notNull(),
    externalId: text('external_id'),
    type: text('type').notNull(),
    text: text('text').notNull().default(''),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').notNull().default('received'),
    author: text('author').notNull().default('bot'),
    createdAt: createdAt(),
  },
  (t) => [
    index('messages_conversation_idx').on(t.conversationId, t.createdAt),
    uniqueIndex('messages_external_idx').on(t.merchantId, t.externalId),
    // Shopper texts the bot was unsure of or took for out of scope: the "teach the bot" list.
    index('messages_unsure_idx')
      .on(t.merchantId, t.createdAt)
      .where(
        sql`${t.direction} = 'inbound' and ${t.payload} ? 'understood' and (${t.payload}->'understood'->>'source' <> 'taught') and (((${t.payload}->'understood'->>'confidence')::float8 < 0.55) or ${t.payload}->'understood'->>'intent' = 'out_of_scope')`,
      ),
  ],
)

/** Provider delivery ids already seen (WhatsApp wamid / status id, Telegram update_id), kept ≥ 7 days. */
export const inboundReceipts = pgTable(
  'inbound_receipts',
  {
    provider: text('provider').notNull(),
    externalId: text('external_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.externalId] }), index('inbound_receipts_received_idx').on(t.receivedAt)],
)

export const orders = pgTable(
  'orders',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'set null' }),
    channel: text('channel').notNull().default('whatsapp'),
    status: orderStatus('status').notNull().default('pending'),
    customerName: text('customer_name').notNull().default(''),
    customerContact: text('customer_contact').notNull().default(''),
    delivery: jsonb('delivery').$type<{ method: 'delivery' | 'pickup'; address?: string }>().notNull().default({ method: 'pickup' }),
    paymentMethod: text('payment_method').notNull().default('cash_on_delivery'),
    subtotalMinor: bigint('subtotal_minor', { mode: 'number' }).notNull(),
    /** Delivery fee charged on top of the subtotal (0 for pickup or free delivery). */
    deliveryFeeMinor: bigint('delivery_fee_minor', { mode: 'number' }).notNull().default(0),
    currency: text('currency').notNull(),
    ref: text('ref'),
    /** Stable key of the checkout or provider cart that produced it: a retried delivery makes no second order. */
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orders_merchant_number_idx').on(t.merchantId, t.number),
    uniqueIndex('orders_idempotency_idx').on(t.merchantId, t.idempotencyKey),
    index('orders_merchant_created_idx').on(t.merchantId, t.createdAt),
  ],
)

export const orderItems = pgTable(
  'order_items',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').references(() => products.id, { onDelete: 'set null' }),
    variantId: uuid('variant_id').references(() => productVariants.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceMinor: bigint('unit_price_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    /** What the shopper asked for that the product has no variant for (e.g. "size 42"). */
    note: text('note').notNull().default(''),
  },
  (t) => [index('order_items_order_idx').on(t.orderId)],
)

/**
 * Token buckets of the OUTBOX pacer: one per WhatsApp number / Telegram bot (80 msg/s) and one per
 * shopper (a short burst, then about one message per 6 s). Kept in Postgres so every Worker
 * isolate that consumes the outbox shares them.
 */
export const outboxPacing = pgTable('outbox_pacing', {
  key: text('key').primaryKey(),
  tokens: doublePrecision('tokens').notNull(),
  refilledAt: timestamp('refilled_at', { withTimezone: true }).notNull().defaultNow(),
})

/**
 * What a merchant taught the bot: "when shoppers write this, they mean that intent"
 * (workers/src/bot/intent/taught-phrases.ts). `key` is the folded text, one phrase per wording.
 */
export const botTaughtPhrases = pgTable(
  'bot_taught_phrases',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    key: text('key').notNull(),
    intent: text('intent').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('bot_taught_phrases_merchant_key_idx').on(t.merchantId, t.key)],
)

export type Channel = typeof channels.$inferSelect
export type TaughtPhraseRow = typeof botTaughtPhrases.$inferSelect
export type Conversation = typeof conversations.$inferSelect
export type Message = typeof messages.$inferSelect
export type Order = typeof orders.$inferSelect
