import { writeAudit } from '../../../db/queries/audit'
import { insertWebhookEndpoint } from '../../../db/queries/webhooks'
import type { Database } from '../../../db/types'
import { encryptSecrets, keyringOf } from '../bot/crypto'
import type { Config } from '../config'
import { AppError } from '../errors'
import { endpointUrlRefusal } from './endpoint-url'
import { endpointView } from './endpoint-view'
import type { CreateEndpoint } from './schemas'

/** A Standard Webhooks signing secret: `whsec_` and the base64 of 24 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24))))}`
}

/** A 400 on `url` when the SSRF guard would refuse it. */
export function assertEndpointUrl(config: Pick<Config, 'WEBHOOK_TRUSTED_ORIGIN'>, url: string) {
  const refusal = endpointUrlRefusal(config, url)
  if (refusal) throw new AppError('bad_request', 'this address cannot receive webhooks', { details: [{ path: 'url', message: `refused: ${refusal}` }] })
}

/** Registers an endpoint; its signing secret exists in clear only in this answer (stored encrypted). */
export async function createEndpoint(deps: { db: Database; config: Config }, input: CreateEndpoint & { merchantId: string; actorId: string | null }) {
  assertEndpointUrl(deps.config, input.url)
  const secret = newWebhookSecret()
  const row = await insertWebhookEndpoint(deps.db, {
    merchantId: input.merchantId,
    url: input.url,
    description: input.description,
    events: [...new Set(input.events)],
    secretEncrypted: await encryptSecrets(keyringOf(deps.config), { secret }),
  })
  await writeAudit(deps.db, {
    merchantId: input.merchantId,
    userId: input.actorId,
    action: 'webhook.create',
    entity: 'webhook_endpoint',
    entityId: row.id,
    changes: { url: row.url, events: row.events },
  })
  return { ...endpointView(row), secret }
}
