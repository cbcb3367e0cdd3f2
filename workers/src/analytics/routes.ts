// POST /api/events – taps reported by public pages (order buttons, video opens), public, batched
// GET /api/analytics – the merchant's time series, funnel and per product/video/link tables
import { Hono } from 'hono'
import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { breakdowns, eventsOverTime, funnel } from '../../../db/queries/analytics'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { validate } from '../lib/validate'
import { merchantIdOf, requireMember } from '../middleware/auth'
import { parseRef } from '../../../contracts/attribution-ref'
import { type NewEvent, recordEvents, requestFacts } from './record-events'

const beaconSchema = z.object({
  shopId: z.uuid(),
  events: z
    .array(
      z.object({
        type: z.enum(['order_tap', 'link_click']),
        productId: z.uuid().optional(),
        ref: z.string().max(80).optional(),
        channel: z.enum(['whatsapp', 'telegram', 'link']).optional(),
      }),
    )
    .min(1)
    .max(20),
})

const rangeQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(30) })

export const eventRoutes = new Hono<AppEnv>().post('/', async (c) => {
  // sendBeacon posts text/plain; parse the body ourselves rather than by content type.
  const text = await c.req.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new AppError('bad_request', 'body must be JSON')
  }
  const parsed = beaconSchema.safeParse(body)
  if (!parsed.success)
    throw new AppError('bad_request', 'invalid events', { details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) })
  const facts = requestFacts(c)
  // The page's path, not /api/events, is what the dashboard groups by.
  const referer = c.req.header('referer')
  const path = referer ? new URL(referer, c.env.APP_URL).pathname : facts.path
  const rows: NewEvent[] = parsed.data.events.map((e) => {
    const ref = parseRef(e.ref ?? null)
    return {
      merchantId: parsed.data.shopId,
      type: e.type,
      productId: e.productId ?? null,
      ref: e.ref ?? null,
      ...facts,
      path,
      meta: {
        ...(e.channel ? { channel: e.channel } : {}),
        ...(ref?.source.kind === 'video' ? { videoExternalId: ref.source.videoExternalId } : {}),
        ...(ref?.source.kind === 'link' ? { linkCode: ref.source.linkCode } : {}),
      },
    }
  })
  // Untrusted ids: written in waitUntil only when shop and product exist and belong together.
  const { db } = c.var
  const check = await db.execute(
    sql`select (select count(*) from merchants where id = ${parsed.data.shopId})::int as shops,
               (select count(*) from products where merchant_id = ${parsed.data.shopId} and id = any(${`{${rows
                 .map((r) => r.productId)
                 .filter(Boolean)
                 .join(',')}}`}::uuid[]))::int as products`,
  )
  const ok = (check as unknown as { rows: { shops: number; products: number }[] }).rows[0]
  const wanted = new Set(rows.map((r) => r.productId).filter(Boolean)).size
  if (ok.shops !== 1 || ok.products !== wanted) throw new AppError('not_found', 'shop or product not found')
  recordEvents(c, rows)
  return c.body(null, 204)
})

export const analyticsRoutes = new Hono<AppEnv>().get('/', requireMember('viewer'), validate('query', rangeQuery), async (c) => {
  const { days } = c.req.valid('query')
  const to = new Date()
  const from = new Date(to.getTime() - (days - 1) * 86_400_000)
  from.setUTCHours(0, 0, 0, 0)
  const range = { merchantId: merchantIdOf(c), from, to }
  const [series, totals, tables] = await Promise.all([eventsOverTime(c.var.db, range), funnel(c.var.db, range), breakdowns(c.var.db, range)])
  return c.json({ from: from.toISOString(), to: to.toISOString(), series, funnel: totals, ...tables })
})
