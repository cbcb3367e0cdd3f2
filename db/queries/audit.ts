import { and, desc, eq, lt, sql } from 'drizzle-orm'
import { auditLog, users } from '../schema'
import type { Database } from '../types'

export type AuditEntry = {
  merchantId: string
  userId: string | null
  action: string
  entity: string
  entityId?: string | null
  changes?: Record<string, unknown>
}

/** Records who changed what (one row per change; bulk actions record one row listing the ids). */
export async function writeAudit(db: Database, entries: AuditEntry | AuditEntry[]) {
  const list = Array.isArray(entries) ? entries : [entries]
  if (!list.length) return
  await db.insert(auditLog).values(list.map((e) => ({ ...e, entityId: e.entityId ?? null, changes: e.changes ?? {} })))
}

/** A merchant's audit log, newest first, optionally for one entity; cursor is the last row's created_at. */
export async function listAudit(db: Database, params: { merchantId: string; entityId?: string; before?: string; limit?: number }) {
  const limit = Math.min(Math.max(params.limit ?? 50, 1), 200)
  const where = [eq(auditLog.merchantId, params.merchantId)]
  if (params.entityId) where.push(eq(auditLog.entityId, params.entityId))
  if (params.before) where.push(lt(auditLog.createdAt, new Date(params.before)))
  const rows = await db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      changes: auditLog.changes,
      createdAt: auditLog.createdAt,
      userId: auditLog.userId,
      userEmail: sql<string | null>`${users.email}`,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(and(...where))
    .orderBy(desc(auditLog.createdAt))
    .limit(limit + 1)
  const page = rows.slice(0, limit)
  return { items: page, nextCursor: rows.length > limit ? (page[page.length - 1]?.createdAt.toISOString() ?? null) : null }
}
