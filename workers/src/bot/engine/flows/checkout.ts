import { formatMoney } from '../../../../../contracts/money'
import { PAYMENT_LABELS, type PaymentMethod } from '../../settings'
import type { InboundEvent } from '../inbound'
import { clip } from '../outbound'
import { endCheckout } from '../state'
import type { Turn } from '../turn'
import { cartTotal } from './cart'
import { MENU_BUTTONS } from './menu'

/**
 * The checkout, all of it: name → delivery or pickup → address (typed or a shared location) →
 * payment → confirm → one order. `state.step` says which answer is awaited; `state.checkout`
 * holds the answers and the key that makes a confirmation place at most one order.
 */

const STOP = /^(cancel|stop)$/i
const paymentLabel = (method: string | undefined) => PAYMENT_LABELS[method as PaymentMethod] ?? method

export function startCheckout(t: Turn) {
  if (!t.state.cart.length) return t.say({ kind: 'buttons', text: 'Your cart is empty. Add a product first.', buttons: MENU_BUTTONS })
  // The key names this checkout: however often its confirmation is delivered, it makes one order.
  t.state.checkout = { key: crypto.randomUUID() }
  t.state.step = 'checkout_name'
  const known = t.deps.conversation.name
  t.say({ kind: 'text', text: `Great! What name should we put on the order?${known ? ` (e.g. ${known})` : ''} Type "cancel" to stop.` })
}

/**
 * Free text the checkout is waiting for (the name, the address), or "cancel"/"stop" during any
 * step. Comes before intent classification; false when the text is not the checkout's.
 */
export function answerCheckoutText(t: Turn, text: string): boolean {
  const s = t.state
  if (s.step === 'checkout_name' && text && !STOP.test(text)) {
    s.checkout = { ...s.checkout!, name: clip(text, 120) }
    askDelivery(t)
    return true
  }
  if (s.step === 'checkout_address' && text && !STOP.test(text)) {
    s.checkout = { ...s.checkout!, address: clip(text, 500) }
    askPayment(t)
    return true
  }
  if (s.step !== 'idle' && STOP.test(text)) {
    endCheckout(s)
    t.say({ kind: 'buttons', text: 'Checkout stopped. Your cart is kept.', buttons: MENU_BUTTONS })
    return true
  }
  return false
}

/** A shared location while the checkout waits for the address; false at any other step. */
export function answerCheckoutLocation(t: Turn, l: NonNullable<InboundEvent['location']>): boolean {
  if (t.state.step !== 'checkout_address') return false
  t.state.checkout = { ...t.state.checkout!, address: l.address || l.name || `${l.latitude.toFixed(5)}, ${l.longitude.toFixed(5)} (pin)` }
  askPayment(t)
  return true
}

/** The Delivery / Pickup buttons. */
export function chooseDelivery(t: Turn, method: string | undefined) {
  const s = t.state
  if (!s.checkout || (method !== 'delivery' && method !== 'pickup')) return startCheckout(t)
  s.checkout = { ...s.checkout, method }
  if (method === 'delivery') askAddress(t)
  else askPayment(t)
}

/** A payment button: one of the merchant's methods, after the delivery method is known. */
export function choosePayment(t: Turn, method: string | undefined) {
  const s = t.state
  if (!s.checkout?.method || !t.deps.settings.paymentMethods.includes(method as PaymentMethod)) return startCheckout(t)
  s.checkout = { ...s.checkout, payment: method }
  askConfirm(t)
}

/** The Cancel button of the confirmation. */
export function cancelCheckout(t: Turn) {
  endCheckout(t.state)
  t.say({ kind: 'buttons', text: 'Checkout cancelled. Your cart is kept.', buttons: MENU_BUTTONS })
}

/**
 * "Place order": places the order (once per checkout key, so a repeated tap or a redelivered
 * message finds the first order), empties the cart and thanks the shopper. Only a new order is
 * reported to the merchant and counted.
 */
export async function confirmOrder(t: Turn) {
  const { deps, result, state: s } = t
  const c = s.checkout
  if (s.step !== 'checkout_confirm' || !c?.name || !c.payment || !c.method || !s.cart.length) {
    return t.say({ kind: 'buttons', text: 'There is no order waiting for confirmation. Open your cart to check out.', buttons: MENU_BUTTONS })
  }
  const currency = s.cart[0].currency
  const { order, created } = await deps.orders.place({
    conversationId: deps.conversation.id,
    channel: deps.conversation.channel,
    customerName: c.name,
    customerContact: deps.conversation.externalUserId,
    delivery: c.method === 'delivery' ? { method: 'delivery', address: c.address } : { method: 'pickup' },
    paymentMethod: c.payment,
    currency,
    ref: s.attribution?.ref ?? null,
    idempotencyKey: `checkout:${deps.conversation.id}:${c.key}`,
    items: s.cart
      .filter((l) => l.currency === currency)
      .map((l) => ({ productId: l.productId, variantId: l.variantId, title: l.title, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, currency })),
  })
  const total = formatMoney(order.subtotalMinor, order.currency)
  s.cart = []
  endCheckout(s)
  if (created) {
    result.placedOrder = { id: order.id, number: order.number, summary: `${total}, ${paymentLabel(order.paymentMethod)}` }
    result.events.push({
      type: 'order_placed',
      orderId: order.id,
      productId: s.attribution?.productId,
      videoId: s.attribution?.videoId,
      linkId: s.attribution?.linkId,
      ref: order.ref ?? undefined,
    })
  }
  t.say({
    kind: 'text',
    text: `Thank you! Your order #${order.number} is placed. Total: ${total} (${paymentLabel(order.paymentMethod)}). We will message you here when it ships. Ask "where is my order" any time.`,
  })
}

function askDelivery(t: Turn) {
  const methods = t.deps.settings.deliveryMethods
  if (methods.length === 1) {
    t.state.checkout = { ...t.state.checkout!, method: methods[0] }
    if (methods[0] === 'delivery') askAddress(t)
    else askPayment(t)
    return
  }
  t.state.step = 'checkout_delivery'
  t.say({
    kind: 'buttons',
    text: 'Delivery or pickup?',
    buttons: [
      { id: 'dm:delivery', title: 'Delivery' },
      { id: 'dm:pickup', title: 'Pickup' },
    ],
  })
}

function askAddress(t: Turn) {
  t.state.step = 'checkout_address'
  t.say({ kind: 'text', text: 'What is the delivery address? You can type it or share a location.' })
}

function askPayment(t: Turn) {
  t.state.step = 'checkout_payment'
  t.say({
    kind: 'buttons',
    text: 'How would you like to pay?',
    buttons: t.deps.settings.paymentMethods.slice(0, 3).map((m) => ({ id: `pay:${m}`, title: PAYMENT_LABELS[m] })),
  })
}

function askConfirm(t: Turn) {
  const c = t.state.checkout!
  t.state.step = 'checkout_confirm'
  const lines = t.state.cart.map((l) => `• ${l.title} × ${l.quantity} — ${formatMoney(l.unitPriceMinor * l.quantity, l.currency)}`)
  const where = c.method === 'delivery' ? `Delivery to: ${c.address}` : 'Pickup at the shop'
  t.say({
    kind: 'buttons',
    text: `Please confirm your order:\n${lines.join('\n')}\nTotal: ${cartTotal(t.state.cart)}\nName: ${c.name}\n${where}\nPayment: ${paymentLabel(c.payment)}`,
    buttons: [
      { id: 'confirm', title: 'Place order' },
      { id: 'cancel_checkout', title: 'Cancel' },
    ],
  })
}
