import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt } from './_shared'
import { merchants } from './accounts'

/**
 * Outbound webhooks (docs/webhooks.md): a merchant's endpoints, the events the shop emitted, one
 * delivery per (event, endpoint) that walks the retry schedule, and every attempt it made.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    /** Event types this endpoint receives (`order.created`, …). */
    events: jsonb('events').$type<string[]>().notNull().default([]),
    /** The `whsec_…` signing secret, encrypted with the secrets keyring (`v2.<kid>.…`). */
    secretEncrypted: text('secret_encrypted').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Why the hub disabled it (shown on the dashboard); null when a person did, or it is enabled. */
    disabledReason: text('disabled_reason'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** First failed attempt since the last success: the clock of "failing for 5 days". */
    failingSince: timestamp('failing_since', { withTimezone: true }),
    /** Messages in a row whose whole retry schedule failed. */
    consecutiveExhausted: integer('consecutive_exhausted').notNull().default(0),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhook_endpoints_merchant_idx').on(t.merchantId, t.createdAt)],
)

/** One event of a shop, with the exact body every endpoint gets (`{type, timestamp, data}`). */
export const webhookMessages = pgTable(
  'webhook_messages',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    body: jsonb('body').$type<{ type: string; timestamp: string; data: Record<string, unknown> }>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_messages_merchant_idx').on(t.merchantId, t.createdAt)],
)

export const webhookDeliveryStatus = pgEnum('webhook_delivery_status', ['pending', 'sending', 'succeeded', 'failed'])

/** One message to one endpoint: where it stands on the retry schedule. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id')
      .notNull()
      .references(() => webhookMessages.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    status: webhookDeliveryStatus('status').notNull().default('pending'),
    /** Attempts ever made (replays included): numbers the attempts and the queue jobs. */
    attempts: integer('attempts').notNull().default(0),
    /** Position on the retry schedule in the current run (a replay starts again at 0). */
    step: integer('step').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    /** When a consumer claimed it (`sending`); a claim older than a minute is taken as abandoned. */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_message_endpoint_idx').on(t.messageId, t.endpointId),
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
  ],
)

/** Every HTTP attempt of a delivery, for the dashboard's log. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    succeeded: boolean('succeeded').notNull(),
    statusCode: integer('status_code'),
    latencyMs: integer('latency_ms').notNull(),
    /** The first 1 kB of the answer. */
    responseExcerpt: text('response_excerpt'),
    error: text('error'),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('webhook_attempts_delivery_attempt_idx').on(t.deliveryId, t.attempt),
    index('webhook_attempts_endpoint_idx').on(t.endpointId, t.attemptedAt),
  ],
)

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect
export type WebhookMessage = typeof webhookMessages.$inferSelect
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect
export type WebhookAttempt = typeof webhookAttempts.$inferSelect
