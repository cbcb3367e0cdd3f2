import { Webhook } from 'standardwebhooks'
import { claimWebhookDelivery, recordWebhookAttempt, type WebhookAttemptOutcome } from '../../../db/queries/webhooks'
import type { Database } from '../../../db/types'
import { decryptSecrets, keyringOf } from '../bot/crypto'
import type { Config } from '../config'
import { GuardedFetchError, guardedFetch } from '../lib/guarded-fetch'
import type { Logger } from '../lib/logger'
import { endpointGuard } from './endpoint-url'
import { DISABLE_AFTER_EXHAUSTED_IN_A_ROW, DISABLE_AFTER_FAILING_DAYS, DISABLED_NOTICE, nextAttempt } from './schedule'

/** A delivery counts as failed when no answer came within this long (Svix: 15 s). */
export const DELIVERY_TIMEOUT_MS = 10_000
/** The log keeps this much of each answer. */
export const RESPONSE_EXCERPT_BYTES = 1024
/** Answers longer than this are cut off (and count as failed). */
const MAX_RESPONSE_BYTES = 256 * 1024

/** The Standard Webhooks message id of a message: stable across retries and replays. */
export const webhookIdOf = (messageId: string) => `msg_${messageId.replace(/-/g, '')}`

export type DeliveryResult = WebhookAttemptOutcome & { disabled: boolean; deliveryId: string; merchantId: string }

const excerpt = (body: Uint8Array | undefined) => (body?.length ? new TextDecoder().decode(body.subarray(0, RESPONSE_EXCERPT_BYTES)) : null)

/**
 * Makes one attempt of a delivery, if it is due at `now` and nobody else holds it: signs the
 * stored body (Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`), POSTs
 * it through the SSRF guard, and records the attempt, the next step of the schedule (or the end
 * of it) and the endpoint's health. Null when there was nothing to do.
 *
 * `now` is the schedule's clock (tests move it); the signature's timestamp is the wall clock of
 * the request, since that is what the receiver's replay window compares against.
 */
export async function deliverWebhook(
  deps: { db: Database; config: Config; log: Logger },
  deliveryId: string,
  options: { now?: Date; timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<DeliveryResult | null> {
  const { db, config, log } = deps
  const now = options.now ?? new Date()
  const claimed = await claimWebhookDelivery(db, deliveryId, now)
  if (!claimed) return null
  const { delivery, endpoint } = claimed
  const attemptNo = delivery.attempts + 1
  const t0 = Date.now()
  let statusCode: number | null = null
  let responseExcerpt: string | null = null
  let error: string | null = null
  if (!endpoint.enabled) {
    error = 'the endpoint is disabled'
  } else {
    try {
      const { secret } = await decryptSecrets<{ secret: string }>(keyringOf(config), endpoint.secretEncrypted)
      const payload = JSON.stringify(claimed.body)
      const webhookId = webhookIdOf(claimed.messageId)
      const sentAt = new Date()
      const guard = endpointGuard(config)
      const res = await guardedFetch(endpoint.url, {
        fetch: options.fetch,
        method: 'POST',
        body: payload,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'linkhub-webhooks/1',
          'webhook-id': webhookId,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': new Webhook(secret).sign(webhookId, sentAt, payload),
        },
        timeoutMs: options.timeoutMs ?? DELIVERY_TIMEOUT_MS,
        maxBytes: MAX_RESPONSE_BYTES,
        keepErrorBody: true,
        // A redirect is an answer, not a place to POST to (3xx counts as failed).
        onRedirect: () => 'stop',
        trustedOrigin: guard.trustedOrigin,
        check: guard.check,
      })
      statusCode = res.status
      responseExcerpt = excerpt(res.body)
      if (res.status < 200 || res.status >= 300) error = res.redirectTo ? `redirected to ${res.redirectTo.origin}` : `HTTP ${res.status}`
    } catch (err) {
      error = err instanceof GuardedFetchError ? `${err.kind}: ${err.reason}` : err instanceof Error ? err.message : String(err)
    }
  }
  const latencyMs = Date.now() - t0
  const succeeded = error === null
  const next = succeeded || !endpoint.enabled ? null : nextAttempt(delivery.step, now)
  const outcome: WebhookAttemptOutcome = {
    attempt: { attempt: attemptNo, succeeded, statusCode, latencyMs, responseExcerpt, error: error?.slice(0, 500) ?? null, attemptedAt: now },
    status: succeeded ? 'succeeded' : next ? 'pending' : 'failed',
    step: next?.step ?? delivery.step,
    nextAttemptAt: next?.at ?? null,
    exhausted: !succeeded && !next && endpoint.enabled,
  }
  const { disabled } = await recordWebhookAttempt(db, claimed, outcome, {
    failingBefore: new Date(now.getTime() - DISABLE_AFTER_FAILING_DAYS * 86_400_000),
    exhaustedInARow: DISABLE_AFTER_EXHAUSTED_IN_A_ROW,
    reason: DISABLED_NOTICE,
  })
  if (disabled) log.warn('webhook endpoint disabled after repeated failure', { endpointId: endpoint.id, merchantId: endpoint.merchantId })
  return { ...outcome, disabled, deliveryId: delivery.id, merchantId: delivery.merchantId }
}
