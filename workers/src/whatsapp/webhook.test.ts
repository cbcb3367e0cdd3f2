import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { eventually, query, sql } from '../../test/helpers'
import { connectWhatsApp, graphMessages, newShopperNumber, newWamid, postWhatsApp, seedShop, waPayload, waStatusPayload } from '../bot/test-kit'

async function setup(settings: Record<string, unknown> = {}) {
  const shop = await seedShop(settings)
  const phoneNumberId = await connectWhatsApp(shop.merchantId)
  return { shop, phoneNumberId, from: newShopperNumber() }
}

/** Sends a payload and waits until the fake Graph API has received `count` messages for this shopper. */
async function say(phoneNumberId: string, from: string, payload: unknown, count: number) {
  const res = await postWhatsApp(payload)
  expect(res.status).toBe(200)
  return eventually(async () => {
    const calls = await graphMessages(phoneNumberId, from)
    return calls.length >= count ? calls : null
  })
}

describe('WhatsApp webhook: verification', () => {
  it('echoes hub.challenge when the verify token matches, and refuses a wrong token with 403', async () => {
    const ok = await SELF.fetch('http://hub.test/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=test-verify-token&hub.challenge=1158201444')
    expect(ok.status).toBe(200)
    expect(await ok.text()).toBe('1158201444')
    const bad = await SELF.fetch('http://hub.test/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1')
    expect(bad.status).toBe(403)
  })

  it('rejects a forged or missing signature with 401 and queues nothing', async () => {
    const { phoneNumberId, from } = await setup()
    const payload = waPayload('text', { phoneNumberId, from, text: 'hi' })
    expect((await postWhatsApp(payload, 'forged')).status).toBe(401)
    expect((await postWhatsApp(payload, 'none')).status).toBe(401)
    const rows = await query(sql`select 1 from inbound_receipts where external_id = ${payload.entry[0].changes[0].value.messages[0].id as string}`)
    expect(rows).toHaveLength(0)
  })

  it('accepts a signature over the raw UTF-8 body (Meta) and over the \\uXXXX-escaped body (whatsapp-api-js)', async () => {
    const { phoneNumberId, from } = await setup()
    const raw = waPayload('text', { phoneNumberId, from, text: 'hola ñandú 👟 Olá' })
    expect((await postWhatsApp(raw, 'raw')).status).toBe(200)
    const escaped = waPayload('text', { phoneNumberId, from, text: 'café crème' })
    expect((await postWhatsApp(escaped, 'escaped')).status).toBe(200)
    // A signature over the escaped text does not validate a different body.
    const tampered = JSON.stringify(waPayload('text', { phoneNumberId, from, text: 'café crème' })).replace('crème', 'creme')
    expect((await postWhatsApp(null, 'forged', tampered)).status).toBe(401)
    await eventually(async () => ((await graphMessages(phoneNumberId, from)).length >= 2 ? true : null))
  })

  it('acknowledges a stale message (older than the 7-day retry window) without replying', async () => {
    const { phoneNumberId, from } = await setup()
    const res = await postWhatsApp(waPayload('text', { phoneNumberId, from, text: 'hi', at: Date.now() - 8 * 24 * 3600 * 1000 }))
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ stale: 1, queued: 0 })
    await new Promise((r) => setTimeout(r, 1500))
    expect(await graphMessages(phoneNumberId, from)).toHaveLength(0)
  })
})

