import type { WebhookEventType } from '../../../contracts/webhook-events'
import { recordWebhookEvent } from '../../../db/queries/webhooks'
import type { Database } from '../../../db/types'
import { enqueueJobs } from '../queues/enqueue-job'

/**
 * Emits a shop event to the merchant's webhook endpoints: one delivery row per subscribed
 * endpoint (one statement, in a savepoint of the caller's transaction when it has one), then a
 * queue message per delivery when `env` is at hand (without it the cron sweep sends them within
 * a minute). Never throws: a webhook problem must not undo the order, product or reply that
 * caused it.
 */
export async function emitWebhook(
  deps: { db: Database; env?: Env; log?: { error: (msg: string, meta?: Record<string, unknown>) => void } },
  merchantId: string,
  type: WebhookEventType | 'webhook.test',
  data: Record<string, unknown>,
  options: { endpointId?: string } = {},
): Promise<{ deliveries: number }> {
  try {
    const body = { type, timestamp: new Date().toISOString(), data: JSON.parse(JSON.stringify(data)) as Record<string, unknown> }
    const rows = await deps.db.transaction((sp) => recordWebhookEvent(sp, { merchantId, body, endpointId: options.endpointId }))
    if (deps.env && rows.length) {
      await enqueueJobs(
        { db: deps.db, env: deps.env },
        rows.map((r) => ({ type: 'webhook.deliver' as const, merchantId, payload: { deliveryId: r.id }, dedupeKey: `webhook:${r.id}:1` })),
      )
    }
    return { deliveries: rows.length }
  } catch (err) {
    ;(deps.log?.error ?? console.error)('could not emit webhook event', { type, merchantId, error: err instanceof Error ? err.message : String(err) })
    return { deliveries: 0 }
  }
}
