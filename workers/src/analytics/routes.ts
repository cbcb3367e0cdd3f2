// POST /api/events – taps reported by public pages (order buttons, video opens), public, batched
// GET /api/analytics – the merchant's time series, funnel and per product/video/link tables
// GET /api/analytics/posts – the shop's TikTok, YouTube and Instagram posts beside its clicks, chats and orders
import { AppError } from '../errors'
import { clientIp } from '../lib/client-ip'
import { createRouter, describedAs, errors, json, memberRoute, publicRoute } from '../lib/openapi'
import { merchantIdOf } from '../middleware/auth'
import { getAnalytics } from './get-analytics'
import { getPostAnalytics } from './get-post-analytics'
import { admitBeacon, parseBeacon, recordBeacon } from './record-beacon'
import { eventRecorder, requestFacts } from './record-events'
import { analyticsSchema, beaconSchema, postAnalyticsSchema, rangeQuery } from './schemas'

const JSON_TYPE = /^application\/([\w.-]+\+)?json/i

const postEventsRoute = publicRoute({
  method: 'post',
  path: '/',
  tags: ['Analytics'],
  summary: 'Report taps on a public page (order buttons, links)',
  description:
    "Public, called by the storefront pages. `navigator.sendBeacon` posts the JSON as `text/plain`, which is accepted too. Only the hub's own pages may report: `Origin` and `Sec-Fetch-Site` must say so (403 otherwise). Beacons from crawlers and HTTP tools are answered 204 and not counted. Each IP, and each IP per shop, has a budget of events (429 with `Retry-After` beyond it). Events are written in batches shortly after the answer.",
  request: { body: { content: { 'application/json': { schema: beaconSchema }, 'text/plain': { schema: beaconSchema } } } },
  responses: {
    204: { description: 'Accepted; written shortly after (or dropped, for bot traffic)' },
    ...describedAs(errors('bad_request', 'forbidden', 'not_found', 'rate_limited'), {
      403: 'Not sent by a page of this hub (Origin / Sec-Fetch-Site)',
      404: 'No such shop, or a product of another shop',
      429: 'Too many events from this address; see `retry-after`',
    }),
  },
})

export const eventRoutes = createRouter().openapi(
  postEventsRoute,
  async (c) => {
    if (!admitBeacon({ headers: c.req.raw.headers, requestUrl: c.req.url, appUrl: c.var.config.APP_URL })) return c.body(null, 204)
    // A JSON body was validated by the route; a text/plain one (sendBeacon) is parsed here.
    const beacon = JSON_TYPE.test(c.req.header('content-type') ?? '') ? c.req.valid('json') : parseBeacon(await c.req.text())
    await recordBeacon(
      { db: c.var.db, record: eventRecorder(c) },
      { beacon, facts: requestFacts(c.req.raw), referer: c.req.header('referer'), appUrl: c.var.config.APP_URL, ip: clientIp(c.req) },
    )
    return c.body(null, 204)
  },
  (result) => {
    if (!result.success)
      throw new AppError('bad_request', 'invalid events', { details: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) })
    return undefined
  },
)

const getAnalyticsRoute = memberRoute('viewer', {
  method: 'get',
  path: '/',
  tags: ['Analytics'],
  summary: 'Views, clicks, taps, chats and orders over time, the funnel, and per product, video, link and device',
  request: { query: rangeQuery },
  responses: { 200: json(analyticsSchema, 'The report of the period') },
})

const getPostAnalyticsRoute = memberRoute('viewer', {
  method: 'get',
  path: '/posts',
  tags: ['Analytics'],
  summary: 'Posts on TikTok, YouTube and Instagram: platform counters per platform, video and product, beside our clicks, chats and orders',
  description:
    "Counters are the newest hourly reading of each post (null where the platform gives none). Views per day are the differences between a post's consecutive readings (its first reading counts whole). A video's own clicks, chats and orders are those traced to a short link in one of its captions or to its TikTok post id (`-V` refs); its product's are from every source.",
  request: { query: rangeQuery },
  responses: { 200: json(postAnalyticsSchema, 'The posts report of the period') },
})

export const analyticsRoutes = createRouter()
  .openapi(getAnalyticsRoute, async (c) => c.json(await getAnalytics(c.var.db, { merchantId: merchantIdOf(c), days: c.req.valid('query').days }), 200))
  .openapi(getPostAnalyticsRoute, async (c) => c.json(await getPostAnalytics(c.var.db, { merchantId: merchantIdOf(c), days: c.req.valid('query').days }), 200))
