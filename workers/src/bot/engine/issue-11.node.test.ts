// What a shopper of "Kicks Nairobi" hit first (issue 11): price questions read wrong, "it" not
// understood, checkout without the merchant's payment instructions, pickup called delivery, no
// delivery fee, a typed size lost on products without variants.
import { describe, expect, it } from 'vitest'
import { renderWhatsApp } from '../../whatsapp/send-whatsapp'
import { classifyMessage } from '../intent/classify-message'
import { choices, type FakeProduct, fakeId, fakeShop, sampleProducts, tap, text, texts } from './fake-shop'
import { runTurn, type TurnDeps, type TurnResult } from './run-turn'
import { type ConversationState, conversationStateSchema } from './state'

function chat(deps: TurnDeps, state: Partial<ConversationState> = {}) {
  let current = conversationStateSchema.parse(state)
  return {
    get state() {
      return current
    },
    async send(event: Parameters<typeof runTurn>[2]): Promise<TurnResult> {
      const result = await runTurn(deps, current, event)
      current = result.state
      return result
    },
  }
}

const airMax: FakeProduct = {
  id: fakeId(),
  slug: 'nike-air-max-90',
  title: 'Nike Air Max 90',
  description: 'Classic.',
  priceMinor: 480000,
  currency: 'NGN',
  imageKey: null,
  variants: [],
  category: 'sneakers',
  sku: 'AM90',
  ref: 'AM90AAAA',
}
const kicks = (settings: Record<string, unknown> = {}) => fakeShop({ products: [...sampleProducts(), airMax], settings })
const lastText = (r: TurnResult) => texts(r.replies).at(-1) ?? ''

describe('price questions (issue 11)', () => {
  it('reads "how much is the air max 90 size 42?" as the product Air Max 90 and size 42, with no price limit', () => {
    const u = classifyMessage('how much is the air max 90 size 42?')
    expect(u.intent).toBe('price_question')
    expect(u.entities).toEqual({ query: 'air max 90', size: '42' })
    expect(classifyMessage('iphone 13 under 50000').entities).toEqual({ query: 'iphone 13', maxPrice: 50000 })
    expect(classifyMessage('shoes max 5000').entities).toEqual({ query: 'shoes', maxPrice: 5000 })
  })

  it('answers it with the Air Max 90 card, not "nothing for air under 90"', async () => {
    const { deps } = kicks()
    const r = await chat(deps).send(text('how much is the air max 90 size 42?'))
    expect(r.replies).toHaveLength(1)
    expect(texts(r.replies)[0]).toContain('*Nike Air Max 90*\n₦4,800')
    expect(texts(r.replies)[0]).not.toContain('found nothing')
  })

  it('"how much is it?" right after a product card answers for that product', async () => {
    const { deps } = kicks()
    const c = chat(deps)
    await c.send(tap(`p:${airMax.id}`))
    const r = await c.send(text('how much is it?'))
    expect(lastText(r)).toBe('Nike Air Max 90 is ₦4,800.')
    expect(choices(r.replies[0])).toEqual([`add:${airMax.id}`, `ask:${airMax.id}`, 'browse'])
    const sizes = await c.send(text('is it available?'))
    expect(lastText(sizes)).toBe('Nike Air Max 90 is available.')
  })

  it('"how much is it?" with no product shown yet still asks which product', async () => {
    const { deps } = kicks()
    expect(lastText(await chat(deps).send(text('how much is it?')))).toMatch(/^Which product do you mean\?/)
  })
})

