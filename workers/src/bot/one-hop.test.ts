import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { eventually, query, sql } from '../../test/helpers'
import { connectWhatsApp, graphMessages, newShopperNumber, postWhatsApp, seedShop, waPayload } from './test-kit'

// Issue 17: the BOT consumer sends the reply itself (one hop); the OUTBOX queue is the paced and
// retrying path it hands over to when pacing, a rate limit or a transient error asks for a delay.

async function setup() {
  const shop = await seedShop()
  const phoneNumberId = await connectWhatsApp(shop.merchantId)
  return { shop, phoneNumberId, from: newShopperNumber() }
}

/** Graph calls that were answered with a wamid (the fake records refused ones too). */
const delivered = async (phoneNumberId: string, from: string) => (await graphMessages(phoneNumberId, from)).filter((c) => c.body?.type !== undefined)

const outboxJobs = (merchantId: string) =>
  query<{ status: string }>(sql`select status from jobs where merchant_id = ${merchantId} and type = 'outbox.send' order by created_at`)

const outboundOf = (merchantId: string) =>
  query<{ status: string }>(sql`select status from messages where merchant_id = ${merchantId} and direction = 'outbound' order by created_at`)

const script = (reply: unknown) => fetch(`${env.WHATSAPP_GRAPH_URL}/__script`, { method: 'POST', body: JSON.stringify(reply) })

describe('one-hop bot replies', () => {
  it('the reply to a message goes out from the BOT consumer: no OUTBOX job is written, the message is sent', async () => {
    const { shop, phoneNumberId, from } = await setup()
    expect((await postWhatsApp(waPayload('text', { phoneNumberId, from, text: 'hi' }))).status).toBe(200)
    await eventually(async () => ((await graphMessages(phoneNumberId, from)).length >= 1 ? true : null))
    await eventually(async () => ((await outboundOf(shop.merchantId)).every((m) => m.status === 'sent') ? true : null))
    expect(await outboxJobs(shop.merchantId)).toEqual([])
    expect(await graphMessages(phoneNumberId, from)).toHaveLength(1)
  })

  it('a rate limit (Graph 130429, Retry-After 1) hands the reply to the OUTBOX, which sends it once after the delay', async () => {
    const { shop, phoneNumberId, from } = await setup()
    await script({
      method: 'POST',
      path: `/${phoneNumberId}/messages$`,
      status: 400,
      headers: { 'retry-after': '1' },
      body: { error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429, fbtrace_id: 'x' } },
    })
    const sentAt = Date.now()
    expect((await postWhatsApp(waPayload('text', { phoneNumberId, from, text: 'hi' }))).status).toBe(200)
    const calls = await eventually(async () => {
      const c = await graphMessages(phoneNumberId, from)
      return c.length >= 2 ? c : null
    })
    // The refused attempt, then the one the OUTBOX sent at least a second later.
    expect(calls).toHaveLength(2)
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(900)
    expect(calls[1].at - sentAt).toBeLessThan(10_000)
    await eventually(async () => ((await outboundOf(shop.merchantId)).every((m) => m.status === 'sent') ? true : null))
    expect((await outboxJobs(shop.merchantId)).map((j) => j.status)).toEqual(['succeeded'])
  })

  it('a transient Graph 500 hands the reply to the OUTBOX at once; the shopper gets it exactly once', async () => {
    const { shop, phoneNumberId, from } = await setup()
    await script({ method: 'POST', path: `/${phoneNumberId}/messages$`, status: 500, body: { error: { message: 'An unknown error occurred', code: 1 } } })
    expect((await postWhatsApp(waPayload('text', { phoneNumberId, from, text: 'hi' }))).status).toBe(200)
    await eventually(async () => ((await graphMessages(phoneNumberId, from)).length >= 2 ? true : null))
    await eventually(async () => ((await outboundOf(shop.merchantId)).every((m) => m.status === 'sent') ? true : null))
    await new Promise((r) => setTimeout(r, 500))
    expect(await graphMessages(phoneNumberId, from)).toHaveLength(2)
    expect(await outboxJobs(shop.merchantId)).toHaveLength(1)
  })
})

describe('WhatsApp pacing, seen at the fake Graph API', () => {
  it('one shopper: a burst of 10 replies at once, then about one per 6 s; none lost, none doubled', async () => {
    const { phoneNumberId, from } = await setup()
    for (let i = 0; i < 11; i++) expect((await postWhatsApp(waPayload('text', { phoneNumberId, from, text: 'hi' }))).status).toBe(200)
    const calls = await eventually(
      async () => {
        const c = await graphMessages(phoneNumberId, from)
        return c.length >= 11 ? c : null
      },
      { timeoutMs: 25_000, intervalMs: 250 },
    )
    await new Promise((r) => setTimeout(r, 500))
    expect(await graphMessages(phoneNumberId, from)).toHaveLength(11)
    const at = calls.map((c) => c.at).sort((a, b) => a - b)
    // The first ten go out as fast as the bot answers them; the eleventh waits for the bucket to
    // refill one token (6 s after the burst began).
    expect(at[10] - at[0]).toBeGreaterThanOrEqual(5_500)
    expect(await delivered(phoneNumberId, from)).toHaveLength(11)
  }, 40_000)
})
