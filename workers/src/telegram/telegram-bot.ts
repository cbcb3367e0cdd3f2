import { Bot, GrammyError, InlineKeyboard } from 'grammy'
import type { UserFromGetMe } from 'grammy/types'
import type { InboundEvent } from '../bot/engine/inbound'
import type { OutboundMessage } from '../bot/engine/outbound'
import type { Config } from '../config'
import type { SendOutcome } from '../whatsapp/send-whatsapp'

export type TelegramSecrets = { botToken: string; webhookSecret: string; botInfo: UserFromGetMe }

/** One grammY Bot per merchant channel; `botInfo` is stored, so building it makes no getMe call. */
export function createTelegramBot(config: Pick<Config, 'TELEGRAM_API_ROOT'>, secrets: Pick<TelegramSecrets, 'botToken'> & { botInfo?: UserFromGetMe }) {
  return new Bot(secrets.botToken, { botInfo: secrets.botInfo, client: { apiRoot: config.TELEGRAM_API_ROOT.replace(/\/+$/, '') } })
}

/**
 * Turns one Telegram update into the engine's inbound event with grammY's context helpers
 * (`ctx.msg`, `ctx.callbackQuery`, `ctx.match` of /start). Returns null for updates the bot
 * ignores (edits, channel posts, payments, messages from groups).
 */
export async function normaliseTelegramUpdate(bot: Bot, update: unknown): Promise<InboundEvent | null> {
  let event: InboundEvent | null = null
  const botId = String(bot.botInfo.id)
  bot.on('message', (ctx) => {
    const m = ctx.message
    if (m.chat.type !== 'private') return
    const base = {
      channel: 'telegram' as const,
      channelExternalId: botId,
      externalId: `tg:${botId}:${ctx.update.update_id}`,
      from: String(m.chat.id),
      name: [m.from?.first_name, m.from?.last_name].filter(Boolean).join(' '),
      sentAt: m.date * 1000,
    }
    const start = m.text?.match(/^\/start(?:@\w+)?(?:\s+(\S{1,64}))?\s*$/)
    if (start) event = { ...base, kind: 'start', text: m.text ?? '', startPayload: start[1] }
    else if (m.text) event = { ...base, kind: 'text', text: m.text.slice(0, 4096) }
    else if (m.location) event = { ...base, kind: 'location', text: '', location: { latitude: m.location.latitude, longitude: m.location.longitude } }
    else if (m.photo || m.video || m.voice || m.audio || m.document || m.sticker) event = { ...base, kind: 'media', text: m.caption ?? '[media]' }
    else event = { ...base, kind: 'unsupported', text: '[unsupported]' }
  })
  bot.on('callback_query:data', (ctx) => {
    const q = ctx.callbackQuery
    const chatId = q.message?.chat.id ?? q.from.id
    event = {
      channel: 'telegram',
      channelExternalId: botId,
      externalId: `tg:${botId}:${ctx.update.update_id}`,
      from: String(chatId),
      name: [q.from.first_name, q.from.last_name].filter(Boolean).join(' '),
      sentAt: Date.now(),
      kind: 'action',
      actionId: q.data,
      text: q.data,
      callbackQueryId: q.id,
    }
  })
  await bot.handleUpdate(update as Parameters<Bot['handleUpdate']>[0])
  return event
}

function keyboard(buttons: { id: string; title: string }[], url?: { label: string; url: string }) {
  const kb = new InlineKeyboard()
  for (const b of buttons) kb.text(b.title, b.id).row()
  if (url) kb.url(url.label, url.url)
  return kb
}

/** Renders an engine message as Bot API calls: text + inline keyboards, photos with captions. */
export async function sendTelegram(bot: Bot, chatId: string, m: OutboundMessage): Promise<SendOutcome> {
  try {
    let sent: { message_id: number }
    switch (m.kind) {
      case 'text':
        sent = await bot.api.sendMessage(chatId, m.text)
        break
      case 'template':
        sent = await bot.api.sendMessage(chatId, m.fallbackText)
        break
      case 'buttons':
        sent = await bot.api.sendMessage(chatId, m.text, { reply_markup: keyboard(m.buttons) })
        break
      case 'list':
        sent = await bot.api.sendMessage(chatId, m.text, {
          reply_markup: keyboard(m.rows.map((r) => ({ id: r.id, title: r.description ? `${r.title} · ${r.description}` : r.title }))),
        })
        break
      case 'product': {
        // "Open in shop" becomes a URL button: Telegram opens it directly.
        const buttons = m.buttons.filter((b) => !(m.url && b.id.startsWith('open:')))
        const kb = keyboard(buttons, m.url ? { label: 'Open in shop', url: m.url } : undefined)
        sent = m.imageUrl
          ? await bot.api.sendPhoto(chatId, m.imageUrl, { caption: m.caption.replace(/\*/g, ''), reply_markup: kb })
          : await bot.api.sendMessage(chatId, m.caption.replace(/\*/g, ''), { reply_markup: kb })
        break
      }
      case 'cta':
        sent = await bot.api.sendMessage(chatId, m.text, { reply_markup: new InlineKeyboard().url(m.label, m.url) })
        break
    }
    return { ok: true, id: String(sent.message_id) }
  } catch (err) {
    if (err instanceof GrammyError) {
      if (err.error_code === 429) return { ok: false, permanent: false, retryAfterSeconds: err.parameters.retry_after ?? 1, error: err.description }
      return { ok: false, permanent: err.error_code >= 400 && err.error_code < 500, error: `telegram ${err.error_code}: ${err.description}` }
    }
    return { ok: false, permanent: false, error: err instanceof Error ? err.message : String(err) }
  }
}

/**
 * Whether a failed Bot API call was Telegram refusing the request (401 Unauthorized, 404 Not
 * Found: a wrong or revoked token, 400: a bad argument) or Telegram not answering (flood limits,
 * 5xx, network, timeout), which is worth retrying.
 */
export function telegramRefusal(err: unknown): 'refused' | 'unavailable' {
  if (err instanceof GrammyError && err.error_code >= 400 && err.error_code < 500 && err.error_code !== 429) return 'refused'
  return 'unavailable'
}
