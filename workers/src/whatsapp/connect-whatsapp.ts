import { upsertChannel } from '../../../db/queries/bot'
import type { Database } from '../../../db/types'
import { encryptSecrets, keyringOf } from '../bot/crypto'
import type { Config } from '../config'
import { AppError } from '../errors'
import { verifyWhatsAppNumber } from './verify-number'

const isUniqueViolation = (err: unknown) => String((err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code) === '23505'

/**
 * Connects a WhatsApp Cloud API number to the shop (replacing its previous one). Meta is asked
 * first whether the token can read this phone number id, so nobody can claim a number they do
 * not control; the access token is stored encrypted. A refused connect changes nothing.
 */
export async function connectWhatsApp(
  deps: { db: Database; config: Pick<Config, 'ENCRYPTION_KEY' | 'SECRETS_KEYS' | 'WHATSAPP_GRAPH_URL'> },
  input: { merchantId: string; phoneNumberId: string; accessToken: string; displayName: string },
) {
  const number = await verifyWhatsAppNumber(deps.config, input.phoneNumberId, input.accessToken)
  const secretsEncrypted = await encryptSecrets(keyringOf(deps.config), { accessToken: input.accessToken })
  try {
    const row = await upsertChannel(deps.db, {
      merchantId: input.merchantId,
      kind: 'whatsapp',
      externalId: input.phoneNumberId,
      displayName: input.displayName || number.verifiedName || number.displayPhoneNumber,
      secretsEncrypted,
      webhookKey: null,
    })
    return { id: row.id, kind: row.kind, externalId: row.externalId, displayName: row.displayName }
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', 'this WhatsApp number is connected to another shop')
    throw err
  }
}
