// Issue 11 against the fake Graph API and the real database: the merchant's settings (E.164
// numbers, ISO 4217 currency, payment instructions, delivery zones), a checkout that sends the
// mobile money instructions and charges the zone's fee, and the new-order alert that goes as a
// template after Graph's 131047 "Re-engagement message".
import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { eventually, query, signedInMember, sql } from '../../test/helpers'
import { connectWhatsApp, type GraphCall, graphMessages, newShopperNumber, postWhatsApp, seedShop, waPayload } from './test-kit'

const json = (member: { headers: Record<string, string> }, method: string, body: unknown) => ({
  method,
  headers: { ...member.headers, 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

const fakeWindow = (body: Record<string, unknown>) =>
  fetch(`${env.WHATSAPP_GRAPH_URL}/__window`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

describe('shop and bot settings (issue 11)', () => {
  it('stores phone numbers in E.164 ("+254 712 345 678" → "+254712345678") and refuses junk with a clear 400', async () => {
    const owner = await signedInMember({ role: 'owner' })
    const ok = await SELF.fetch('http://hub.test/api/channels/settings', json(owner, 'PUT', { notify: { whatsapp: '+254 712 345 678' } }))
    expect(ok.status).toBe(200)
    const got = (await (await SELF.fetch('http://hub.test/api/channels/settings', { headers: owner.headers })).json()) as {
      settings: { notify: { whatsapp: string }; templates: { newOrder: { name: string } } }
    }
    expect(got.settings.notify.whatsapp).toBe('+254712345678')
    expect(got.settings.templates.newOrder.name).toBe('new_order')
    for (const junk of ['call me', '0712', '+0 712 345 678']) {
      const bad = await SELF.fetch('http://hub.test/api/channels/settings', json(owner, 'PUT', { notify: { whatsapp: junk } }))
      expect(bad.status, junk).toBe(400)
      expect(JSON.stringify(await bad.json())).toContain('international format')
    }
  })

  it('takes an ISO 4217 currency in any case and refuses a made-up one', async () => {
    const owner = await signedInMember({ role: 'owner' })
    const ok = await SELF.fetch('http://hub.test/api/shop', json(owner, 'PATCH', { defaultCurrency: 'kes' }))
    expect(ok.status).toBe(200)
    expect(((await ok.json()) as { defaultCurrency: string }).defaultCurrency).toBe('KES')
    const bad = await SELF.fetch('http://hub.test/api/shop', json(owner, 'PATCH', { defaultCurrency: 'XYZ' }))
    expect(bad.status).toBe(400)
    expect(JSON.stringify(await bad.json())).toContain('ISO 4217')
  })
})

describe('checkout and the new-order alert (issue 11)', () => {
  it('sends the mobile money instructions, charges the zone fee, keeps the size note, and alerts the merchant with a template outside the window', async () => {
    const merchantNumber = newShopperNumber()
    const shop = await seedShop({
      paymentMethods: ['cash_on_delivery', 'mobile_money'],
      paymentInstructions: { mobile_money: 'M-Pesa till 123456' },
      deliveryFee: { zones: [{ name: 'Westlands', feeMinor: 30000 }] },
      notify: { whatsapp: `+${merchantNumber}` },
      templates: { newOrder: { name: 'new_order_alert', language: 'en_US' } },
    })
    const phoneNumberId = await connectWhatsApp(shop.merchantId)
    const from = newShopperNumber()
    // Meta's rule on: the shopper wrote just now, the merchant's own number not in 24 hours.
    await fakeWindow({ phoneNumberId, enforce: true, waId: from, lastInboundAt: Date.now() })
    await query(
      sql`insert into conversations (merchant_id, channel, external_user_id, name, state) values (${shop.merchantId}, 'whatsapp', ${from}, 'Wanjiru', ${JSON.stringify(
        {
          step: 'checkout_payment',
          cart: [{ productId: shop.toteId, variantId: null, title: 'Leather Tote', unitPriceMinor: 1200000, currency: 'NGN', quantity: 1, note: 'Size 42' }],
          checkout: { key: crypto.randomUUID(), name: 'Wanjiru', method: 'delivery', zone: 'Westlands', deliveryFeeMinor: 30000, address: 'Ring Rd 1' },
        },
      )}::jsonb)`,
    )
    const replies = async (count: number) =>
      eventually(async () => {
        const calls = await graphMessages(phoneNumberId, from)
        return calls.length >= count ? calls : null
      })
    const bodyText = (c: GraphCall) => c.body.text?.body ?? c.body.interactive?.body?.text ?? ''

    expect((await postWhatsApp(waPayload('button_reply', { phoneNumberId, from, actionId: 'pay:mobile_money' }))).status).toBe(200)
    const [how, confirm] = await replies(2)
    expect(bodyText(how)).toBe('How to pay by mobile money: M-Pesa till 123456')
    expect(bodyText(confirm)).toContain('Subtotal: ₦12,000\nDelivery (Westlands): ₦300\nTotal: ₦12,300')

    expect((await postWhatsApp(waPayload('button_reply', { phoneNumberId, from, actionId: 'confirm' }))).status).toBe(200)
    const thanks = (await replies(3))[2]
    expect(bodyText(thanks)).toContain('Total: ₦12,300 (Mobile money). To pay: M-Pesa till 123456 (reference: order #1001).')

    // The free-form alert is refused with 131047; the template goes out with number, customer, total.
    const alerts = await eventually(async () => {
      const calls = (await graphMessages(phoneNumberId, merchantNumber)).filter((c) => c.body.type === 'template')
      return calls.length ? calls : null
    })
    const tried = await graphMessages(phoneNumberId, merchantNumber)
    expect(tried[0].body.type).toBe('text')
    expect(alerts[0].body.template.name).toBe('new_order_alert')
    expect(alerts[0].body.template.language.code).toBe('en_US')
    expect(alerts[0].body.template.components[0].parameters.map((p: { text: string }) => p.text)).toEqual(['1001', 'Wanjiru', '₦12,300'])

    const [order] = await query<{ delivery_fee_minor: string; subtotal_minor: string; delivery: { zone?: string } }>(
      sql`select delivery_fee_minor, subtotal_minor, delivery from orders where merchant_id = ${shop.merchantId}`,
    )
    expect(Number(order.delivery_fee_minor)).toBe(30000)
    expect(order.delivery.zone).toBe('Westlands')
    const owner = await signedInMember({ merchantId: shop.merchantId, role: 'viewer' })
    const list = (await (await SELF.fetch('http://hub.test/api/orders', { headers: owner.headers })).json()) as {
      items: { subtotalMinor: number; deliveryFeeMinor: number; totalMinor: number; items: { note: string }[] }[]
    }
    expect(list.items[0]).toMatchObject({ subtotalMinor: 1200000, deliveryFeeMinor: 30000, totalMinor: 1230000 })
    expect(list.items[0].items[0].note).toBe('Size 42')
  })
})
