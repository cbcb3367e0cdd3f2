import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { query, signedInMember, sql } from '../../test/helpers'
import { digits, newTelegramBotToken, seedShop } from './test-kit'

async function owner() {
  const shop = await seedShop()
  const member = await signedInMember({ merchantId: shop.merchantId, role: 'owner' })
  const post = (path: string, body: unknown) =>
    SELF.fetch(`http://hub.test/api/channels/${path}`, {
      method: 'POST',
      headers: { ...member.headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  return { shop, post }
}

/** Tells the fake Meta that this number belongs to the holder of `token`. */
const ownNumber = (phoneNumberId: string, token: string) =>
  fetch(`${env.WHATSAPP_GRAPH_URL}/__numbers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phoneNumberId, token }),
  })
const script = (root: string, reply: unknown) => fetch(`${root}/__script`, { method: 'POST', body: JSON.stringify(reply) })
const channelsOf = (merchantId: string) =>
  query<{ kind: string; external_id: string }>(sql`select kind, external_id from channels where merchant_id = ${merchantId} order by kind`)

describe('channel connect: only the holder of a number or bot can claim it', () => {
  it('refuses a WhatsApp number the token cannot read (Graph 400 / code 100) and saves nothing; the real owner connects', async () => {
    const phoneNumberId = `1${digits(14)}`
    const ownerToken = `EAAG-owner-${crypto.randomUUID()}`
    await ownNumber(phoneNumberId, ownerToken)
    const squatter = await owner()
    const res = await squatter.post('whatsapp', { phoneNumberId, accessToken: `EAAG-squatter-${crypto.randomUUID()}` })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(`cannot read WhatsApp phone number id ${phoneNumberId}`)
    expect(await channelsOf(squatter.shop.merchantId)).toHaveLength(0)

    const real = await owner()
    const ok = await real.post('whatsapp', { phoneNumberId, accessToken: ownerToken })
    expect(ok.status).toBe(201)
    expect(await channelsOf(real.shop.merchantId)).toEqual([{ kind: 'whatsapp', external_id: phoneNumberId }])
  })

  it('says so when Meta refuses the token itself (401 / code 190), and answers 502 when Meta is down', async () => {
    const s = await owner()
    const phoneNumberId = `1${digits(14)}`
    const bad = await s.post('whatsapp', { phoneNumberId, accessToken: 'not-a-meta-token-0123456789' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('Meta did not accept this access token')
    await script(env.WHATSAPP_GRAPH_URL, {
      method: 'GET',
      path: `/${phoneNumberId}$`,
      status: 500,
      body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1 } },
    })
    const down = await s.post('whatsapp', { phoneNumberId, accessToken: 'EAAG-valid-looking-token-0123' })
    expect(down.status).toBe(502)
    expect(await channelsOf(s.shop.merchantId)).toHaveLength(0)
  })

  it('refuses a Telegram token that getMe rejects (401) with a 400 and saves nothing', async () => {
    const s = await owner()
    const token = newTelegramBotToken()
    await script(env.TELEGRAM_API_ROOT, { path: `/bot${token}/getMe$`, status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } })
    const res = await s.post('telegram', { botToken: token })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('Telegram did not accept this bot token')
    expect(await channelsOf(s.shop.merchantId)).toHaveLength(0)
  })
})

describe('channel connect: a refused connect changes nothing', () => {
  it('keeps the shop’s WhatsApp number when the new one belongs to another shop (409)', async () => {
    const other = await owner()
    const taken = `1${digits(14)}`
    expect((await other.post('whatsapp', { phoneNumberId: taken, accessToken: 'EAAG-other-shop-token-0123' })).status).toBe(201)
    const s = await owner()
    const mine = `1${digits(14)}`
    expect((await s.post('whatsapp', { phoneNumberId: mine, accessToken: 'EAAG-my-shop-token-012345' })).status).toBe(201)
    const res = await s.post('whatsapp', { phoneNumberId: taken, accessToken: 'EAAG-my-shop-token-012345' })
    expect(res.status).toBe(409)
    expect(await channelsOf(s.shop.merchantId)).toEqual([{ kind: 'whatsapp', external_id: mine }])
  })

  it('keeps the shop’s Telegram bot when Telegram refuses the new bot’s webhook (502)', async () => {
    const s = await owner()
    const first = newTelegramBotToken()
    expect((await s.post('telegram', { botToken: first })).status).toBe(201)
    const second = newTelegramBotToken()
    await script(env.TELEGRAM_API_ROOT, {
      path: `/bot${second}/setWebhook$`,
      status: 500,
      body: { ok: false, error_code: 500, description: 'Internal Server Error' },
    })
    const res = await s.post('telegram', { botToken: second })
    expect(res.status).toBe(502)
    expect(await channelsOf(s.shop.merchantId)).toEqual([{ kind: 'telegram', external_id: first.split(':')[0] }])
  })
})
