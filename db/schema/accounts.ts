import { relations, sql } from 'drizzle-orm'
import { boolean, index, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt } from './_shared'

export const memberRole = pgEnum('member_role', ['owner', 'staff', 'viewer'])

/** A shop. Every tenant-owned row elsewhere carries its id as merchant_id. */
export const merchants = pgTable('merchants', {
  id: id(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  defaultCurrency: text('default_currency').notNull().default('USD'),
  bio: text('bio').notNull().default(''),
  avatarKey: text('avatar_key'),
  theme: text('theme').notNull().default('classic'),
  /** Storefront blocks, FAQ answers, payment options, preview text... validated by zod where used. */
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  /** The owner asked to delete the shop: storefront, links and bots stop now; `purgeAfter` the sweep removes everything. */
  deleteRequestedAt: timestamp('delete_requested_at', { withTimezone: true }),
  purgeAfter: timestamp('purge_after', { withTimezone: true }),
  /** Owners must have a second factor (TOTP) before they can use the shop. */
  requireTwoFactor: boolean('require_two_factor').notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull().default(''),
    passwordHash: text('password_hash').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_email_lower_idx').on(sql`lower(${t.email})`)],
)

export const memberships = pgTable(
  'memberships',
  {
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: memberRole('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.userId] }), index('memberships_user_idx').on(t.userId)],
)

/** Login sessions. `id` is the SHA-256 of the opaque cookie token; the token itself is never stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    merchantId: uuid('merchant_id').references(() => merchants.id, { onDelete: 'set null' }),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** How the user signed in: `password` or `google`. */
    method: text('method').$type<SignInMethod>().notNull().default('password'),
    /** Whether a second factor (TOTP or a recovery code) was given for this session. */
    secondFactor: boolean('second_factor').notNull().default(false),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

/** API tokens for programmatic access, scoped to one merchant; stored hashed. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    role: memberRole('role').notNull().default('staff'),
    /** What the token may do (contracts/api-token-scopes.ts); tokens made before scopes existed have all of them. */
    scopes: text('scopes')
      .array()
      .$type<Array<'catalog:read' | 'catalog:write' | 'orders' | 'analytics'>>()
      .notNull()
      .default(sql`'{catalog:read,catalog:write,orders,analytics}'::text[]`),
    /** CIDRs the token may be used from; empty: anywhere. */
    ipAllowlist: text('ip_allowlist').array().notNull().default(sql`'{}'::text[]`),
    lastUsedIp: text('last_used_ip'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('api_tokens_merchant_idx').on(t.merchantId)],
)

/** Invitation links an owner sends to add a member. */
export const invites = pgTable(
  'invites',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    role: memberRole('role').notNull(),
    email: text('email'),
    tokenHash: text('token_hash').notNull().unique(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('invites_merchant_idx').on(t.merchantId)],
)

/** Who changed what in a merchant's shop. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    changes: jsonb('changes').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_merchant_created_idx').on(t.merchantId, t.createdAt)],
)

/**
 * Failed and successful login attempts, for the sliding-window login rate limit (per account and
 * per IP). Rows older than the longest window are useless and deleted opportunistically.
 */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: id(),
    /** `email:<lower email>` or `ip:<address>`. */
    key: text('key').notNull(),
    succeeded: boolean('succeeded').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('login_attempts_key_created_idx').on(t.key, t.createdAt)],
)

export const merchantsRelations = relations(merchants, ({ many }) => ({ memberships: many(memberships) }))
export const membershipsRelations = relations(memberships, ({ one }) => ({
  merchant: one(merchants, { fields: [memberships.merchantId], references: [merchants.id] }),
  user: one(users, { fields: [memberships.userId], references: [users.id] }),
}))

export type Merchant = typeof merchants.$inferSelect
export type User = typeof users.$inferSelect
export type Membership = typeof memberships.$inferSelect
export type MemberRole = (typeof memberRole.enumValues)[number]
export type Session = typeof sessions.$inferSelect
export type SignInMethod = 'password' | 'google'
