import { upsertChannel } from '../../../db/queries/bot'
import type { Database } from '../../../db/types'
import { encryptSecrets } from '../bot/crypto'
import type { Config } from '../config'
import { AppError } from '../errors'

/** Connects a WhatsApp Cloud API number to the shop (replacing its previous one); the access token is stored encrypted. */
export async function connectWhatsApp(
  deps: { db: Database; config: Pick<Config, 'ENCRYPTION_KEY'> },
  input: { merchantId: string; phoneNumberId: string; accessToken: string; displayName: string },
) {
  const secretsEncrypted = await encryptSecrets(deps.config.ENCRYPTION_KEY, { accessToken: input.accessToken })
  try {
    const row = await upsertChannel(deps.db, {
      merchantId: input.merchantId,
      kind: 'whatsapp',
      externalId: input.phoneNumberId,
      displayName: input.displayName,
      secretsEncrypted,
      webhookKey: null,
    })
    return { id: row.id, kind: row.kind, externalId: row.externalId, displayName: row.displayName }
  } catch (err) {
    if (String((err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code) === '23505')
      throw new AppError('conflict', 'this WhatsApp number is connected to another shop')
    throw err
  }
}
