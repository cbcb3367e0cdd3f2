import { getStudioSettings } from '../../../db/queries/studio'
import type { Database } from '../../../db/types'
import { decryptSecrets, keyringOf } from '../bot/crypto'
import type { Config } from '../config'

import type { OpenAiAccess } from './openai-access-type'

export type { OpenAiAccess }

/**
 * The OpenAI access of a shop's studio jobs. A stored key that no longer decrypts (keyring
 * changed without it) is treated as absent rather than failing the video: the hub's key or the
 * offline path still make one.
 */
export async function openAiAccessOf(
  deps: { db: Database; config: Pick<Config, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_MODEL' | 'ENCRYPTION_KEY' | 'SECRETS_KEYS'> },
  merchantId: string,
): Promise<OpenAiAccess> {
  const { config } = deps
  const settings = await getStudioSettings(deps.db, merchantId)
  if (settings?.openaiKeyEncrypted) {
    try {
      const { apiKey } = await decryptSecrets<{ apiKey: string }>(keyringOf(config), settings.openaiKeyEncrypted)
      if (apiKey) return { apiKey, baseURL: config.OPENAI_BASE_URL, model: config.OPENAI_MODEL, source: 'shop' }
    } catch {}
  }
  if (config.OPENAI_API_KEY) return { apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, model: config.OPENAI_MODEL, source: 'hub' }
  return null
}
