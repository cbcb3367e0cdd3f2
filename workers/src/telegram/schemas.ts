import { z } from '@hono/zod-openapi'

export const webhookKeyParam = z.object({ webhookKey: z.string().describe("The random key of one merchant bot's webhook URL") })

/** Documented, and never refused by the router: a missing or wrong token answers 401 from the handler. */
export const secretTokenHeaders = z.object({
  'X-Telegram-Bot-Api-Secret-Token': z.string().optional().describe('The `secret_token` the hub registered with `setWebhook`'),
})

/** What the handler needs of an update (the rest is read by grammY). */
export const telegramUpdateSchema = z.looseObject({ update_id: z.number().int() }).openapi('TelegramUpdate')

export const updateAckSchema = z
  .object({
    ok: z.literal(true),
    duplicate: z.literal(true).optional().describe('This update_id was received before'),
    ignored: z.literal(true).optional().describe('An update the bot does not handle (edits, channel posts, groups)'),
  })
  .openapi('TelegramWebhookAck')

/** POST /api/channels/telegram */
export const connectTelegramBody = z.object({
  botToken: z
    .string()
    .trim()
    .regex(/^\d{5,12}:[\w-]{30,}$/, 'a bot token from @BotFather looks like 123456:ABC-DEF…'),
})
