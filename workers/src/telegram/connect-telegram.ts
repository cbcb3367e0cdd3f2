import { upsertChannel } from '../../../db/queries/bot'
import type { Database } from '../../../db/types'
import { encryptSecrets, keyringOf } from '../bot/crypto'
import type { Config } from '../config'
import { AppError } from '../errors'
import { createTelegramBot, type TelegramSecrets, telegramRefusal } from './telegram-bot'
import { webhookUrl } from './webhook-url'

const TIMEOUT_MS = 10_000
/** A 10 s deadline for one Bot API call (grammY types its signal with a polyfill's AbortSignal). */
const deadline = () => AbortSignal.timeout(TIMEOUT_MS) as unknown as Parameters<ReturnType<typeof createTelegramBot>['init']>[0]

const randomToken = (bytes: number) =>
  btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(bytes))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

/**
 * Connects a Telegram bot to the shop: checks the token with getMe (before anything is saved),
 * stores it encrypted with a fresh webhook key and secret token, and registers the webhook with
 * Telegram, all in one transaction: if Telegram refuses the webhook or the bot belongs to
 * another shop, the shop's previous bot stays connected as it was.
 */
export async function connectTelegramBot(
  deps: { db: Database; config: Pick<Config, 'APP_URL' | 'ENCRYPTION_KEY' | 'SECRETS_KEYS' | 'TELEGRAM_API_ROOT'> },
  input: { merchantId: string; botToken: string },
) {
  const { db, config } = deps
  const { botToken } = input
  const bot = createTelegramBot(config, { botToken })
  try {
    await bot.init(deadline())
  } catch (err) {
    const refusal = telegramRefusal(err)
    if (refusal === 'refused') throw new AppError('bad_request', 'Telegram did not accept this bot token; copy it again from @BotFather', { cause: err })
    throw new AppError('bad_gateway', 'Telegram did not answer when we checked this bot token; try again in a minute', { cause: err })
  }
  if (!bot.botInfo.is_bot) throw new AppError('bad_request', 'this token is not a bot token; create a bot with @BotFather and paste its token')
  const webhookKey = randomToken(18)
  const webhookSecret = randomToken(32)
  const secrets: TelegramSecrets = { botToken, webhookSecret, botInfo: bot.botInfo }
  const secretsEncrypted = await encryptSecrets(keyringOf(config), secrets)
  try {
    return await db.transaction(async (tx) => {
      const row = await upsertChannel(tx, {
        merchantId: input.merchantId,
        kind: 'telegram',
        externalId: String(bot.botInfo.id),
        displayName: `@${bot.botInfo.username}`,
        secretsEncrypted,
        webhookKey,
      })
      const url = webhookUrl(config, row)
      try {
        await bot.api.setWebhook(url, { secret_token: webhookSecret, allowed_updates: ['message', 'callback_query'] }, deadline())
      } catch (err) {
        if (telegramRefusal(err) === 'refused')
          throw new AppError('bad_request', 'Telegram refused to register the webhook for this bot; check the token with @BotFather', { cause: err })
        throw new AppError('bad_gateway', 'Telegram refused the webhook; try again in a minute', { cause: err })
      }
      return { id: row.id, kind: row.kind, externalId: row.externalId, displayName: row.displayName, webhookUrl: url }
    })
  } catch (err) {
    if (String((err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code ?? '') === '23505')
      throw new AppError('conflict', 'this bot is connected to another shop')
    throw err
  }
}
