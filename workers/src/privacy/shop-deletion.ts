import { getUserById } from '../../../db/queries/accounts'
import { writeAudit } from '../../../db/queries/audit'
import { listShortLinks } from '../../../db/queries/links'
import { cancelShopDeletion, getShopDeletion, scheduleShopDeletion } from '../../../db/queries/privacy'
import type { Database } from '../../../db/types'
import { verifyPassword } from '../auth/password'
import { AppError } from '../errors'
import { forgetLink } from '../links/link-cache'
import { reservePasswordCheck } from '../middleware/rate-limit'
import { catalogChanged } from '../storefront/catalog-version'

/** Days between the owner's request and the purge; the owner can cancel until then. */
export const DELETION_GRACE_DAYS = 7

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export async function getDeletion(db: Database, merchantId: string) {
  const row = await getShopDeletion(db, merchantId)
  if (!row) throw new AppError('not_found', 'shop not found')
  return { scheduled: row.deleteRequestedAt !== null, requestedAt: iso(row.deleteRequestedAt), purgeAfter: iso(row.purgeAfter), shopName: row.name }
}

/**
 * The owner asks to delete the shop: they type its name and their password (rate-limited like a
 * password change). From now the storefront, short links and chat bots stop (the queries that
 * serve them skip shops with `delete_requested_at`); after the grace period the sweep purges.
 */
export async function requestShopDeletion(db: Database, input: { merchantId: string; userId: string; confirmName: string; password: string; now?: Date }) {
  const shop = await getShopDeletion(db, input.merchantId)
  if (!shop) throw new AppError('not_found', 'shop not found')
  if (input.confirmName.trim() !== shop.name.trim())
    throw new AppError('bad_request', 'type the shop name exactly to confirm', { details: [{ path: 'confirmName', message: `type “${shop.name}”` }] })
  const check = await reservePasswordCheck(db, input.userId)
  const user = await getUserById(db, input.userId)
  if (!user || !(await verifyPassword(input.password, user.passwordHash)))
    throw new AppError('forbidden', 'your password is not right', { details: [{ path: 'password', message: 'your password is not right' }] })
  await check.succeeded()
  const now = input.now ?? new Date()
  await scheduleShopDeletion(db, { merchantId: input.merchantId, now, purgeAfter: new Date(now.getTime() + DELETION_GRACE_DAYS * 86_400_000) })
  await writeAudit(db, { merchantId: input.merchantId, userId: input.userId, action: 'shop.deletion_requested', entity: 'shop', entityId: input.merchantId })
  return getDeletion(db, input.merchantId)
}

export async function cancelDeletion(db: Database, input: { merchantId: string; userId: string | null }) {
  if (!(await cancelShopDeletion(db, input.merchantId))) throw new AppError('conflict', 'the shop is not scheduled for deletion')
  await writeAudit(db, { merchantId: input.merchantId, userId: input.userId, action: 'shop.deletion_cancelled', entity: 'shop', entityId: input.merchantId })
  return getDeletion(db, input.merchantId)
}

/**
 * After a deletion is scheduled or cancelled: the shop's public pages and links change at once in
 * this data centre (cached copies dropped); elsewhere within their cache lifetimes (30 s for the
 * storefront version, 60 s for a link).
 */
export async function refreshPublicCaches(db: Database, merchantId: string, origins: string[]) {
  await catalogChanged(db, merchantId, { origins })
  const links = await listShortLinks(db, merchantId)
  const unique = [...new Set(origins.map((o) => new URL(o).origin))]
  await Promise.all(links.flatMap((l) => unique.map((o) => forgetLink(o, l.code).catch(() => undefined))))
}
