import { pruneIdleBuckets, takeBucketTokens } from '../../../db/queries/analytics'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { deviceClass } from './record-events'

/**
 * Beacon limits, in events (a beacon of n events costs n), as token buckets in Postgres (rows of
 * `outbox_pacing`, keys under `beacon:`), so every isolate shares
 * them. One shopper taps a handful of times; a crowd behind one carrier NAT gets the per-IP room.
 */
export const BEACON_LIMITS = {
  /** One IP, one shop: a burst of 30 events, then one every 2 s. */
  perIpShop: { capacity: 30, perSecond: 0.5 },
  /** One IP, all shops: a burst of 120 events, then two a second. */
  perIp: { capacity: 120, perSecond: 2 },
} as const

/**
 * Crawlers and link previewers (what `deviceClass` calls a bot), and HTTP libraries and
 * automation tools that no shopper's browser sends. (HeadlessChrome is not listed: the hub's own
 * browser tests drive a headless Chromium; the origin check and the limits cover it.)
 */
const NON_BROWSER =
  /^(curl|wget|httpie|python-requests|python-urllib|aiohttp|go-http-client|okhttp|java\/|apache-httpclient|libwww-perl|node-fetch|undici|axios|got|postmanruntime|insomnia|scrapy|phantomjs)|phantomjs|selenium|puppeteer|playwright|lighthouse|pingdom|uptimerobot|headless(?!chrome)/i

/** Whether a User-Agent is obvious bot or tool traffic, whose beacons are dropped uncounted. */
export function isBotAgent(ua: string | null | undefined): boolean {
  if (!ua?.trim()) return true
  return deviceClass(ua) === 'bot' || NON_BROWSER.test(ua.trim())
}

/**
 * Accepts only beacons a page of the hub itself sent: a browser names the page's origin in
 * `Origin` and says `Sec-Fetch-Site: same-origin` on every POST (sendBeacon and fetch alike).
 * Each header that is present must match, and at least one must be present (a request with
 * neither is not from a browser). Another site's page, or a script posting with `Origin: null`,
 * gets 403 and records nothing.
 */
export function assertSameOrigin(headers: { get(name: string): string | null }, hubOrigins: string[]) {
  const site = headers.get('sec-fetch-site')
  const origin = headers.get('origin')
  const refuse = () => {
    throw new AppError('forbidden', "events are accepted only from this hub's own pages")
  }
  if (site === null && origin === null) refuse()
  if (site !== null && site !== 'same-origin') refuse()
  if (origin !== null && !hubOrigins.includes(origin)) refuse()
}

/**
 * Takes `cost` events from the IP's and the IP+shop's buckets; throws `rate_limited` (429 with
 * Retry-After) when either is empty. Without an IP (no `cf-connecting-ip`, local runs) the
 * buckets are shared by every such caller.
 */
export async function takeBeaconAllowance(db: Database, input: { ip: string | null; shopId: string; cost: number }) {
  const ip = input.ip ?? 'unknown'
  const checks = [
    [`beacon:ip:${ip}`, BEACON_LIMITS.perIp],
    [`beacon:ip:${ip}:shop:${input.shopId}`, BEACON_LIMITS.perIpShop],
  ] as const
  for (const [key, limit] of checks) {
    const wait = await takeBucketTokens(db, key, limit.capacity, limit.perSecond, input.cost)
    if (wait > 0) {
      throw new AppError('rate_limited', 'too many events from this address; try again shortly', {
        details: { retryAfterSeconds: Math.max(1, Math.ceil(wait)) },
      })
    }
  }
  // Now and then, forget the buckets of addresses that went quiet (a full bucket is no bucket).
  if (Math.random() < 0.01) await pruneIdleBuckets(db, 'beacon:', 15 * 60).catch(() => {})
}
