import { clientIp } from '../lib/client-ip'
// GET|POST /l/<code> – short link redirect (302 + UTM), password form, 404/410 pages
// GET /l/_og/<shop>.png – the generated default preview image of a shop
// /api/links – the merchant's short links: list, create, product link on demand, edit, delete, QR
import { type Context, Hono } from 'hono'
import type { shortLinks } from '../../../db/schema'
import {
  deleteShortLink,
  findProductLink,
  getLinkByCode,
  getShortLink,
  insertShortLink,
  listShortLinks,
  ownsTarget,
  type ResolvedLink,
  updateShortLink,
} from '../../../db/queries/links'
import { recordEvents, requestFacts } from '../analytics/record-events'
import { hashPassword, verifyPassword } from '../auth/password'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { validate } from '../lib/validate'
import { merchantIdOf, requireMember } from '../middleware/auth'
import { linkTarget } from './link-target'
import { messagePage, passwordPage } from './pages'
import { qrMatrix, qrPng, qrSvg } from './qr-code'
import { createLinkSchema, linkIdParam, productIdParam, updateLinkSchema } from './schemas'
import { eq } from 'drizzle-orm'
import { merchants } from '../../../db/schema'

const CODE = /^[A-Za-z0-9]{4,32}$/
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
// The edge keeps a resolved link this long; edits drop it at once here and within this bound elsewhere.
const LINK_TTL_S = 60
const PASSWORD_TRIES = 10 // failed passwords per link and IP per window
const PASSWORD_WINDOW_S = 600

/** A random base62 code; 62^7 ≈ 3.5e12, so collisions are rare and simply retried. */
export function newLinkCode(length = 7): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length * 2))
  let out = ''
  for (const b of bytes) {
    if (b < 248) out += BASE62[b % 62] // 248 = 4·62: rejection keeps the draw uniform
    if (out.length === length) break
  }
  return out.length === length ? out : newLinkCode(length)
}

const linkCacheKey = (origin: string, code: string) => new Request(`${origin}/__cache/link/${code}`)

/** A link by code from the edge cache or one query; nothing is written on this path. */
async function resolveLink(c: Context<AppEnv>, code: string): Promise<ResolvedLink | null> {
  const key = linkCacheKey(new URL(c.req.url).origin, code)
  const hit = await caches.default.match(key)
  if (hit) return (await hit.json()) as ResolvedLink | null
  const link = await getLinkByCode(c.var.db, code)
  c.executionCtx.waitUntil(caches.default.put(key, Response.json(link, { headers: { 'cache-control': `public, max-age=${LINK_TTL_S}` } })))
  return link
}

async function forgetLink(c: Context<AppEnv>, code: string) {
  await caches.default.delete(linkCacheKey(new URL(c.req.url).origin, code))
}

/**
 * Failed password attempts per link and IP, counted in the edge cache: per data centre, which is
 * enough to stop guessing from one place without a database write on a shopper's path.
 */
async function passwordAttempts(c: Context<AppEnv>, code: string, add: boolean) {
  const key = new Request(`${new URL(c.req.url).origin}/__cache/link-pw/${code}/${encodeURIComponent(clientIp(c.req) ?? 'local')}`)
  const hit = await caches.default.match(key)
  const state = hit ? ((await hit.json()) as { n: number; until: number }) : { n: 0, until: Date.now() + PASSWORD_WINDOW_S * 1000 }
  if (add) {
    state.n += 1
    const ttl = Math.max(1, Math.ceil((state.until - Date.now()) / 1000))
    await caches.default.put(key, Response.json(state, { headers: { 'cache-control': `public, max-age=${ttl}` } }))
  }
  return state.n
}

function checkUsable(link: ResolvedLink | null): Response | null {
  if (!link?.enabled || (link.productSlug && link.productStatus !== 'published'))
    return messagePage(404, 'Link not found', 'This link does not exist or has been turned off. Ask the shop for a new one.')
  if (link.expiresAt && new Date(link.expiresAt).getTime() <= Date.now())
    return messagePage(410, 'This link has expired', 'The offer behind it has ended. Visit the shop for current products.')
  return null
}

function redirectTo(c: Context<AppEnv>, link: ResolvedLink, status: 302 | 303) {
  const via = c.req.query('qr') === '1' ? 'qr' : 'link'
  const target = linkTarget(link, c.env.APP_URL, via)
  if (!target) return messagePage(404, 'Link not found', 'This link has no destination. Ask the shop for a new one.')
  recordEvents(c, [
    {
      merchantId: link.merchantId,
      type: via === 'qr' ? 'qr_scan' : 'link_click',
      linkId: link.id,
      productId: link.productId,
      videoId: link.videoId,
      ref: `L${link.code}`,
      ...requestFacts(c),
    },
  ])
  return new Response(null, { status, headers: { location: target, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer-when-downgrade' } })
}

export const publicLinkRoutes = new Hono<AppEnv>()
  .get('/_og/:file{[a-z0-9-]+\\.png}', async (c) => {
    const shop = c.req.param('file').replace(/\.png$/, '')
    const png = await qrPng(qrMatrix(`${c.env.APP_URL}/@${shop}`), { scale: 12 })
    return c.body(png as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'image/png', 'cache-control': 'public, max-age=86400' })
  })
  .get('/:code', async (c) => {
    const code = c.req.param('code')
    if (!CODE.test(code)) return messagePage(404, 'Link not found', 'Check the address; short links look like /l/Ab3dE9x.')
    const link = await resolveLink(c, code)
    const unusable = checkUsable(link)
    if (unusable || !link) return unusable as Response
    if (link.passwordHash) return passwordPage({ query: new URL(c.req.url).search })
    return redirectTo(c, link, 302)
  })
  .post('/:code', async (c) => {
    const code = c.req.param('code')
    if (!CODE.test(code)) return messagePage(404, 'Link not found', 'Check the address; short links look like /l/Ab3dE9x.')
    const link = await resolveLink(c, code)
    const unusable = checkUsable(link)
    if (unusable || !link) return unusable as Response
    if (!link.passwordHash) return redirectTo(c, link, 303)
    if ((await passwordAttempts(c, code, false)) >= PASSWORD_TRIES) return messagePage(429, 'Too many tries', 'Wait ten minutes, then try the password again.')
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
    const password = typeof form.password === 'string' ? form.password : ''
    if (!password || !(await verifyPassword(password, link.passwordHash))) {
      await passwordAttempts(c, code, true)
      return passwordPage({ error: 'That password is not right. Check it and try again.', status: 401, query: new URL(c.req.url).search })
    }
    return redirectTo(c, link, 303)
  })

const toPublic = (row: typeof shortLinks.$inferSelect, appUrl: string) => {
  const { passwordHash, ...rest } = row
  return { ...rest, hasPassword: passwordHash !== null, shortUrl: `${appUrl}/l/${row.code}` }
}

async function createLink(c: Context<AppEnv>, merchantId: string, values: Omit<typeof shortLinks.$inferInsert, 'code' | 'merchantId'>) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await insertShortLink(c.var.db, { ...values, merchantId, code: newLinkCode() })
    if (row) return row
  }
  throw new AppError('internal', 'could not allocate a link code')
}