describe('checkout (issue 11)', () => {
  const instructions = {
    paymentMethods: ['cash_on_delivery', 'mobile_money', 'bank_transfer'],
    paymentInstructions: { mobile_money: 'M-Pesa till 123456 (Kicks Nairobi)', bank_transfer: 'Equity Bank, account 0123456789' },
  }

  async function toPayment(settings: Record<string, unknown>, method: 'delivery' | 'pickup') {
    const shop = kicks(settings)
    const c = chat(shop.deps, {
      cart: [{ productId: airMax.id, variantId: null, title: 'Nike Air Max 90', unitPriceMinor: 480000, currency: 'NGN', quantity: 1 }],
    })
    await c.send(tap('checkout'))
    await c.send(text('Wanjiru'))
    await c.send(tap(`dm:${method}`))
    return { shop, c }
  }

  it('sends the mobile money instructions when chosen, and again with the order number', async () => {
    const { shop, c } = await toPayment(instructions, 'pickup')
    const chosen = await c.send(tap('pay:mobile_money'))
    expect(texts(chosen.replies)[0]).toBe('How to pay by mobile money: M-Pesa till 123456 (Kicks Nairobi)')
    const placed = await c.send(tap('confirm'))
    expect(lastText(placed)).toContain('To pay: M-Pesa till 123456 (Kicks Nairobi) (reference: order #1001).')
    expect(shop.orders.list[0].draft.paymentMethod).toBe('mobile_money')
    const bank = await toPayment(instructions, 'pickup')
    expect(texts((await bank.c.send(tap('pay:bank_transfer'))).replies)[0]).toBe('How to pay by bank transfer: Equity Bank, account 0123456789')
  })

  it('a pickup order says pickup, not "cash on delivery … when it ships"', async () => {
    const { c } = await toPayment({}, 'pickup')
    const pay = await c.send(tap('pay:cash_on_delivery'))
    expect(lastText(pay)).toContain('Pickup at the shop\nPayment: Cash at pickup')
    const placed = await c.send(tap('confirm'))
    expect(lastText(placed)).toMatch(
      /^Thank you! Your order #1001 is placed for pickup\. Total: ₦4,800 \(Cash at pickup\)\. We will message you here when it is ready for pickup\./,
    )
    expect(lastText(placed)).not.toMatch(/cash on delivery|ships/i)
  })

  it('adds a flat delivery fee: shown before confirming, stored on the order, in the total', async () => {
    const { shop, c } = await toPayment({ deliveryFee: { flatMinor: 30000 } }, 'delivery')
    await c.send(text('Ngong Road, Nairobi'))
    const confirm = await c.send(tap('pay:cash_on_delivery'))
    expect(lastText(confirm)).toContain('Subtotal: ₦4,800\nDelivery: ₦300\nTotal: ₦5,100')
    const placed = await c.send(tap('confirm'))
    expect(lastText(placed)).toContain('Total: ₦5,100 (Cash on delivery)')
    expect(shop.orders.list[0].draft.deliveryFeeMinor).toBe(30000)
    expect(placed.placedOrder?.total).toBe('₦5,100')
  })

  it('charges per zone: the shopper picks an area (list or typed), its fee applies; pickup stays free', async () => {
    const zones = {
      deliveryFee: {
        flatMinor: 99999,
        zones: [
          { name: 'Westlands', feeMinor: 20000 },
          { name: 'Karen', feeMinor: 50000 },
        ],
      },
    }
    const { shop, c } = await toPayment(zones, 'delivery')
    expect(c.state.step).toBe('checkout_zone')
    const list = shop.deps.settings.deliveryFee.zones
    expect(list).toHaveLength(2)
    await c.send(text('karen'))
    expect(c.state.checkout).toMatchObject({ zone: 'Karen', deliveryFeeMinor: 50000 })
    await c.send(text('Karen Road 1'))
    const confirm = await c.send(tap('pay:cash_on_delivery'))
    expect(lastText(confirm)).toContain('Delivery (Karen): ₦500\nTotal: ₦5,300')
    await c.send(tap('confirm'))
    expect(shop.orders.list[0].draft).toMatchObject({ deliveryFeeMinor: 50000, delivery: { method: 'delivery', address: 'Karen Road 1', zone: 'Karen' } })

    const zoneTap = await toPayment(zones, 'delivery')
    await zoneTap.c.send(tap('zone:0'))
    expect(zoneTap.c.state.checkout).toMatchObject({ zone: 'Westlands', deliveryFeeMinor: 20000 })
    const pickup = await toPayment(zones, 'pickup')
    expect(pickup.c.state.checkout?.deliveryFeeMinor).toBe(0)
  })

  it('keeps a size asked for a product without variants as a note on the order line', async () => {
    const shop = kicks()
    const c = chat(shop.deps)
    await c.send(tap(`p:${airMax.id}`))
    const added = await c.send(text('add size 42'))
    expect(lastText(added)).toMatch(/^Added Nike Air Max 90 \(Size 42\) to your cart\./)
    expect(c.state.cart).toEqual([expect.objectContaining({ productId: airMax.id, note: 'Size 42' })])
    await c.send(tap('checkout'))
    await c.send(text('Wanjiru'))
    await c.send(tap('dm:pickup'))
    const confirm = await c.send(tap('pay:cash_on_delivery'))
    expect(lastText(confirm)).toContain('• Nike Air Max 90 (Size 42) × 1 — ₦4,800')
    await c.send(tap('confirm'))
    expect(shop.orders.list[0].draft.items).toEqual([expect.objectContaining({ title: 'Nike Air Max 90', note: 'Size 42' })])
  })
})

describe('buttons per channel (issue 11)', () => {
  it('keeps full titles in the engine; WhatsApp cuts rows to 24 and buttons to 20 characters', async () => {
    const long: FakeProduct = { ...airMax, id: fakeId(), title: 'Nike Air Max 90 Premium Triple White Edition', slug: 'long' }
    const { deps } = fakeShop({ products: [long, airMax] })
    const r = await chat(deps).send(tap('cat:sneakers:0'))
    const list = r.replies[0]
    expect(list.kind).toBe('list')
    if (list.kind !== 'list') return
    expect(list.rows[0].title).toBe('Nike Air Max 90 Premium Triple White Edition')
    const wa = JSON.parse(JSON.stringify(renderWhatsApp(list))) as { action: { sections: { rows: { title: string }[] }[] } }
    expect(wa.action.sections[0].rows[0].title).toBe('Nike Air Max 90 Premium…')
    expect(wa.action.sections[0].rows[0].title.length).toBeLessThanOrEqual(24)
    const buttons = JSON.parse(
      JSON.stringify(renderWhatsApp({ kind: 'buttons', text: 'x', buttons: [{ id: 'a', title: 'A button title longer than twenty' }] })),
    ) as {
      action: { buttons: { reply: { title: string } }[] }
    }
    expect(buttons.action.buttons[0].reply.title.length).toBeLessThanOrEqual(20)
  })
})
