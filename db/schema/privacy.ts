import { sql } from 'drizzle-orm'
import { bigint, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt } from './_shared'
import { merchants, users } from './accounts'

export const exportStatus = pgEnum('export_status', ['queued', 'running', 'ready', 'failed', 'expired'])

/**
 * A shop export the owner asked for: a zip of JSON + CSV per table in R2 (`exports/<shop id>/…`),
 * built by the `privacy.export` job. At most one is queued or running per shop (partial unique
 * index); a ready one expires after 7 days and the sweep deletes its object.
 */
export const shopExports = pgTable(
  'shop_exports',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
    status: exportStatus('status').notNull().default('queued'),
    rowsDone: integer('rows_done').notNull().default(0),
    rowsTotal: integer('rows_total').notNull().default(0),
    /** R2 key of the zip once ready; null before, and after the sweep deleted it. */
    key: text('key'),
    bytes: bigint('bytes', { mode: 'number' }),
    error: text('error'),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('shop_exports_merchant_idx').on(t.merchantId, t.createdAt),
    uniqueIndex('shop_exports_one_active_idx').on(t.merchantId).where(sql`status in ('queued', 'running')`),
  ],
)

/**
 * How long a shop keeps what it does not need forever, in days (0 = keep). One row per shop that
 * changed the defaults; shops without a row use `RETENTION_DEFAULTS` (workers/src/privacy).
 */
export const shopRetention = pgTable('shop_retention', {
  merchantId: uuid('merchant_id')
    .primaryKey()
    .references(() => merchants.id, { onDelete: 'cascade' }),
  conversationDays: integer('conversation_days').notNull(),
  eventDays: integer('event_days').notNull(),
  proposalDays: integer('proposal_days').notNull(),
  renderDays: integer('render_days').notNull(),
  updatedAt: updatedAt(),
})

export type ShopExport = typeof shopExports.$inferSelect
export type ShopRetention = typeof shopRetention.$inferSelect
