import { createFakeServer, type FakeServer } from './fake-server'

export const FAKE_TELEGRAM_BOT = {
  id: 7000000001,
  is_bot: true,
  first_name: 'Demo Shop',
  username: 'demo_shop_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
}

/**
 * Fake Telegram Bot API: `POST /bot<token>/<method>` as grammY calls it. Answers getMe,
 * sendMessage, sendPhoto, editMessageText, answerCallbackQuery, setWebhook like the real API.
 * Flood limits are scripted: `{ path: 'sendMessage', status: 429, body: { ok: false, error_code: 429, parameters: { retry_after: 1 } } }`.
 */
export async function createTelegramFake(): Promise<FakeServer> {
  let messageId = 1000
  return createFakeServer('telegram', (call) => {
    const m = /^\/bot(\d+:[\w-]+)\/(\w+)$/.exec(call.path)
    if (!m) return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } }
    const method = m[2]
    const body = (call.body ?? {}) as Record<string, unknown>
    const chat = { id: Number(body.chat_id ?? 0), type: 'private' }
    switch (method) {
      case 'getMe': {
        // Like Telegram: a bot's id is the number before the colon of its token.
        const id = Number(m[1].split(':')[0])
        return { status: 200, body: { ok: true, result: id === 123 ? FAKE_TELEGRAM_BOT : { ...FAKE_TELEGRAM_BOT, id, username: `shop_${id}_bot` } } }
      }
      case 'sendMessage':
        return { status: 200, body: { ok: true, result: { message_id: ++messageId, date: Math.floor(Date.now() / 1000), chat, text: body.text } } }
      case 'sendPhoto':
        return {
          status: 200,
          body: { ok: true, result: { message_id: ++messageId, date: Math.floor(Date.now() / 1000), chat, photo: [], caption: body.caption } },
        }
      case 'editMessageText':
        return { status: 200, body: { ok: true, result: { message_id: Number(body.message_id), date: Math.floor(Date.now() / 1000), chat, text: body.text } } }
      default:
        return { status: 200, body: { ok: true, result: true } }
    }
  })
}