describe('WhatsApp shopping flow against the fake Graph API', () => {
  it('greets with a menu and answers "browse" with a list message of categories (≤ 10 rows)', async () => {
    const { phoneNumberId, from } = await setup()
    const [greeting] = await say(phoneNumberId, from, waPayload('text', { phoneNumberId, from, text: 'Hello' }), 1)
    expect(greeting.headers.authorization).toBe('Bearer EAAG-test-access-token-0123456789')
    expect(greeting.body.type).toBe('interactive')
    expect(greeting.body.interactive.type).toBe('button')
    expect(greeting.body.interactive.action.buttons.map((b: { reply: { title: string } }) => b.reply.title)).toEqual([
      'Browse products',
      'My cart',
      'Talk to a person',
    ])

    const calls = await say(phoneNumberId, from, waPayload('button_reply', { phoneNumberId, from, actionId: 'browse' }), 2)
    const list = calls[1].body
    expect(list.interactive.type).toBe('list')
    const rows = list.interactive.action.sections.flatMap((s: { rows: unknown[] }) => s.rows)
    expect(rows.length).toBeLessThanOrEqual(10)
    expect(rows.map((r: { title: string }) => r.title)).toEqual(['Sneakers', 'Bags'])
  })

  it('answers a tapped category with a list of its products (issue 11: "order by 0" left it unanswered)', async () => {
    const { phoneNumberId, from } = await setup()
    const [reply] = await say(phoneNumberId, from, waPayload('list_reply', { phoneNumberId, from, actionId: 'cat:sneakers:0' }), 1)
    expect(reply.body.interactive.type).toBe('list')
    const rows = reply.body.interactive.action.sections.flatMap((s: { rows: { title: string }[] }) => s.rows)
    expect(rows.map((r: { title: string }) => r.title).sort()).toEqual(['Blue Court Sneakers', 'Red Runner Sneakers'])
  })

  it('finds "red sneakers under 5000" and sends a product card with its image, price and three buttons', async () => {
    const { shop, phoneNumberId, from } = await setup()
    const [card] = await say(phoneNumberId, from, waPayload('text', { phoneNumberId, from, text: 'red sneakers under 5000' }), 1).then((c) =>
      c.filter((x) => x.body.interactive?.header),
    )
    expect(card.body.interactive.header.type).toBe('image')
    expect(card.body.interactive.header.image.link).toBe(`http://hub.test/media/${shop.imageKey}`)
    expect(card.body.interactive.body.text).toContain('Red Runner Sneakers')
    expect(card.body.interactive.body.text).toContain('₦4,500')
    expect(card.body.interactive.action.buttons.map((b: { reply: { title: string } }) => b.reply.title)).toEqual([
      'Add to cart',
      'Ask a question',
      'Open in shop',
    ])
  })

  it('handles an inbound catalog order message: the cart is shown with our prices', async () => {
    const { shop, phoneNumberId, from } = await setup()
    const calls = await say(
      phoneNumberId,
      from,
      waPayload('order', {
        phoneNumberId,
        from,
        items: [
          { product_retailer_id: `TOTE-${shop.slug}`, quantity: 2, item_price: 1, currency: 'NGN' },
          { product_retailer_id: 'GONE', quantity: 1, item_price: 5, currency: 'NGN' },
        ],
      }),
      2,
    )
    const texts = calls.map((c) => c.body.text?.body ?? c.body.interactive?.body?.text).join('\n')
    expect(texts).toContain('Leather Tote × 2 — ₦24,000')
    expect(texts).toContain('GONE')
  })

  it('three concurrent deliveries of the same message produce one reply and one order', async () => {
    const { shop, phoneNumberId, from } = await setup()
    await say(phoneNumberId, from, waPayload('text', { phoneNumberId, from, text: 'red sneakers under 5000' }), 1)
    let n = 1
    const step = async (kind: 'button_reply' | 'list_reply' | 'text', o: { actionId?: string; text?: string }) => {
      n++
      return say(phoneNumberId, from, waPayload(kind, { phoneNumberId, from, ...o }), n)
    }
    await step('button_reply', { actionId: `add:${shop.sneakersId}` })
    await step('list_reply', { actionId: `v:${shop.size42Id}` })
    await step('button_reply', { actionId: 'checkout' })
    await step('text', { text: 'Ada Obi' })
    await step('button_reply', { actionId: 'dm:pickup' })
    await step('button_reply', { actionId: 'pay:cash_on_delivery' })
    const confirm = waPayload('button_reply', { phoneNumberId, from, actionId: 'confirm', id: newWamid() })
    const results = await Promise.all([postWhatsApp(confirm), postWhatsApp(confirm), postWhatsApp(confirm)])
    expect(results.map((r) => r.status)).toEqual([200, 200, 200])
    const calls = await eventually(async () => {
      const c = await graphMessages(phoneNumberId, from)
      return c.length >= n + 1 ? c : null
    })
    await new Promise((r) => setTimeout(r, 1500))
    const after = await graphMessages(phoneNumberId, from)
    expect(after).toHaveLength(n + 1)
    expect(calls[n].body.text.body).toMatch(
      /Your order #\d+ is placed for pickup\. Total: ₦4,500 \(Cash at pickup\)\. We will message you here when it is ready for pickup\./,
    )
    const orders = await query<{ number: string; status: string; subtotal_minor: number; payment_method: string }>(
      sql`select * from orders where merchant_id = ${shop.merchantId}`,
    )
    expect(orders).toHaveLength(1)
    expect(orders[0]).toMatchObject({ status: 'pending', payment_method: 'cash_on_delivery' })
    const items = await query<{ title: string; quantity: number; unit_price_minor: string }>(
      sql`select * from order_items where merchant_id = ${shop.merchantId}`,
    )
    expect(items.map((i) => [i.title, i.quantity, Number(i.unit_price_minor)])).toEqual([['Red Runner Sneakers (42)', 1, 450000]])
  })

  it("pauses the bot on handoff: the shopper's next message gets no bot reply and shows unread in the inbox", async () => {
    const { shop, phoneNumberId, from } = await setup()
    await say(phoneNumberId, from, waPayload('text', { phoneNumberId, from, text: 'I want to talk to a human' }), 1)
    const res = await postWhatsApp(waPayload('text', { phoneNumberId, from, text: 'are you there?' }))
    expect(res.status).toBe(200)
    const [conv] = await eventually(async () => {
      const rows = await query<{ handoff: boolean; unread: number }>(sql`select handoff, unread from conversations where merchant_id = ${shop.merchantId}`)
      return rows[0]?.unread >= 2 ? rows : null
    })
    expect(conv.handoff).toBe(true)
    await new Promise((r) => setTimeout(r, 1000))
    expect(await graphMessages(phoneNumberId, from)).toHaveLength(1)
  })

  it('honours opt-out: after "stop" nothing more is sent', async () => {
    const { phoneNumberId, from } = await setup()
    const [bye] = await say(phoneNumberId, from, waPayload('text', { phoneNumberId, from, text: 'STOP' }), 1)
    expect(bye.body.text.body).toContain('no more messages')
    await postWhatsApp(waPayload('text', { phoneNumberId, from, text: 'red sneakers' }))
    await new Promise((r) => setTimeout(r, 1500))
    expect(await graphMessages(phoneNumberId, from)).toHaveLength(1)
  })

  it('retries with the delay after Graph error 130429 and delivers once', async () => {
    const { phoneNumberId, from } = await setup()
    const { env } = await import('cloudflare:test')
    await fetch(`${env.WHATSAPP_GRAPH_URL}/__script`, {
      method: 'POST',
      body: JSON.stringify({
        path: `/${phoneNumberId}/messages`,
        status: 400,
        headers: { 'retry-after': '1' },
        body: { error: { message: 'Rate limit hit', code: 130429 } },
        times: 1,
      }),
    })
    const calls = await say(phoneNumberId, from, waPayload('text', { phoneNumberId, from, text: 'hello' }), 2)
    expect(calls[1].body.interactive.type).toBe('button')
    const [msg] = await query<{ status: string }>(
      sql`select m.status from messages m join conversations c on c.id = m.conversation_id where c.external_user_id = ${from} and m.direction = 'outbound'`,
    )
    expect(msg.status).toBe('sent')
  })

  it('applies delivery statuses to the stored outbound message, once', async () => {
    const { phoneNumberId, from } = await setup()
    await say(phoneNumberId, from, waPayload('text', { phoneNumberId, from, text: 'hi' }), 1)
    const [out] = await eventually(() =>
      query<{ external_id: string; status: string }>(
        sql`select m.external_id, m.status from messages m join conversations c on c.id = m.conversation_id where c.external_user_id = ${from} and m.direction = 'outbound' and m.status = 'sent'`,
      ).then((r) => (r.length ? r : null)),
    )
    const res = await postWhatsApp(waStatusPayload({ phoneNumberId, wamid: out.external_id, status: 'read' }))
    expect(res.status).toBe(200)
    const [after] = await query<{ status: string }>(sql`select status from messages where external_id = ${out.external_id}`)
    expect(after.status).toBe('read')
  })
})
