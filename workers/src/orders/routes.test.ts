import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { placeOrder } from '../../../db/queries/orders'
import { eventually, query, signedInMember, sql, withDb } from '../../test/helpers'
import { connectWhatsApp, graphMessages, newShopperNumber, postWhatsApp, seedShop, waPayload } from '../bot/test-kit'

/** A shop with one WhatsApp conversation and one pending order placed in it. */
async function shopWithOrder() {
  const shop = await seedShop()
  const phoneNumberId = await connectWhatsApp(shop.merchantId)
  const from = newShopperNumber()
  await postWhatsApp(waPayload('text', { phoneNumberId, from, text: 'hi' }))
  const [conv] = await eventually(() =>
    query<{ id: string }>(sql`select id from conversations where merchant_id = ${shop.merchantId}`).then((r) => (r.length ? r : null)),
  )
  await eventually(async () => ((await graphMessages(phoneNumberId, from)).length ? true : null))
  const { order } = await withDb((db) =>
    placeOrder(db, {
      merchantId: shop.merchantId,
      conversationId: conv.id,
      channel: 'whatsapp',
      customerName: 'Ada Obi',
      customerContact: from,
      delivery: { method: 'pickup' },
      paymentMethod: 'cash_on_delivery',
      currency: 'NGN',
      ref: null,
      idempotencyKey: crypto.randomUUID(),
      items: [
        { productId: shop.sneakersId, variantId: shop.size42Id, title: 'Red Runner Sneakers (42)', quantity: 1, unitPriceMinor: 450000, currency: 'NGN' },
      ],
    }),
  )
  return { shop, phoneNumberId, from, order }
}

const patch = (headers: Record<string, string>, id: string, body: unknown) =>
  SELF.fetch(`http://hub.test/api/orders/${id}`, { method: 'PATCH', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) })

describe('orders', () => {
  it('lists and filters orders, shows one, and a status change tells the shopper in their chat (once)', async () => {
    const { shop, phoneNumberId, from, order } = await shopWithOrder()
    const staff = await signedInMember({ merchantId: shop.merchantId, role: 'staff' })

    const list = (await (await SELF.fetch('http://hub.test/api/orders?status=pending', { headers: staff.headers })).json()) as {
      items: { id: string; number: string; items: { title: string }[] }[]
    }
    expect(list.items.map((o) => o.id)).toEqual([order.id])
    expect(list.items[0].items.map((i) => i.title)).toEqual(['Red Runner Sneakers (42)'])
    const shipped = (await (await SELF.fetch('http://hub.test/api/orders?status=shipped', { headers: staff.headers })).json()) as { items: unknown[] }
    expect(shipped.items).toHaveLength(0)
    expect((await SELF.fetch('http://hub.test/api/orders?status=lost', { headers: staff.headers })).status).toBe(400)

    const one = await SELF.fetch(`http://hub.test/api/orders/${order.id}`, { headers: staff.headers })
    expect(one.status).toBe(200)
    expect(((await one.json()) as { order: { number: string } }).order.number).toBe(order.number)

    const res = await patch(staff.headers, order.id, { status: 'shipped' })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { order: { status: string; items: unknown[] }; notified: boolean }
    expect(body).toMatchObject({ notified: true, order: { status: 'shipped' } })
    expect(body.order.items).toHaveLength(1)
    const update = await eventually(async () => (await graphMessages(phoneNumberId, from)).find((c) => c.body.text?.body?.startsWith('Update from')))
    expect(update.body.text.body).toContain(`your order #${order.number} (₦4,500) has shipped and is on its way.`)

    const again = await patch(staff.headers, order.id, { status: 'shipped' })
    expect(((await again.json()) as { notified: boolean }).notified).toBe(false)
  })

  it('needs the staff role to change a status and a known status', async () => {
    const { shop, order } = await shopWithOrder()
    const viewer = await signedInMember({ merchantId: shop.merchantId, role: 'viewer' })
    expect((await patch(viewer.headers, order.id, { status: 'shipped' })).status).toBe(403)
    const staff = await signedInMember({ merchantId: shop.merchantId, role: 'staff' })
    const bad = await patch(staff.headers, order.id, { status: 'lost' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBe('invalid json')
  })
})
