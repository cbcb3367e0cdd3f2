import { writeAudit } from '../../../db/queries/audit'
import { deleteWebhookEndpoint, getWebhookEndpoint, updateWebhookEndpoint } from '../../../db/queries/webhooks'
import type { Database } from '../../../db/types'
import { encryptSecrets, keyringOf } from '../bot/crypto'
import type { Config } from '../config'
import { AppError } from '../errors'
import { assertEndpointUrl, newWebhookSecret } from './create-endpoint'
import { endpointView } from './endpoint-view'
import type { UpdateEndpoint } from './schemas'

type Input = { merchantId: string; actorId: string | null; id: string }

/** Changes an endpoint's URL, events, description, or enables / disables it. */
export async function updateEndpoint(deps: { db: Database; config: Config }, input: Input & { patch: UpdateEndpoint }) {
  const { patch } = input
  if (patch.url !== undefined) assertEndpointUrl(deps.config, patch.url)
  const row = await updateWebhookEndpoint(deps.db, input.merchantId, input.id, { ...patch, events: patch.events ? [...new Set(patch.events)] : undefined })
  if (!row) throw new AppError('not_found', 'no such webhook endpoint')
  await writeAudit(deps.db, {
    merchantId: input.merchantId,
    userId: input.actorId,
    action: 'webhook.update',
    entity: 'webhook_endpoint',
    entityId: row.id,
    changes: patch,
  })
  return endpointView(row)
}

/** A new signing secret; the old one stops working at once. */
export async function rotateEndpointSecret(deps: { db: Database; config: Config }, input: Input) {
  const secret = newWebhookSecret()
  const row = await updateWebhookEndpoint(deps.db, input.merchantId, input.id, { secretEncrypted: await encryptSecrets(keyringOf(deps.config), { secret }) })
  if (!row) throw new AppError('not_found', 'no such webhook endpoint')
  await writeAudit(deps.db, {
    merchantId: input.merchantId,
    userId: input.actorId,
    action: 'webhook.rotate_secret',
    entity: 'webhook_endpoint',
    entityId: row.id,
  })
  return { secret }
}

export async function deleteEndpoint(db: Database, input: Input) {
  const endpoint = await getWebhookEndpoint(db, input.merchantId, input.id)
  if (!endpoint || !(await deleteWebhookEndpoint(db, input.merchantId, input.id))) throw new AppError('not_found', 'no such webhook endpoint')
  await writeAudit(db, {
    merchantId: input.merchantId,
    userId: input.actorId,
    action: 'webhook.delete',
    entity: 'webhook_endpoint',
    entityId: input.id,
    changes: { url: endpoint.url },
  })
}
