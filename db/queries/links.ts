import { and, desc, eq, sql } from 'drizzle-orm'
import { merchants, shortLinks } from '../schema'
import type { Database } from '../types'
import { rowsOf } from '../types'

export type NewShortLink = typeof shortLinks.$inferInsert

/**
 * The events that count as a click of a short link: the redirect's `link_click` and its QR code's
 * `qr_scan` (both written by `/l/<code>` with the link's id). The Links page and Analytics count
 * exactly these, so their numbers agree.
 */
export const LINK_CLICK_TYPES = sql`('link_click', 'qr_scan')`

/** What the redirect needs about a link, in one query: the link, its shop, product and video. */
export type ResolvedLink = {
  id: string
  merchantId: string
  code: string
  url: string | null
  utm: Record<string, string>
  passwordHash: string | null
  expiresAt: string | null
  enabled: boolean
  shopSlug: string
  productId: string | null
  videoId: string | null
  productSlug: string | null
  productRef: string | null
  productStatus: string | null
  videoExternalId: string | null
  videoUrl: string | null
}

export async function getLinkByCode(db: Database, code: string): Promise<ResolvedLink | null> {
  const rows = await rowsOf<ResolvedLink>(
    db,
    sql`
    select l.id, l.merchant_id as "merchantId", l.code, l.url, l.utm, l.password_hash as "passwordHash", l.expires_at as "expiresAt", l.enabled,
           m.slug as "shopSlug", l.product_id as "productId", l.video_id as "videoId", p.slug as "productSlug", p.ref as "productRef", p.status as "productStatus",
           v.external_id as "videoExternalId", v.url as "videoUrl"
    from short_links l join merchants m on m.id = l.merchant_id
    left join products p on p.id = l.product_id
    left join videos v on v.id = l.video_id
    where l.code = ${code} and m.delete_requested_at is null`,
  )
  return rows[0] ?? null
}

/** Inserts a link; returns null when the code is taken (the caller draws another). */
export async function insertShortLink(db: Database, values: NewShortLink) {
  const rows = await db.insert(shortLinks).values(values).onConflictDoNothing({ target: shortLinks.code }).returning()
  return rows[0] ?? null
}

/** A row of the shop's link list: the link (without its password hash), its target's label and its clicks. */
export type ShortLinkRow = {
  id: string
  code: string
  title: string
  productId: string | null
  videoId: string | null
  url: string | null
  utm: Record<string, string>
  expiresAt: Date | null
  enabled: boolean
  hasPassword: boolean
  createdAt: Date
  productTitle: string | null
  videoCaption: string | null
  /** Link opens and QR scans together. */
  clicks: number
  /** How many of `clicks` came through the QR code. */
  qrScans: number
}

/** The shop's links, newest first, with clicks (QR scans included) counted from events. */
export async function listShortLinks(db: Database, merchantId: string) {
  return rowsOf<ShortLinkRow>(
    db,
    sql`
    select l.id, l.code, l.title, l.product_id as "productId", l.video_id as "videoId", l.url, l.utm, l.expires_at as "expiresAt", l.enabled,
           (l.password_hash is not null) as "hasPassword", l.created_at as "createdAt",
           p.title as "productTitle", v.caption as "videoCaption",
           coalesce(c.clicks, 0) as clicks, coalesce(c.qr_scans, 0) as "qrScans"
    from short_links l left join products p on p.id = l.product_id left join videos v on v.id = l.video_id
    left join lateral (select count(*)::int as clicks, count(*) filter (where e.type = 'qr_scan')::int as qr_scans from events e
      where e.merchant_id = l.merchant_id and e.link_id = l.id and e.type in ${LINK_CLICK_TYPES}) c on true
    where l.merchant_id = ${merchantId}
    order by l.created_at desc limit 500`,
  )
}

export async function getShortLink(db: Database, merchantId: string, id: string) {
  const [row] = await db
    .select()
    .from(shortLinks)
    .where(and(eq(shortLinks.merchantId, merchantId), eq(shortLinks.id, id)))
  return row ?? null
}

export async function updateShortLink(db: Database, merchantId: string, id: string, patch: Partial<NewShortLink>) {
  const [row] = await db
    .update(shortLinks)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(shortLinks.merchantId, merchantId), eq(shortLinks.id, id)))
    .returning()
  return row ?? null
}

export async function deleteShortLink(db: Database, merchantId: string, id: string) {
  const rows = await db
    .delete(shortLinks)
    .where(and(eq(shortLinks.merchantId, merchantId), eq(shortLinks.id, id)))
    .returning({ code: shortLinks.code })
  return rows[0] ?? null
}

/** The plain (no password, no expiry, no custom URL) link of a product, if one exists. */
export async function findProductLink(db: Database, merchantId: string, productId: string) {
  const [row] = await db
    .select()
    .from(shortLinks)
    .where(
      and(
        eq(shortLinks.merchantId, merchantId),
        eq(shortLinks.productId, productId),
        sql`${shortLinks.url} is null and ${shortLinks.passwordHash} is null and ${shortLinks.expiresAt} is null`,
      ),
    )
    .orderBy(desc(shortLinks.createdAt))
    .limit(1)
  return row ?? null
}

/** Whether a product / video belongs to the shop (a link must never point at another shop's). */
export async function ownsTarget(db: Database, merchantId: string, target: { productId?: string | null; videoId?: string | null }) {
  if (target.productId) {
    const r = await rowsOf(db, sql`select 1 from products where id = ${target.productId} and merchant_id = ${merchantId}`)
    if (r.length === 0) return false
  }
  if (target.videoId) {
    const r = await rowsOf(db, sql`select 1 from videos where id = ${target.videoId} and merchant_id = ${merchantId}`)
    if (r.length === 0) return false
  }
  return true
}

/** The name and avatar of a shop, drawn in the middle of its QR codes. */
export async function getLinkShop(db: Database, merchantId: string): Promise<{ name: string; avatarKey: string | null } | null> {
  const [row] = await db.select({ name: merchants.name, avatarKey: merchants.avatarKey }).from(merchants).where(eq(merchants.id, merchantId))
  return row ?? null
}
