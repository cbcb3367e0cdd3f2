import { and, asc, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm'
import type { MemberRole } from '../schema'
import { apiTokens, invites, loginAttempts, memberships, merchants, sessions, users } from '../schema'
import type { Database } from '../types'

/** A URL-safe slug: lower-case ASCII letters, digits and dashes. */
export function slugify(text: string, fallback = 'item'): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '')
  return s || fallback
}

// ---- users

export const findUserByEmail = async (db: Database, email: string) =>
  (await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`))[0] ?? null

export const getUserById = async (db: Database, userId: string) => (await db.select().from(users).where(eq(users.id, userId)))[0] ?? null

/** Creates a user; the email's case is kept (lookups ignore it). */
export async function insertUser(db: Database, values: { email: string; name: string; passwordHash: string }) {
  const [row] = await db.insert(users).values(values).returning({ id: users.id })
  return row
}

export async function setUserPassword(db: Database, params: { userId: string; passwordHash: string }) {
  await db.update(users).set({ passwordHash: params.passwordHash }).where(eq(users.id, params.userId))
}

// ---- shops

export const getMerchant = async (db: Database, merchantId: string) => (await db.select().from(merchants).where(eq(merchants.id, merchantId)))[0] ?? null

export async function insertMerchant(db: Database, values: { slug: string; name: string }) {
  const [row] = await db.insert(merchants).values(values).returning({ id: merchants.id })
  return row
}

/** Changes a shop's name, bio or default currency; null when there is no such shop. */
export async function updateMerchant(db: Database, merchantId: string, patch: { name?: string; bio?: string; defaultCurrency?: string }) {
  const [row] = await db.update(merchants).set(patch).where(eq(merchants.id, merchantId)).returning()
  return row ?? null
}

/** A free merchant slug based on `wanted` (suffixing a short random code when taken). */
export async function freeMerchantSlug(db: Database, wanted: string): Promise<string> {
  const base = slugify(wanted, 'shop')
  for (let i = 0; i < 5; i++) {
    const candidate = i === 0 ? base : `${base.slice(0, 52)}-${crypto.randomUUID().slice(0, 6)}`
    const [taken] = await db.select({ id: merchants.id }).from(merchants).where(eq(merchants.slug, candidate))
    if (!taken) return candidate
  }
  return `${base.slice(0, 40)}-${crypto.randomUUID().slice(0, 12)}`
}

/** The shops a user belongs to, oldest membership first. */
export const listMembershipsOfUser = (db: Database, userId: string) =>
  db
    .select({ merchantId: merchants.id, slug: merchants.slug, name: merchants.name, role: memberships.role })
    .from(memberships)
    .innerJoin(merchants, eq(merchants.id, memberships.merchantId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt))

// ---- memberships

export const getMembership = async (db: Database, params: { merchantId: string; userId: string }) =>
  (
    await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.merchantId, params.merchantId), eq(memberships.userId, params.userId)))
  )[0] ?? null

export async function insertMembership(db: Database, values: { merchantId: string; userId: string; role: MemberRole }) {
  await db.insert(memberships).values(values)
}

/** Adds the user to the shop with `role`, or changes their role when they already belong to it. */
export async function upsertMembership(db: Database, values: { merchantId: string; userId: string; role: MemberRole }) {
  await db
    .insert(memberships)
    .values(values)
    .onConflictDoUpdate({ target: [memberships.merchantId, memberships.userId], set: { role: values.role } })
}

export async function setMembershipRole(db: Database, params: { merchantId: string; userId: string; role: MemberRole }) {
  await db
    .update(memberships)
    .set({ role: params.role })
    .where(and(eq(memberships.merchantId, params.merchantId), eq(memberships.userId, params.userId)))
}

export async function deleteMembership(db: Database, params: { merchantId: string; userId: string }) {
  await db.delete(memberships).where(and(eq(memberships.merchantId, params.merchantId), eq(memberships.userId, params.userId)))
}

export const listMembers = (db: Database, merchantId: string) =>
  db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.merchantId, merchantId))
    .orderBy(asc(memberships.createdAt))

/**
 * Locks the shop's owner memberships (`FOR UPDATE`) and answers how many there are. Inside a
 * transaction this serialises every change that could remove an owner, so two concurrent
 * demotions cannot both see "another owner is left".
 */
export async function lockOwners(db: Database, merchantId: string) {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.merchantId, merchantId), eq(memberships.role, 'owner')))
    .for('update')
  return rows.map((r) => r.userId)
}

export const countOwners = async (db: Database, merchantId: string) =>
  (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(memberships)
      .where(and(eq(memberships.merchantId, merchantId), eq(memberships.role, 'owner')))
  )[0]?.n ?? 0

// ---- API tokens

export async function insertApiToken(
  db: Database,
  values: {
    merchantId: string
    name: string
    role: MemberRole
    tokenHash: string
    prefix: string
    createdBy: string | null
    scopes: Array<'catalog:read' | 'catalog:write' | 'orders' | 'analytics'>
    ipAllowlist: string[]
  },
) {
  const [row] = await db.insert(apiTokens).values(values).returning()
  return row
}

/** Revokes one of the shop's live API tokens; its id, or null when there is none. */
export async function revokeLiveApiToken(db: Database, params: { merchantId: string; id: string }) {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, params.id), eq(apiTokens.merchantId, params.merchantId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id })
  return row?.id ?? null
}

/** The live API token with this hash; null when unknown or revoked. */
export const findLiveApiToken = async (db: Database, tokenHash: string) =>
  (
    await db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
  )[0] ?? null

/**
 * Records a use of the token (time and address), at most once per `everySeconds`, so a busy script
 * does not write a row per request.
 */
export async function markApiTokenUsed(db: Database, params: { id: string; ip: string | null; everySeconds: number }) {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()`, lastUsedIp: params.ip })
    .where(
      and(
        eq(apiTokens.id, params.id),
        sql`(${apiTokens.lastUsedAt} is null or ${apiTokens.lastUsedAt} < now() - make_interval(secs => ${params.everySeconds}))`,
      ),
    )
}

