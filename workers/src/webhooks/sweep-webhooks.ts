import { listDueWebhookDeliveries } from '../../../db/queries/webhooks'
import type { Database } from '../../../db/types'
import { enqueueJob } from '../queues/enqueue-job'

/**
 * Sends a delivery job per delivery. No dedupe key: the delivery's claim (a conditional UPDATE)
 * is what stops a second send, so an extra message costs one no-op.
 */
export async function queueWebhookDeliveries(deps: { db: Database; env: Env }, deliveries: Array<{ id: string; merchantId: string }>, delaySeconds?: number) {
  for (const d of deliveries) await enqueueJob(deps, { type: 'webhook.deliver', merchantId: d.merchantId, payload: { deliveryId: d.id }, delaySeconds })
}

/** The cron sweep: queues every delivery due at `now` (retries past their wait, claims gone stale). */
export async function sweepWebhookDeliveries(deps: { db: Database; env: Env }, now = new Date()): Promise<{ queued: number }> {
  const due = await listDueWebhookDeliveries(deps.db, now)
  await queueWebhookDeliveries(deps, due)
  return { queued: due.length }
}