async function qrFor(c: Context<AppEnv>, id: string) {
  const merchantId = merchantIdOf(c)
  const link = await getShortLink(c.var.db, merchantId, id)
  if (!link) throw new AppError('not_found', 'link not found')
  const [shop] = await c.var.db.select({ name: merchants.name, avatarKey: merchants.avatarKey }).from(merchants).where(eq(merchants.id, merchantId))
  return { link, shop, text: `${c.env.APP_URL}/l/${link.code}?qr=1` }
}

export const linkApiRoutes = new Hono<AppEnv>()
  .use('*', requireMember('viewer'))
  .get('/', async (c) => {
    const rows = await listShortLinks(c.var.db, merchantIdOf(c))
    return c.json({ links: rows.map((r) => ({ ...r, shortUrl: `${c.env.APP_URL}/l/${r.code}` })) })
  })
  .post('/', requireMember('staff'), validate('json', createLinkSchema), async (c) => {
    const merchantId = merchantIdOf(c)
    const input = c.req.valid('json')
    if (!(await ownsTarget(c.var.db, merchantId, input))) throw new AppError('not_found', 'product or video not found')
    const row = await createLink(c, merchantId, {
      title: input.title ?? '',
      productId: input.productId ?? null,
      videoId: input.videoId ?? null,
      url: input.url ?? null,
      utm: input.utm ?? {},
      passwordHash: input.password ? await hashPassword(input.password) : null,
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      enabled: input.enabled ?? true,
    })
    return c.json({ link: toPublic(row, c.env.APP_URL) }, 201)
  })
  .post('/for-product/:productId', requireMember('staff'), validate('param', productIdParam), async (c) => {
    const merchantId = merchantIdOf(c)
    const { productId } = c.req.valid('param')
    if (!(await ownsTarget(c.var.db, merchantId, { productId }))) throw new AppError('not_found', 'product not found')
    const existing = await findProductLink(c.var.db, merchantId, productId)
    const row = existing ?? (await createLink(c, merchantId, { productId, title: '' }))
    return c.json({ link: toPublic(row, c.env.APP_URL) }, existing ? 200 : 201)
  })
  .patch('/:id', requireMember('staff'), validate('param', linkIdParam), validate('json', updateLinkSchema), async (c) => {
    const input = c.req.valid('json')
    const patch: Partial<typeof shortLinks.$inferInsert> = {}
    if (input.title !== undefined) patch.title = input.title
    if (input.utm !== undefined) patch.utm = input.utm
    if (input.enabled !== undefined) patch.enabled = input.enabled
    if (input.expiresAt !== undefined) patch.expiresAt = input.expiresAt ? new Date(input.expiresAt) : null
    if (input.password !== undefined) patch.passwordHash = input.password ? await hashPassword(input.password) : null
    const row = await updateShortLink(c.var.db, merchantIdOf(c), c.req.valid('param').id, patch)
    if (!row) throw new AppError('not_found', 'link not found')
    await forgetLink(c, row.code)
    return c.json({ link: toPublic(row, c.env.APP_URL) })
  })
  .delete('/:id', requireMember('staff'), validate('param', linkIdParam), async (c) => {
    const row = await deleteShortLink(c.var.db, merchantIdOf(c), c.req.valid('param').id)
    if (!row) throw new AppError('not_found', 'link not found')
    await forgetLink(c, row.code)
    return c.body(null, 204)
  })
  .get('/:id/qr.svg', validate('param', linkIdParam), async (c) => {
    const { shop, text } = await qrFor(c, c.req.valid('param').id)
    const logoUrl = shop?.avatarKey ? `${c.env.APP_URL}/media/${shop.avatarKey}` : null
    return c.body(qrSvg(qrMatrix(text), { logoUrl, initial: shop?.name }), 200, { 'content-type': 'image/svg+xml', 'cache-control': 'private, max-age=300' })
  })
  .get('/:id/qr.png', validate('param', linkIdParam), async (c) => {
    const { text } = await qrFor(c, c.req.valid('param').id)
    const png = await qrPng(qrMatrix(text), { scale: Math.min(Math.max(Number(c.req.query('scale')) || 10, 2), 32) })
    return c.body(png as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'image/png', 'cache-control': 'private, max-age=300' })
  })
