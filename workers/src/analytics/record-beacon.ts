import { parseRef } from '../../../contracts/attribution-ref'
import { shopHasProducts } from '../../../db/queries/analytics'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { assertSameOrigin, isBotAgent, takeBeaconAllowance } from './beacon-guard'
import type { NewEvent, RecordEvents, RequestFacts } from './record-events'
import { type Beacon, beaconSchema } from './schemas'

/** A beacon body sent as text/plain (sendBeacon), parsed and validated like a JSON one. */
export function parseBeacon(text: string): Beacon {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new AppError('bad_request', 'body must be JSON')
  }
  const parsed = beaconSchema.safeParse(body)
  if (!parsed.success)
    throw new AppError('bad_request', 'invalid events', { details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) })
  return parsed.data
}

/**
 * Whether a beacon may be counted, before its body is read: only from the hub's own pages
 * (403 otherwise); obvious bots and tools are dropped uncounted (`false`, answered 204).
 */
export function admitBeacon(input: { headers: Headers; requestUrl: string; appUrl: string }): boolean {
  assertSameOrigin(input.headers, [new URL(input.appUrl).origin, new URL(input.requestUrl).origin])
  return !isBotAgent(input.headers.get('user-agent'))
}

/**
 * Records the taps a public page reported. The ids are untrusted: the events are written (after
 * the response) only when the shop exists and every product belongs to it, and within the
 * per-IP and per-IP-and-shop limits (429 beyond them).
 */
export async function recordBeacon(
  deps: { db: Database; record: RecordEvents },
  input: { beacon: Beacon; facts: RequestFacts; referer: string | undefined; appUrl: string; ip: string | null },
) {
  const { beacon, facts } = input
  await takeBeaconAllowance(deps.db, { ip: input.ip, shopId: beacon.shopId, cost: beacon.events.length })
  // The page's path, not /api/events, is what the dashboard groups by.
  const path = input.referer ? new URL(input.referer, input.appUrl).pathname : facts.path
  const rows: NewEvent[] = beacon.events.map((e) => {
    const ref = parseRef(e.ref ?? null)
    return {
      merchantId: beacon.shopId,
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
  const productIds = rows.map((r) => r.productId).filter((id): id is string => !!id)
  if (!(await shopHasProducts(deps.db, beacon.shopId, productIds))) throw new AppError('not_found', 'shop or product not found')
  deps.record(rows)
}
