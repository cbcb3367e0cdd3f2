import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id } from './_shared'
import { users } from './accounts'

/**
 * Accounts at an OpenID Connect provider ("Continue with Google") linked to a user. `subject` is
 * the provider's stable `sub`; the email is only what it said at link time.
 */
export const oidcIdentities = pgTable(
  'oidc_identities',
  {
    id: id(),
    provider: text('provider').notNull(),
    subject: text('subject').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('oidc_identities_provider_subject_idx').on(t.provider, t.subject), index('oidc_identities_user_idx').on(t.userId)],
)

/**
 * A user's TOTP second factor (RFC 6238). `secretEnc` is the base32 secret sealed with
 * ENCRYPTION_KEY (AES-GCM, as channel tokens are). `enabledAt` null: set up but not confirmed
 * with a code yet. `lastCounter`: the 30-second step of the last accepted code, so a code cannot
 * be used twice.
 */
export const userTotp = pgTable('user_totp', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  secretEnc: text('secret_enc').notNull(),
  enabledAt: timestamp('enabled_at', { withTimezone: true }),
  lastCounter: integer('last_counter').notNull().default(0),
  createdAt: createdAt(),
})

/** One-time recovery codes of a user's second factor, stored as their SHA-256. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('recovery_codes_user_hash_idx').on(t.userId, t.codeHash)],
)

export type UserTotp = typeof userTotp.$inferSelect
