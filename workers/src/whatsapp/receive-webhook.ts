import { recordInboundReceipt } from '../../../db/queries/bot'
import { setMessageStatusByExternalId } from '../../../db/queries/conversations'
import type { Database } from '../../../db/types'
import { takeInEvent } from '../bot/take-in'
import { AppError } from '../errors'
import { parseWhatsAppWebhook, type WhatsAppWebhook, whatsAppWebhookSchema } from './parse-webhook'

/** Meta retries a delivery for up to 7 days; anything older is a replay and is not processed. */
export const RETRY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000

/**
 * The delivery in a verified body: null when it is signed but of a shape we do not handle
 * (another field, a test ping), which is acknowledged so Meta stops retrying.
 */
export function decodeWhatsAppWebhook(raw: Uint8Array): WhatsAppWebhook | null {
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(raw))
  } catch {
    throw new AppError('bad_request', 'body is not JSON')
  }
  const parsed = whatsAppWebhookSchema.safeParse(json)
  return parsed.success ? parsed.data : null
}

/**
 * Takes in one webhook delivery: each message not seen before (and inside the retry window) is
 * queued for the bot, its receipt and job row in one transaction (`takeInEvent`); delivery
 * statuses are applied to the stored outbound message, once, receipt and update together.
 */
export async function receiveWhatsAppWebhook(deps: { db: Database; env: Env }, delivery: WhatsAppWebhook, now = Date.now()) {
  const { db } = deps
  const { events, statuses } = parseWhatsAppWebhook(delivery)
  let queued = 0
  let duplicates = 0
  let stale = 0
  for (const event of events) {
    if (now - event.sentAt > RETRY_WINDOW_MS) {
      stale++
      continue
    }
    if ((await takeInEvent(deps, { provider: 'whatsapp', receiptId: event.externalId, merchantId: null, event })) === 'duplicate') duplicates++
    else queued++
  }
  for (const s of statuses) {
    if (now - s.timestamp * 1000 > RETRY_WINDOW_MS) continue
    // A status is one indexed update: cheaper inline than a queued job.
    await db.transaction(async (tx) => {
      if (await recordInboundReceipt(tx, 'whatsapp-status', `${s.id}:${s.status}`)) await setMessageStatusByExternalId(tx, s.id, s.status)
    })
  }
  return { queued, duplicates, stale }
}
