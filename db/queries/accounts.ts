import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import { apiTokens, invites, memberships, merchants, sessions, users } from '../schema'
import type { MemberRole } from '../schema'
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

export const findUserByEmail = async (db: Database, email: string) =>
  (await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`))[0] ?? null

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

export const listMembers = (db: Database, merchantId: string) =>
  db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.merchantId, merchantId))
    .orderBy(asc(memberships.createdAt))

export const countOwners = async (db: Database, merchantId: string) =>
  (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(memberships)
      .where(and(eq(memberships.merchantId, merchantId), eq(memberships.role, 'owner')))
  )[0]?.n ?? 0

export const listActiveSessions = (db: Database, userId: string) =>
  db
    .select({
      id: sessions.id,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), sql`${sessions.expiresAt} > now()`))
    .orderBy(desc(sessions.lastSeenAt))

/** Revokes one of the user's sessions; false when it is not theirs or already gone. */
export async function revokeSession(db: Database, userId: string, sessionId: string) {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id })
  return rows.length > 0
}

export const listApiTokens = (db: Database, merchantId: string) =>
  db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      role: apiTokens.role,
      lastUsedAt: apiTokens.lastUsedAt,
      createdAt: apiTokens.createdAt,
    })
    .from(apiTokens)
    .where(and(eq(apiTokens.merchantId, merchantId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt))

export const listPendingInvites = (db: Database, merchantId: string) =>
  db
    .select({ id: invites.id, role: invites.role, email: invites.email, expiresAt: invites.expiresAt, createdAt: invites.createdAt })
    .from(invites)
    .where(and(eq(invites.merchantId, merchantId), isNull(invites.acceptedAt), sql`${invites.expiresAt} > now()`))
    .orderBy(desc(invites.createdAt))

export type MemberRoleValue = MemberRole
