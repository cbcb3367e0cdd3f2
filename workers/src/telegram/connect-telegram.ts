import { upsertChannel } from '../../../db/queries/bot'
import type { Database } from '../../../db/types'
import { encryptSecrets } from '../bot/crypto'
import type { Config } from '../config'
import { AppError } from '../errors'
import { createTelegramBot, type TelegramSecrets } from './telegram-bot'
import { webhookUrl } from './webhook-url'

const randomToken = (bytes: number) =>
  btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(bytes))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

/**
 * Connects a Telegram bot to the shop: checks the token with getMe, stores it encrypted with a
 * fresh webhook key and secret token, then registers the webhook with Telegram.
 */
export async function connectTelegramBot(
  deps: { db: Database; config: Pick<Config, 'APP_URL' | 'ENCRYPTION_KEY' | 'TELEGRAM_API_ROOT'> },
  input: { merchantId: string; botToken: string },
) {
  const { db, config } = deps
  const { botToken } = input
  const bot = createTelegramBot(config, { botToken })
  try {
    await bot.init()
  } catch (err) {
    throw new AppError('bad_request', 'Telegram did not accept this bot token; copy it again from @BotFather', { cause: err })
  }
  const webhookKey = randomToken(18)
  const webhookSecret = randomToken(32)
  const secrets: TelegramSecrets = { botToken, webhookSecret, botInfo: bot.botInfo }
  let row: Awaited<ReturnType<typeof upsertChannel>>
  try {
    row = await upsertChannel(db, {
      merchantId: input.merchantId,
      kind: 'telegram',
      externalId: String(bot.botInfo.id),
      displayName: `@${bot.botInfo.username}`,
      secretsEncrypted: await encryptSecrets(config.ENCRYPTION_KEY, secrets),
      webhookKey,
    })
  } catch (err) {
    if (String((err as { cause?: { code?: string } }).cause?.code ?? '') === '23505') throw new AppError('conflict', 'this bot is connected to another shop')
    throw err
  }
  const url = webhookUrl(config, row)
  try {
    await bot.api.setWebhook(url, { secret_token: webhookSecret, allowed_updates: ['message', 'callback_query'] })
  } catch (err) {
    throw new AppError('bad_gateway', 'Telegram refused the webhook; try again in a minute', { cause: err })
  }
  return { id: row.id, kind: row.kind, externalId: row.externalId, displayName: row.displayName, webhookUrl: url }
}
