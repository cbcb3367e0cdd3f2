import { defineJob } from '../queues/job-context'
import { deliverWebhook } from './deliver-webhook'
import { QUEUE_DELAY_MAX_SECONDS } from './schedule'
import { webhookDeliverPayloadSchema } from './schemas'
import { queueWebhookDeliveries } from './sweep-webhooks'

/**
 * OUTBOX queue: one attempt of one webhook delivery. A duplicate message finds the delivery
 * claimed or not due and does nothing. A retry due within a minute goes back on the queue with
 * that delay; later ones are picked up by the cron sweep (`sweepWebhookDeliveries`).
 */
export const webhookDeliverJob = defineJob({
  queue: 'outbox',
  payload: webhookDeliverPayloadSchema,
  async run({ db, env, config, log }, { deliveryId }) {
    const result = await deliverWebhook({ db, config, log }, deliveryId)
    if (!result) return { skipped: 'not_due' }
    if (result.status === 'pending' && result.nextAttemptAt) {
      const delaySeconds = Math.max(0, Math.ceil((result.nextAttemptAt.getTime() - Date.now()) / 1000))
      if (delaySeconds <= QUEUE_DELAY_MAX_SECONDS) await queueWebhookDeliveries({ db, env }, [{ id: deliveryId, merchantId: result.merchantId }], delaySeconds)
    }
    return { status: result.status, attempt: result.attempt.attempt, statusCode: result.attempt.statusCode }
  },
})
