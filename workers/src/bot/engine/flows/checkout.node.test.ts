import { describe, expect, it } from 'vitest'
import { choices, fakeShop, texts, turnOf } from '../fake-shop'
import type { ConversationState } from '../state'
import type { Turn } from '../turn'
import { answerCheckoutLocation, answerCheckoutText, cancelCheckout, chooseDelivery, choosePayment, confirmOrder, startCheckout } from './checkout'

const tote = {
  productId: '00000000-0000-4000-8000-00000000b001',
  variantId: null,
  title: 'Leather Tote',
  unitPriceMinor: 1200000,
  currency: 'NGN',
  quantity: 2,
}
const cap = { productId: '00000000-0000-4000-8000-00000000b002', variantId: null, title: 'Cap', unitPriceMinor: 500, currency: 'USD', quantity: 1 }

/** The last reply of a step, as text. */
const last = (t: Turn) => texts(t.result.replies).at(-1)

describe('checkout', () => {
  it('walks name → delivery → address → payment → confirm and places one order', async () => {
    const shop = fakeShop({ settings: { paymentMethods: ['cash_on_delivery', 'mobile_money'] } })
    const t = turnOf(shop.deps, { cart: [tote], attribution: { ref: 'TOTE78EF-P', productId: tote.productId } })

    startCheckout(t)
    expect(t.state.step).toBe('checkout_name')
    expect(t.state.checkout?.key).toMatch(/^[0-9a-f-]{36}$/)
    expect(last(t)).toBe('Great! What name should we put on the order? (e.g. Ada) Type "cancel" to stop.')

    expect(answerCheckoutText(t, 'Ada Obi')).toBe(true)
    expect(t.state.step).toBe('checkout_delivery')
    expect(choices(t.result.replies.at(-1))).toEqual(['dm:delivery', 'dm:pickup'])

    chooseDelivery(t, 'delivery')
    expect(t.state.step).toBe('checkout_address')
    expect(last(t)).toBe('What is the delivery address? You can type it or share a location.')

    expect(answerCheckoutText(t, '12 Marina, Lagos')).toBe(true)
    expect(t.state.step).toBe('checkout_payment')
    expect(t.result.replies.at(-1)).toEqual({
      kind: 'buttons',
      text: 'How would you like to pay?',
      buttons: [
        { id: 'pay:cash_on_delivery', title: 'Cash on delivery' },
        { id: 'pay:mobile_money', title: 'Mobile money' },
      ],
    })

    choosePayment(t, 'mobile_money')
    expect(t.state.step).toBe('checkout_confirm')
    expect(last(t)).toBe(
      'Please confirm your order:\n• Leather Tote × 2 — ₦24,000\nTotal: ₦24,000\nName: Ada Obi\nDelivery to: 12 Marina, Lagos\nPayment: Mobile money',
    )
    expect(choices(t.result.replies.at(-1))).toEqual(['confirm', 'cancel_checkout'])

    const key = t.state.checkout!.key
    await confirmOrder(t)
    expect(shop.orders.list).toHaveLength(1)
    const [order] = shop.orders.list
    expect(order.draft).toEqual({
      conversationId: shop.deps.conversation.id,
      channel: 'whatsapp',
      customerName: 'Ada Obi',
      customerContact: '2348012345678',
      delivery: { method: 'delivery', address: '12 Marina, Lagos' },
      paymentMethod: 'mobile_money',
      currency: 'NGN',
      deliveryFeeMinor: 0,
      ref: 'TOTE78EF-P',
      idempotencyKey: `checkout:${shop.deps.conversation.id}:${key}`,
      items: [{ productId: tote.productId, variantId: null, title: 'Leather Tote', quantity: 2, unitPriceMinor: 1200000, currency: 'NGN' }],
    })
    expect(t.state).toMatchObject({ cart: [], step: 'idle', checkout: undefined })
    expect(last(t)).toBe(
      'Thank you! Your order #1001 is placed. Total: ₦24,000 (Mobile money). We will message you here when it ships. Ask "where is my order" any time.',
    )
    expect(t.result.placedOrder).toEqual({ id: order.id, number: '1001', summary: '₦24,000, Mobile money, delivery', total: '₦24,000', customer: 'Ada Obi' })
    expect(t.result.events).toEqual([
      { type: 'order_placed', orderId: order.id, productId: tote.productId, videoId: undefined, linkId: undefined, ref: 'TOTE78EF-P' },
    ])
  })

  it('a confirmation delivered twice (same checkout key) places one order and reports it once', async () => {
    const shop = fakeShop()
    const state: Partial<ConversationState> = {
      cart: [tote],
      step: 'checkout_confirm',
      checkout: { key: 'k1', name: 'Ada', method: 'pickup', payment: 'cash_on_delivery' },
    }
    const first = turnOf(shop.deps, state)
    const again = turnOf(shop.deps, state)
    await confirmOrder(first)
    await confirmOrder(again)
    expect(shop.orders.list).toHaveLength(1)
    expect(first.result.placedOrder?.number).toBe('1001')
    expect(again.result.placedOrder).toBeUndefined()
    expect(again.result.events).toEqual([])
    expect(last(again)).toContain('Your order #1001 is placed for pickup.')
    expect(shop.orders.list[0].draft.delivery).toEqual({ method: 'pickup' })
  })

  it('orders only the lines in the first line currency', async () => {
    const shop = fakeShop()
    const t = turnOf(shop.deps, {
      cart: [tote, cap],
      step: 'checkout_confirm',
      checkout: { key: 'k', name: 'Ada', method: 'pickup', payment: 'cash_on_delivery' },
    })
    await confirmOrder(t)
    expect(shop.orders.list[0].draft.items.map((i) => i.title)).toEqual(['Leather Tote'])
  })

  it('skips the delivery question when the shop offers one method (pickup: straight to payment)', () => {
    const pickup = turnOf(fakeShop({ settings: { deliveryMethods: ['pickup'] } }).deps, { cart: [tote], step: 'checkout_name', checkout: { key: 'k' } })
    answerCheckoutText(pickup, 'Ada')
    expect(pickup.state).toMatchObject({ step: 'checkout_payment', checkout: { key: 'k', name: 'Ada', method: 'pickup' } })
    const delivery = turnOf(fakeShop({ settings: { deliveryMethods: ['delivery'] } }).deps, { cart: [tote], step: 'checkout_name', checkout: { key: 'k' } })
    answerCheckoutText(delivery, 'Ada')
    expect(delivery.state).toMatchObject({ step: 'checkout_address', checkout: { method: 'delivery' } })
  })

  it('takes a shared location as the address: its address, its name, or the pin', () => {
    const { deps } = fakeShop()
    const at = (location: { latitude: number; longitude: number; name?: string; address?: string }) => {
      const t = turnOf(deps, { cart: [tote], step: 'checkout_address', checkout: { key: 'k', name: 'Ada', method: 'delivery' } })
      expect(answerCheckoutLocation(t, location)).toBe(true)
      expect(t.state.step).toBe('checkout_payment')
      return t.state.checkout?.address
    }
    expect(at({ latitude: 6.45, longitude: 3.39, name: 'Office', address: '1 Broad St' })).toBe('1 Broad St')
    expect(at({ latitude: 6.45, longitude: 3.39, name: 'Office' })).toBe('Office')
    expect(at({ latitude: 6.4541234, longitude: 3.3947 })).toBe('6.45412, 3.39470 (pin)')
    expect(answerCheckoutLocation(turnOf(deps, { step: 'checkout_name', checkout: { key: 'k' } }), { latitude: 1, longitude: 2 })).toBe(false)
  })

  it('"cancel" at any step stops the checkout and keeps the cart; other text is not the checkout\'s', () => {
    const { deps } = fakeShop()
    const t = turnOf(deps, { cart: [tote], step: 'checkout_name', checkout: { key: 'k' } })
    expect(answerCheckoutText(t, 'CANCEL')).toBe(true)
    expect(t.state).toMatchObject({ step: 'idle', checkout: undefined, cart: [tote] })
    expect(last(t)).toBe('Checkout stopped. Your cart is kept.')
    expect(answerCheckoutText(turnOf(deps, { step: 'checkout_payment', checkout: { key: 'k' } }), 'hello')).toBe(false)
    expect(answerCheckoutText(turnOf(deps), 'cancel')).toBe(false)
  })

  it('clips a long name and address', () => {
    const { deps } = fakeShop()
    const t = turnOf(deps, { cart: [tote], step: 'checkout_name', checkout: { key: 'k' } })
    answerCheckoutText(t, 'n'.repeat(200))
    chooseDelivery(t, 'delivery')
    answerCheckoutText(t, 'a'.repeat(600))
    expect(t.state.checkout?.name).toHaveLength(120)
    expect(t.state.checkout?.address).toHaveLength(500)
  })

  it('an empty cart cannot check out', () => {
    const { deps } = fakeShop()
    const t = turnOf(deps)
    startCheckout(t)
    expect(t.state.step).toBe('idle')
    expect(last(t)).toBe('Your cart is empty. Add a product first.')
  })

  it('a stale delivery or payment button starts the checkout over; a method the shop does not take too', () => {
    const { deps } = fakeShop()
    const noCheckout = turnOf(deps, { cart: [tote] })
    chooseDelivery(noCheckout, 'delivery')
    expect(noCheckout.state.step).toBe('checkout_name')
    const noMethod = turnOf(deps, { cart: [tote], step: 'checkout_delivery', checkout: { key: 'old', name: 'Ada' } })
    choosePayment(noMethod, 'cash_on_delivery')
    expect(noMethod.state.step).toBe('checkout_name')
    expect(noMethod.state.checkout?.key).not.toBe('old')
    const notTaken = turnOf(deps, { cart: [tote], step: 'checkout_payment', checkout: { key: 'k', name: 'Ada', method: 'pickup' } })
    choosePayment(notTaken, 'bank_transfer')
    expect(notTaken.state.step).toBe('checkout_name')
  })

  it('"Place order" without a finished checkout places nothing', async () => {
    const shop = fakeShop()
    const t = turnOf(shop.deps, { cart: [tote], step: 'checkout_payment', checkout: { key: 'k', name: 'Ada', method: 'pickup' } })
    await confirmOrder(t)
    expect(shop.orders.list).toEqual([])
    expect(last(t)).toBe('There is no order waiting for confirmation. Open your cart to check out.')
  })

  it('the Cancel button of the confirmation keeps the cart', () => {
    const { deps } = fakeShop()
    const t = turnOf(deps, { cart: [tote], step: 'checkout_confirm', checkout: { key: 'k', name: 'Ada', method: 'pickup', payment: 'cash_on_delivery' } })
    cancelCheckout(t)
    expect(t.state).toMatchObject({ step: 'idle', checkout: undefined, cart: [tote] })
    expect(last(t)).toBe('Checkout cancelled. Your cart is kept.')
  })
})
