import { describe, expect, it } from 'vitest'
import { choices, fakeShop, inbound, tap, text, texts } from './fake-shop'
import type { InboundEvent } from './inbound'
import { runTurn, type TurnDeps, type TurnResult } from './run-turn'
import { type ConversationState, conversationStateSchema } from './state'

/** A shopper talking to the engine: each message runs one turn on the state the last one left. */
function chat(deps: TurnDeps, state: Partial<ConversationState> = {}) {
  let current = conversationStateSchema.parse(state)
  return {
    get state() {
      return current
    },
    async send(event: InboundEvent): Promise<TurnResult> {
      const result = await runTurn(deps, current, event)
      current = result.state
      return result
    },
  }
}

describe('runTurn: which flow a message goes to', () => {
  it('greets on /start and on "hi", and on the menu button', async () => {
    const { deps } = fakeShop()
    const c = chat(deps)
    for (const event of [inbound('start', { text: '/start' }), text('hi'), tap('menu'), tap('unknown:thing')]) {
      const r = await c.send(event)
      expect(texts(r.replies)[0]).toMatch(/^Hi Ada! Welcome to Ada Kicks\./)
      expect(choices(r.replies[0])).toEqual(['browse', 'cart', 'human'])
    }
  })

  it('a /start ref shows the product the shopper was looking at, attributed', async () => {
    const { deps, products } = fakeShop()
    const r = await chat(deps).send(inbound('start', { text: '/start TOTE78EF-P', startPayload: 'TOTE78EF-P' }))
    expect(r.replies).toHaveLength(1)
    expect(texts(r.replies)[0]).toMatch(/^Hi Ada! Here is the product you were looking at:\n\n\*Leather Tote\*/)
    expect(r.ref).toBe('TOTE78EF-P')
    expect(r.state.attribution).toEqual({ ref: 'TOTE78EF-P', productId: products[2].id })
    expect(r.events.map((e) => e.type)).toEqual(['chat_started'])
  })

  it('a prefilled "(ref …)" text shows the product the shopper asked about', async () => {
    const { deps } = fakeShop()
    const r = await chat(deps).send(text("Hi! I'd like to order Red Runner Sneakers (ref RRS12AB3-P)"))
    expect(texts(r.replies)[0]).toMatch(/^Hi Ada! Here is the product you asked about:\n\n\*Red Runner Sneakers\*/)
  })

  it('searches free text and answers FAQ, orders, handoff and opt-out intents', async () => {
    const { deps } = fakeShop({ settings: { faq: { delivery: 'Same day in Lagos.' } } })
    const c = chat(deps)
    expect(texts((await c.send(text('red sneakers under 5000'))).replies)[0]).toMatch(/^Found it, under ₦5,000:/)
    expect(texts((await c.send(text('do you deliver to Abuja?'))).replies)).toEqual(['Same day in Lagos.'])
    expect(texts((await c.send(text('how can I pay?'))).replies)).toEqual(['We accept: Cash on delivery.'])
    expect(texts((await c.send(text('where is my order?'))).replies)).toEqual(['You have no orders with us yet.'])
    const human = await c.send(text('I want to talk to a person'))
    expect(human.handoff).toBe(true)
    const stop = await c.send(text('stop'))
    expect(stop.optedOut).toBe(true)
    expect(texts(stop.replies)).toEqual(['Done: you will get no more messages from us here. Write START at any time to chat again.'])
  })

  it('"browse" lists categories; "cart" shows the cart; unknown words are searched; small talk gets the menu', async () => {
    const { deps } = fakeShop()
    const c = chat(deps)
    expect((await c.send(text('show me what you sell'))).replies[0]).toMatchObject({ kind: 'list', button: 'Categories' })
    expect(texts((await c.send(text('cart'))).replies)).toEqual(['Your cart is empty. Type what you are looking for, or browse.'])
    expect(texts((await c.send(text('qqq zzz'))).replies)).toEqual(['I found nothing for "qqq zzz". Try other words, or browse.'])
    expect(texts((await c.send(text('the weather is nice'))).replies)[0]).toMatch(/^Sorry, that's not something I can help with\./)
  })

  it('media, a stray location and an empty catalog cart each get their answer', async () => {
    const { deps } = fakeShop()
    const c = chat(deps)
    expect(texts((await c.send(inbound('media', { text: '[media]' }))).replies)[0]).toMatch(/^Thanks! I can only read text here\./)
    expect(texts((await c.send(inbound('location', { location: { latitude: 1, longitude: 2 } }))).replies)[0]).toMatch(/^Thanks for the location\./)
    const order = await c.send(inbound('order', { items: [{ retailerId: 'TOTE', quantity: 1 }] }))
    expect(order.state.cart.map((l) => l.title)).toEqual(['Leather Tote'])
  })

  it('"size 42" right after the card adds that size', async () => {
    const { deps, products } = fakeShop()
    const c = chat(deps)
    await c.send(tap(`p:${products[0].id}`))
    const r = await c.send(text('size 42'))
    expect(texts(r.replies)).toEqual(['Added Red Runner Sneakers (42) to your cart. Cart total: ₦4,500.'])
    expect(r.state.cart.map((l) => l.variantId)).toEqual([products[0].variants[2].id])
  })

  it('a whole purchase by buttons and typed answers places one order', async () => {
    const shop = fakeShop({ settings: { paymentMethods: ['cash_on_delivery', 'mobile_money'] } })
    const sneakers = shop.products[0]
    const c = chat(shop.deps)
    expect(choices((await c.send(tap('browse'))).replies[0])).toEqual(['cat:sneakers:0', 'cat:bags:0'])
    expect(choices((await c.send(tap('cat:sneakers:0'))).replies[0])).toEqual([`p:${sneakers.id}`, `p:${shop.products[1].id}`])
    expect((await c.send(tap(`p:${sneakers.id}`))).replies[0].kind).toBe('product')
    expect((await c.send(tap(`add:${sneakers.id}`))).replies[0]).toMatchObject({ kind: 'list', button: 'Options' })
    await c.send(tap(`v:${sneakers.variants[0].id}`))
    await c.send(tap(`add:${shop.products[2].id}`))
    expect(texts((await c.send(tap('cart'))).replies)[0]).toBe(
      'Your cart:\n1. Red Runner Sneakers (40) × 1 — ₦4,500\n2. Leather Tote × 1 — ₦12,000\nTotal: ₦16,500',
    )
    await c.send(tap('rm:1'))
    expect(c.state.cart.map((l) => l.title)).toEqual(['Red Runner Sneakers (40)'])
    await c.send(tap('checkout'))
    // While the checkout waits for a name, "hi" is the name, not a greeting.
    await c.send(text('  Ada Obi  '))
    expect(c.state.checkout?.name).toBe('Ada Obi')
    await c.send(tap('dm:delivery'))
    await c.send(inbound('location', { location: { latitude: 6.45, longitude: 3.39, address: '1 Broad St, Lagos' } }))
    expect(c.state).toMatchObject({ step: 'checkout_payment', checkout: { method: 'delivery', address: '1 Broad St, Lagos' } })
    await c.send(tap('pay:mobile_money'))
    const placed = await c.send(tap('confirm'))
    expect(texts(placed.replies)[0]).toMatch(/^Thank you! Your order #1001 is placed\. Total: ₦4,500 \(Mobile money\)\./)
    expect(placed.placedOrder?.number).toBe('1001')
    expect(shop.orders.list).toHaveLength(1)
    expect(c.state).toMatchObject({ step: 'idle', cart: [] })
    // The same confirmation tapped again finds no checkout waiting.
    expect(texts((await c.send(tap('confirm'))).replies)).toEqual(['There is no order waiting for confirmation. Open your cart to check out.'])
    expect(texts((await c.send(tap('orders'))).replies)).toEqual(['Order #1001: pending — ₦4,500'])
    expect(texts((await c.send(text('cancel my order'))).replies)).toEqual(['Order #1001 is cancelled.'])
  })

  it('typing "cancel" during the checkout stops it before any intent is read', async () => {
    const { deps, products } = fakeShop()
    const c = chat(deps)
    await c.send(tap(`add:${products[2].id}`))
    await c.send(tap('checkout'))
    const r = await c.send(text('cancel'))
    expect(texts(r.replies)).toEqual(['Checkout stopped. Your cart is kept.'])
    expect(r.state).toMatchObject({ step: 'idle', cart: [{ title: 'Leather Tote' }] })
  })

  it('buttons for Open in shop, Ask a question, Talk to a person and Empty the cart', async () => {
    const { deps, products } = fakeShop()
    const c = chat(deps, {
      cart: [{ productId: products[2].id, variantId: null, title: 'Leather Tote', unitPriceMinor: 1200000, currency: 'NGN', quantity: 1 }],
    })
    expect((await c.send(tap(`open:${products[2].id}`))).replies[0]).toMatchObject({ kind: 'cta', url: 'https://hub.test/@ada-kicks/p/leather-tote' })
    expect((await c.send(tap(`ask:${products[2].id}`))).handoff).toBe(true)
    expect((await c.send(tap('human'))).handoff).toBe(true)
    expect(texts((await c.send(tap('clear'))).replies)).toEqual(['Your cart is empty now.'])
    expect(c.state.cart).toEqual([])
  })

  it('leaves the state it was given alone', async () => {
    const { deps, products } = fakeShop()
    const state = conversationStateSchema.parse({})
    const r = await runTurn(deps, state, tap(`add:${products[2].id}`))
    expect(r.state.cart).toHaveLength(1)
    expect(state.cart).toEqual([])
  })
})
