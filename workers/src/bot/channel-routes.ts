import { Hono } from 'hono'
import { z } from 'zod'
import { deleteChannel, getMerchant, listChannels, setMerchantBotSettings, upsertChannel } from '../../../db/queries/bot'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { validate } from '../lib/validate'
import { merchantIdOf, requireMember } from '../middleware/auth'
import { createTelegramBot, type TelegramSecrets } from '../telegram/telegram-bot'
import { encryptSecrets } from './crypto'
import { botSettingsSchema, readBotSettings } from './settings'

const randomToken = (bytes: number) =>
  btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(bytes))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

const whatsappInput = z.object({
  phoneNumberId: z.string().regex(/^\d{5,20}$/, 'the numeric phone number id from Meta (WhatsApp → API setup)'),
  accessToken: z.string().trim().min(20, 'paste the permanent access token').max(1000),
  displayName: z.string().trim().max(80).default(''),
})
const telegramInput = z.object({
  botToken: z
    .string()
    .trim()
    .regex(/^\d{5,12}:[\w-]{30,}$/, 'a bot token from @BotFather looks like 123456:ABC-DEF…'),
})

export const channelRoutes = new Hono<AppEnv>()
  .use('*', requireMember('viewer'))
  // GET /api/channels – connected channels (never their secrets)
  .get('/', async (c) => {
    const rows = await listChannels(c.var.db, merchantIdOf(c))
    return c.json({
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        externalId: r.externalId,
        displayName: r.displayName,
        enabled: r.enabled,
        webhookUrl: r.kind === 'telegram' ? `${c.env.APP_URL}/webhooks/telegram/${r.webhookKey}` : `${c.env.APP_URL}/webhooks/whatsapp`,
        createdAt: r.createdAt,
      })),
    })
  })
  // POST /api/channels/whatsapp – connect a WhatsApp Cloud API number
  .post('/whatsapp', requireMember('owner'), validate('json', whatsappInput), async (c) => {
    const input = c.req.valid('json')
    const secretsEncrypted = await encryptSecrets(c.env.ENCRYPTION_KEY, { accessToken: input.accessToken })
    try {
      const row = await upsertChannel(c.var.db, {
        merchantId: merchantIdOf(c),
        kind: 'whatsapp',
        externalId: input.phoneNumberId,
        displayName: input.displayName,
        secretsEncrypted,
        webhookKey: null,
      })
      return c.json({ channel: { id: row.id, kind: row.kind, externalId: row.externalId, displayName: row.displayName } }, 201)
    } catch (err) {
      if (String((err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code) === '23505')
        throw new AppError('conflict', 'this WhatsApp number is connected to another shop')
      throw err
    }
  })
  // POST /api/channels/telegram – connect a Telegram bot: getMe, then setWebhook with a secret token
  .post('/telegram', requireMember('owner'), validate('json', telegramInput), async (c) => {
    const { botToken } = c.req.valid('json')
    const bot = createTelegramBot(c.env, { botToken })
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
      row = await upsertChannel(c.var.db, {
        merchantId: merchantIdOf(c),
        kind: 'telegram',
        externalId: String(bot.botInfo.id),
        displayName: `@${bot.botInfo.username}`,
        secretsEncrypted: await encryptSecrets(c.env.ENCRYPTION_KEY, secrets),
        webhookKey,
      })
    } catch (err) {
      if (String((err as { cause?: { code?: string } }).cause?.code ?? '') === '23505') throw new AppError('conflict', 'this bot is connected to another shop')
      throw err
    }
    const url = `${c.env.APP_URL.replace(/\/+$/, '')}/webhooks/telegram/${webhookKey}`
    try {
      await bot.api.setWebhook(url, { secret_token: webhookSecret, allowed_updates: ['message', 'callback_query'] })
    } catch (err) {
      throw new AppError('bad_gateway', 'Telegram refused the webhook; try again in a minute', { cause: err })
    }
    return c.json({ channel: { id: row.id, kind: row.kind, externalId: row.externalId, displayName: row.displayName, webhookUrl: url } }, 201)
  })
  // DELETE /api/channels/:id – disconnect
  .delete('/:id', requireMember('owner'), validate('param', z.object({ id: z.uuid() })), async (c) => {
    if (!(await deleteChannel(c.var.db, merchantIdOf(c), c.req.valid('param').id))) throw new AppError('not_found', 'channel not found')
    return c.body(null, 204)
  })
  // GET /api/channels/settings – the bot's FAQ, payment and delivery options, templates, notifications
  .get('/settings', async (c) => {
    const merchant = await getMerchant(c.var.db, merchantIdOf(c))
    return c.json({ settings: readBotSettings(merchant?.settings) })
  })
  // PUT /api/channels/settings – replace them
  .put('/settings', requireMember('owner'), validate('json', botSettingsSchema), async (c) => {
    const settings = c.req.valid('json')
    await setMerchantBotSettings(c.var.db, merchantIdOf(c), settings)
    return c.json({ settings })
  })
