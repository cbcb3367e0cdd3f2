import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { eventually, query, signedInMember, sql } from '../../test/helpers'
import { digits, newTelegramBotToken, seedShop, telegramCalls, telegramUpdate } from '../bot/test-kit'

async function connectBot() {
  const shop = await seedShop()
  const member = await signedInMember({ merchantId: shop.merchantId, role: 'owner' })
  const token = newTelegramBotToken()
  const res = await SELF.fetch('http://hub.test/api/channels/telegram', {
    method: 'POST',
    headers: { ...member.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ botToken: token }),
  })
  expect(res.status).toBe(201)
  const { channel } = (await res.json()) as { channel: { webhookUrl: string } }
  const setWebhook = (await telegramCalls(token)).find((c) => c.method === 'setWebhook')
  expect(setWebhook?.body.url).toBe(channel.webhookUrl)
  return { shop, member, token, path: new URL(channel.webhookUrl).pathname, secret: String(setWebhook?.body.secret_token) }
}

const post = (path: string, secret: string | null, update: unknown) =>
  SELF.fetch(`http://hub.test${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
    body: JSON.stringify(update),
  })

describe('Telegram webhook', () => {
  it('connecting a bot registers the webhook with a secret token, and the secret is stored encrypted', async () => {
    const { shop, token, secret } = await connectBot()
    expect(secret).toMatch(/^[A-Za-z0-9_-]{20,256}$/)
    const [row] = await query<{ secrets_encrypted: string }>(sql`select secrets_encrypted from channels where merchant_id = ${shop.merchantId}`)
    expect(row.secrets_encrypted).toMatch(/^v2\.k0\./)
    expect(row.secrets_encrypted).not.toContain(token.split(':')[1])
  })

  it('rejects a wrong secret token with 401 and an unknown webhook key with 404', async () => {
    const { path } = await connectBot()
    expect((await post(path, 'wrong', telegramUpdate({ updateId: 1, chatId: 5 }))).status).toBe(401)
    expect((await post(path, null, telegramUpdate({ updateId: 1, chatId: 5 }))).status).toBe(401)
    expect((await post('/webhooks/telegram/nope', 'x', telegramUpdate({ updateId: 1, chatId: 5 }))).status).toBe(404)
  })

  it('answers /start <ref> with the product card as a photo, and a duplicate update_id gets no second reply', async () => {
    const { shop, token, path, secret } = await connectBot()
    const [p] = await query<{ ref: string }>(sql`select ref from products where id = ${shop.sneakersId}`)
    const chatId = Number(digits(8))
    const update = telegramUpdate({ updateId: 500, chatId, text: `/start ${p.ref}-P` })
    const results = await Promise.all([post(path, secret, update), post(path, secret, update), post(path, secret, update)])
    expect(results.map((r) => r.status)).toEqual([200, 200, 200])
    const [photo] = await eventually(async () => {
      const calls = (await telegramCalls(token)).filter((c) => c.method === 'sendPhoto')
      return calls.length ? calls : null
    })
    expect(photo.body.chat_id).toBe(String(chatId))
    expect(photo.body.photo).toBe(`http://hub.test/media/${shop.imageKey}`)
    expect(photo.body.caption).toContain('Red Runner Sneakers')
    const keyboard = photo.body.reply_markup.inline_keyboard.flat().map((b: { text: string }) => b.text)
    expect(keyboard).toEqual(['Add to cart', 'Ask a question', 'Open in shop'])
    await new Promise((r) => setTimeout(r, 1200))
    expect((await telegramCalls(token)).filter((c) => c.method === 'sendPhoto' || c.method === 'sendMessage')).toHaveLength(1)
    const events = await query<{ type: string; product_id: string; ref: string }>(
      sql`select type, product_id, ref from events where merchant_id = ${shop.merchantId}`,
    )
    expect(events).toEqual([{ type: 'chat_started', product_id: shop.sneakersId, ref: `${p.ref}-P` }])
  })

  it('handles a button tap (callback query): answers it and replies with the variant list', async () => {
    const { shop, token, path, secret } = await connectBot()
    const chatId = Number(digits(8))
    expect((await post(path, secret, telegramUpdate({ updateId: 900, chatId, callbackData: `add:${shop.sneakersId}` }))).status).toBe(200)
    const msg = await eventually(async () => (await telegramCalls(token)).find((c) => c.method === 'sendMessage'))
    expect(msg.body.text).toContain('Which option of Red Runner Sneakers')
    expect(msg.body.reply_markup.inline_keyboard.flat().map((b: { text: string }) => b.text)[2]).toContain('42')
    expect((await telegramCalls(token)).some((c) => c.method === 'answerCallbackQuery')).toBe(true)
  })

  it("a tapped category answers with its products, the button acknowledged, titles not cut to WhatsApp's 24 characters (issue 11)", async () => {
    const { shop, token, path, secret } = await connectBot()
    const long = 'Nike Air Max 90 Premium Triple White Edition'
    await query(
      sql`insert into products (merchant_id, slug, title, status, price_minor, currency, category) values (${shop.merchantId}, 'long', ${long}, 'published', 480000, 'NGN', 'sneakers')`,
    )
    const chatId = Number(digits(8))
    expect((await post(path, secret, telegramUpdate({ updateId: 901, chatId, callbackData: 'cat:sneakers:0' }))).status).toBe(200)
    const msg = await eventually(async () => (await telegramCalls(token)).find((c) => c.method === 'sendMessage'))
    const buttons = msg.body.reply_markup.inline_keyboard.flat().map((b: { text: string }) => b.text)
    expect(buttons).toContain(`${long} · ₦4,800`)
    expect(buttons.some((b: string) => b.startsWith('Red Runner Sneakers'))).toBe(true)
    expect((await telegramCalls(token)).find((c) => c.method === 'answerCallbackQuery')?.body.callback_query_id).toBe('901')
  })
})
