import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { eventually, query, signedInMember, sql } from '../../test/helpers'
import { connectWhatsApp, graphMessages, newShopperNumber, postWhatsApp, seedShop, waPayload } from '../bot/test-kit'

describe('dashboard inbox and orders', () => {
  it('lists the conversation with its unread count, replies through the OUTBOX, hands back to the bot', async () => {
    const shop = await seedShop()
    const phoneNumberId = await connectWhatsApp(shop.merchantId)
    const from = newShopperNumber()
    const member = await signedInMember({ merchantId: shop.merchantId, role: 'staff' })
    await postWhatsApp(waPayload('text', { phoneNumberId, from, text: 'I need a human please' }))
    await eventually(async () => ((await graphMessages(phoneNumberId, from)).length ? true : null))

    const list = (await (await SELF.fetch('http://hub.test/api/inbox/conversations', { headers: member.headers })).json()) as {
      items: { id: string; unread: number; handoff: boolean }[]
    }
    expect(list.items).toHaveLength(1)
    expect(list.items[0]).toMatchObject({ unread: 1, handoff: true })
    const id = list.items[0].id

    const reply = await SELF.fetch(`http://hub.test/api/inbox/conversations/${id}/reply`, {
      method: 'POST',
      headers: { ...member.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Hi, Ada here. How can I help?' }),
    })
    expect(reply.status).toBe(201)
    const sent = await eventually(async () => (await graphMessages(phoneNumberId, from)).find((c) => c.body.text?.body === 'Hi, Ada here. How can I help?'))
    expect(sent.body.type).toBe('text')

    const back = await SELF.fetch(`http://hub.test/api/inbox/conversations/${id}/handoff`, {
      method: 'POST',
      headers: { ...member.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ handoff: false }),
    })
    expect(back.status).toBe(200)
    const detail = (await (await SELF.fetch(`http://hub.test/api/inbox/conversations/${id}`, { headers: member.headers })).json()) as {
      conversation: { handoff: boolean }
      messages: { author: string }[]
    }
    expect(detail.conversation.handoff).toBe(false)
    expect(detail.messages.map((m) => m.author)).toEqual(['shopper', 'bot', 'merchant', 'system'])
  })

  it("returns 404 for another merchant's conversation and order", async () => {
    const shop = await seedShop()
    const phoneNumberId = await connectWhatsApp(shop.merchantId)
    const from = newShopperNumber()
    await postWhatsApp(waPayload('text', { phoneNumberId, from, text: 'hi' }))
    const [conv] = await eventually(() =>
      query<{ id: string }>(sql`select id from conversations where merchant_id = ${shop.merchantId}`).then((r) => (r.length ? r : null)),
    )
    const other = await signedInMember({ role: 'owner' })
    expect((await SELF.fetch(`http://hub.test/api/inbox/conversations/${conv.id}`, { headers: other.headers })).status).toBe(404)
    const res = await SELF.fetch(`http://hub.test/api/orders/${crypto.randomUUID()}`, {
      method: 'PATCH',
      headers: { ...other.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'shipped' }),
    })
    expect(res.status).toBe(404)
    const bad = await SELF.fetch('http://hub.test/api/orders/not-a-uuid', { headers: other.headers })
    expect(bad.status).toBe(400)
  })

  it('rejects invalid bot settings with the issue list, and saves valid ones', async () => {
    const member = await signedInMember({ role: 'owner' })
    const put = (body: unknown) =>
      SELF.fetch('http://hub.test/api/channels/settings', {
        method: 'PUT',
        headers: { ...member.headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const bad = await put({ paymentMethods: ['bitcoin'] })
    expect(bad.status).toBe(400)
    const ok = await put({
      faq: { delivery: 'Lagos 1–2 days, ₦2,000', payment: '', location: '' },
      paymentMethods: ['cash_on_delivery', 'bank_transfer'],
      notify: { whatsapp: '2348000000001' },
    })
    expect(ok.status).toBe(200)
    const got = (await (await SELF.fetch('http://hub.test/api/channels/settings', { headers: member.headers })).json()) as {
      settings: { faq: { delivery: string }; paymentMethods: string[] }
    }
    expect(got.settings.faq.delivery).toBe('Lagos 1–2 days, ₦2,000')
    expect(got.settings.paymentMethods).toEqual(['cash_on_delivery', 'bank_transfer'])
  })
})