export const listApiTokens = (db: Database, merchantId: string) =>
  db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      role: apiTokens.role,
      scopes: apiTokens.scopes,
      ipAllowlist: apiTokens.ipAllowlist,
      lastUsedAt: apiTokens.lastUsedAt,
      lastUsedIp: apiTokens.lastUsedIp,
      createdAt: apiTokens.createdAt,
    })
    .from(apiTokens)
    .where(and(eq(apiTokens.merchantId, merchantId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt))

// ---- invites

export async function insertInvite(
  db: Database,
  values: { merchantId: string; role: MemberRole; email: string | null; tokenHash: string; createdBy: string | null; expiresAt: Date },
) {
  const [row] = await db.insert(invites).values(values).returning()
  return row
}

/** Deletes one of the shop's pending invites; false when there is none. */
export async function deletePendingInvite(db: Database, params: { merchantId: string; id: string }) {
  const rows = await db
    .delete(invites)
    .where(and(eq(invites.id, params.id), eq(invites.merchantId, params.merchantId), isNull(invites.acceptedAt)))
    .returning({ id: invites.id })
  return rows.length > 0
}

/**
 * Marks the live, unused invite with this token hash as accepted and returns it, in one
 * statement so two clicks cannot both claim it; null when there is none.
 */
export async function claimInvite(db: Database, tokenHash: string) {
  const [row] = await db
    .update(invites)
    .set({ acceptedAt: sql`now()` })
    .where(and(eq(invites.tokenHash, tokenHash), isNull(invites.acceptedAt), sql`${invites.expiresAt} > now()`))
    .returning()
  return row ?? null
}

/** Gives a claimed invite back (unaccepted). */
export async function releaseInvite(db: Database, id: string) {
  await db.update(invites).set({ acceptedAt: null }).where(eq(invites.id, id))
}

export const listPendingInvites = (db: Database, merchantId: string) =>
  db
    .select({ id: invites.id, role: invites.role, email: invites.email, expiresAt: invites.expiresAt, createdAt: invites.createdAt })
    .from(invites)
    .where(and(eq(invites.merchantId, merchantId), isNull(invites.acceptedAt), sql`${invites.expiresAt} > now()`))
    .orderBy(desc(invites.createdAt))

// ---- login attempts (the login rate limit)

export type AttemptLimit = { key: string; max: number; windowSeconds: number }

/**
 * The atomic count-and-record of the login rate limit. In one transaction, under an advisory lock
 * per key (taken in key order, so two attempts cannot deadlock), checks every limit and, when none
 * is reached, records the attempt under every key as a failure: concurrent attempts queue on the
 * lock and each sees the ones before it, so N parallel guesses can never all pass a limit of M < N.
 * The caller marks the rows succeeded (`markLoginAttemptsSucceeded`) when the password was right.
 */
export async function reserveLoginAttempt(
  db: Database,
  limits: AttemptLimit[],
): Promise<{ ok: true; ids: string[] } | { ok: false; key: string; retryAfterSeconds: number }> {
  const keys = [...new Set(limits.map((l) => l.key))].sort()
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select ${sql.join(
        keys.map((k) => sql`pg_advisory_xact_lock(hashtextextended(${k}, 0))`),
        sql`, `,
      )}`,
    )
    for (const limit of limits) {
      const [row] = await tx
        .select({
          n: sql<number>`count(*)::int`,
          retry: sql<number | null>`ceil(extract(epoch from (min(${loginAttempts.createdAt}) + make_interval(secs => ${limit.windowSeconds}) - now())))::int`,
        })
        .from(loginAttempts)
        .where(
          and(
            eq(loginAttempts.key, limit.key),
            eq(loginAttempts.succeeded, false),
            gt(loginAttempts.createdAt, sql`now() - make_interval(secs => ${limit.windowSeconds})`),
          ),
        )
      if ((row?.n ?? 0) >= limit.max) return { ok: false as const, key: limit.key, retryAfterSeconds: Math.max(1, row?.retry ?? limit.windowSeconds) }
    }
    const rows = await tx
      .insert(loginAttempts)
      .values(keys.map((key) => ({ key, succeeded: false })))
      .returning({ id: loginAttempts.id })
    return { ok: true as const, ids: rows.map((r) => r.id) }
  })
}

/** Marks reserved attempts as succeeded, so they stop counting against any limit. */
export async function markLoginAttemptsSucceeded(db: Database, ids: string[]) {
  if (ids.length) await db.update(loginAttempts).set({ succeeded: true }).where(inArray(loginAttempts.id, ids))
}

/**
 * Whether the account with this email signed in (or signed up) from `ip` within `days`: a known
 * device, which the softer per-IP and per-account limits let through. Same query whether or not the
 * email has an account, so the answer time does not tell.
 */
export async function signedInFromIpBefore(db: Database, params: { email: string; ip: string; days: number }) {
  const [row] = await db
    .select({ yes: sql<boolean>`true` })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        sql`lower(${users.email}) = ${params.email.toLowerCase()}`,
        eq(sessions.ip, params.ip),
        gt(sessions.createdAt, sql`now() - make_interval(days => ${params.days})`),
      ),
    )
    .limit(1)
  return !!row
}

/** Forgets login attempts older than `seconds`. */
export async function deleteLoginAttemptsOlderThan(db: Database, seconds: number) {
  await db.delete(loginAttempts).where(lt(loginAttempts.createdAt, sql`now() - make_interval(secs => ${seconds})`))
}
