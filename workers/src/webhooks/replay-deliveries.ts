import { writeAudit } from '../../../db/queries/audit'
import { getWebhookDelivery, getWebhookEndpoint, requeueWebhookDeliveries } from '../../../db/queries/webhooks'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { emitWebhook } from './emit-webhook'
import { queueWebhookDeliveries } from './sweep-webhooks'

type Input = { merchantId: string; actorId: string | null; endpointId: string }

/**
 * Sends finished deliveries again from the first step of the schedule, with the same body and
 * `webhook-id` (receivers dedupe on it): one delivery, or every failed one since a time.
 */
export async function replayDeliveries(deps: { db: Database; env: Env }, input: Input & ({ deliveryId: string } | { since: string }), now = new Date()) {
  const { db } = deps
  if (!(await getWebhookEndpoint(db, input.merchantId, input.endpointId))) throw new AppError('not_found', 'no such webhook endpoint')
  if ('deliveryId' in input && !(await getWebhookDelivery(db, input.merchantId, input.endpointId, input.deliveryId)))
    throw new AppError('not_found', 'no such delivery')
  const which = 'deliveryId' in input ? { deliveryId: input.deliveryId } : { since: new Date(input.since) }
  const rows = await requeueWebhookDeliveries(db, { merchantId: input.merchantId, endpointId: input.endpointId, now, ...which })
  await queueWebhookDeliveries(
    deps,
    rows.map((r) => ({ id: r.id, merchantId: input.merchantId })),
  )
  await writeAudit(db, {
    merchantId: input.merchantId,
    userId: input.actorId,
    action: 'webhook.replay',
    entity: 'webhook_endpoint',
    entityId: input.endpointId,
    changes: { ...which, replayed: rows.length },
  })
  return { replayed: rows.length }
}

/** Sends a `webhook.test` event to one endpoint (whatever it subscribes to). */
export async function sendTestEvent(deps: { db: Database; env: Env }, input: Input) {
  const endpoint = await getWebhookEndpoint(deps.db, input.merchantId, input.endpointId)
  if (!endpoint) throw new AppError('not_found', 'no such webhook endpoint')
  if (!endpoint.enabled) throw new AppError('conflict', 'enable the endpoint before sending a test event')
  return emitWebhook(deps, input.merchantId, 'webhook.test', { endpointId: endpoint.id, message: 'A test event from linkhub' }, { endpointId: endpoint.id })
}
