import type { Context } from 'hono'
import { insertEvents, type NewEvent } from '../../../db/queries/analytics'
import { createDb } from '../db'
import type { AppEnv } from '../env'

export type { EventType, NewEvent } from '../../../db/queries/analytics'

/** The request context every edge event carries. */
export type RequestFacts = Pick<NewEvent, 'referrer' | 'device' | 'country' | 'utm' | 'path'>
/** Hands events to the isolate's batch writer; never waits on the database. */
export type RecordEvents = (rows: NewEvent[]) => void

/** mobile / tablet / desktop / bot from a User-Agent, for the device breakdown. */
export function deviceClass(ua: string | undefined | null): 'mobile' | 'tablet' | 'desktop' | 'bot' {
  if (!ua) return 'desktop'
  if (/bot|crawler|spider|facebookexternalhit|WhatsApp\/|TelegramBot|Twitterbot|Slackbot|Discordbot|preview/i.test(ua)) return 'bot'
  if (/iPad|Tablet|Nexus (7|9|10)|SM-T\d|Android(?!.*Mobile)/i.test(ua)) return 'tablet'
  if (/Mobi|iPhone|iPod|Android|Windows Phone|BlackBerry|Opera Mini/i.test(ua)) return 'mobile'
  return 'desktop'
}

/** utm_* parameters of a URL (first value of each, trimmed and bounded). */
export function utmOf(url: URL): Record<string, string> {
  const utm: Record<string, string> = {}
  for (const key of ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content']) {
    const v = url.searchParams.get(key)
    if (v) utm[key.slice(4)] = v.slice(0, 200)
  }
  return utm
}

/** Referrer, device, country and UTM of the request: the context every edge event carries. */
export function requestFacts(req: Request): RequestFacts {
  const url = new URL(req.url)
  const cf = (req as Request & { cf?: { country?: string } }).cf
  return {
    path: url.pathname.slice(0, 500),
    referrer: req.headers.get('referer')?.slice(0, 500) ?? null,
    device: deviceClass(req.headers.get('user-agent')),
    country: cf?.country && cf.country !== 'T1' ? cf.country : null,
    utm: utmOf(url),
  }
}

// Events waiting to be written by this isolate, and whether a flush is scheduled. Requests only
// push plain objects here; the flush runs inside the waitUntil of the request that scheduled it,
// so its database connection never crosses request contexts.
let pending: NewEvent[] = []
let flushScheduled = false
const FLUSH_AFTER_MS = 50
const MAX_BATCH = 500

/**
 * Records events without the response waiting on the database: they join this isolate's
 * batch, written by one multi-row insert on one connection shortly after (`waitUntil` of the
 * request that opened the batch). Under load one insert carries many requests' events instead of
 * a connection per click. A failed write is logged, never shown to a shopper.
 */
export function recordEvents(c: Context<AppEnv>, rows: NewEvent[]) {
  if (rows.length === 0) return
  pending.push(...rows)
  if (flushScheduled && pending.length < MAX_BATCH) return
  flushScheduled = true
  const config = c.var.config
  const log = c.var.log
  const wait = pending.length >= MAX_BATCH ? Promise.resolve() : new Promise((r) => setTimeout(r, FLUSH_AFTER_MS))
  c.executionCtx.waitUntil(
    wait.then(async () => {
      const batch = pending
      pending = []
      flushScheduled = false
      if (batch.length === 0) return
      const { db, close } = createDb(config)
      try {
        await insertEvents(db, batch)
      } catch (err) {
        log?.error('recording events failed', { error: err, count: batch.length })
      } finally {
        await close().catch(() => {})
      }
    }),
  )
}

/** `recordEvents` bound to this request, for use cases that record without knowing about HTTP. */
export function eventRecorder(c: Context<AppEnv>): RecordEvents {
  return (rows) => recordEvents(c, rows)
}
