import { findChannelByWebhookKey, recordInboundReceipt } from '../../../db/queries/bot'
import type { Database } from '../../../db/types'
import { decryptSecrets, keyringOf } from '../bot/crypto'
import { takeInEvent } from '../bot/take-in'
import type { Config } from '../config'
import { AppError } from '../errors'
import { createTelegramBot, normaliseTelegramUpdate, type TelegramSecrets } from './telegram-bot'

const encoder = new TextEncoder()

/** Constant-time string comparison (through HMAC-free byte XOR; lengths are not secret). */
function safeEqual(a: string, b: string) {
  const x = encoder.encode(a)
  const y = encoder.encode(b)
  if (x.length !== y.length) return false
  let diff = 0
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i]
  return diff === 0
}

/**
 * Takes in one update of a merchant's bot: the webhook key finds the channel, the secret token
 * proves it is Telegram, the update_id dedupes retries; the update is queued for the bot.
 * `update` is the parsed body (null when it was not JSON), checked only after the secret.
 */
export async function receiveTelegramUpdate(
  deps: { db: Database; env: Env; config: Pick<Config, 'ENCRYPTION_KEY' | 'SECRETS_KEYS' | 'TELEGRAM_API_ROOT'> },
  input: { webhookKey: string; secretToken: string | undefined; update: unknown },
): Promise<{ duplicate?: true; ignored?: true }> {
  const { db, config } = deps
  const channel = await findChannelByWebhookKey(db, input.webhookKey)
  if (!channel) throw new AppError('not_found', 'unknown webhook')
  const secrets = await decryptSecrets<TelegramSecrets>(keyringOf(config), channel.secretsEncrypted)
  if (!safeEqual(input.secretToken ?? '', secrets.webhookSecret)) throw new AppError('unauthorized', 'invalid secret token')
  const update = input.update as { update_id?: unknown } | null
  if (!update || typeof update.update_id !== 'number') throw new AppError('bad_request', 'not a Telegram update')
  const receiptId = `${channel.externalId}:${update.update_id}`
  const event = await normaliseTelegramUpdate(createTelegramBot(config, secrets), update)
  if (!event) return (await recordInboundReceipt(db, 'telegram', receiptId)) ? { ignored: true } : { duplicate: true }
  // The receipt and the job row are written together: a failed write leaves no receipt, so Telegram's retry is processed.
  if ((await takeInEvent(deps, { provider: 'telegram', receiptId, merchantId: channel.merchantId, event })) === 'duplicate') return { duplicate: true }
  return {}
}
