import { formatMoney } from '../../../../../contracts/money'
import { PAYMENT_LABELS, type PaymentMethod } from '../../settings'
import type { InboundEvent } from '../inbound'
import { clip, TITLE_MAX } from '../outbound'
import { endCheckout } from '../state'
import type { Turn } from '../turn'
import { lineTitle } from './cart'
import { MENU_BUTTONS } from './menu'

/**
 * The checkout, all of it: name → delivery or pickup → delivery zone (when the merchant charges
 * per zone) → address (typed or a shared location) → payment (with the merchant's instructions
 * for mobile money / bank transfer) → confirm (subtotal, delivery fee, total) → one order. `state.step` says which answer is awaited; `state.checkout`
 * holds the answers and the key that makes a confirmation place at most one order.
 */

const STOP = /^(cancel|stop)$/i
/** A payment method as the shopper reads it; cash is paid at pickup when there is no delivery. */
const paymentLabel = (method: string | undefined, delivery?: 'delivery' | 'pickup') =>
  method === 'cash_on_delivery' && delivery === 'pickup' ? 'Cash at pickup' : (PAYMENT_LABELS[method as PaymentMethod] ?? method)

export function startCheckout(t: Turn) {
  if (!t.state.cart.length) return t.say({ kind: 'buttons', text: 'Your cart is empty. Add a product first.', buttons: MENU_BUTTONS })
  // The key names this checkout: however often its confirmation is delivered, it makes one order.
  t.state.checkout = { key: crypto.randomUUID() }
  t.state.step = 'checkout_name'
  const known = t.deps.conversation.name
  t.say({ kind: 'text', text: `Great! What name should we put on the order?${known ? ` (e.g. ${known})` : ''} Type "cancel" to stop.` })
}

/** The checkout steps whose answer is typed (a name, a delivery area, an address): such text is an answer, not a question. */
export const TYPED_ANSWER_STEPS: ReadonlySet<string> = new Set(['checkout_name', 'checkout_zone', 'checkout_address'])

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
  if (s.step === 'checkout_zone' && text && !STOP.test(text)) {
    const zones = t.deps.settings.deliveryFee.zones
    const i = zones.findIndex((z) => z.name.toLowerCase() === text.trim().toLowerCase())
    if (i < 0) {
      askZone(t, 'Please pick one of the delivery areas:')
      return true
    }
    chooseZone(t, String(i))
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
  afterMethod(t)
}

/** After delivery or pickup is known: delivery asks the zone (when the shop charges per zone) and the address; pickup is free. */
function afterMethod(t: Turn) {
  const c = t.state.checkout!
  const fee = t.deps.settings.deliveryFee
  if (c.method === 'pickup') {
    t.state.checkout = { ...c, zone: undefined, deliveryFeeMinor: 0 }
    return askPayment(t)
  }
  if (fee.zones.length) return askZone(t, 'Where should we deliver? Pick your area:')
  t.state.checkout = { ...c, zone: undefined, deliveryFeeMinor: fee.flatMinor }
  askAddress(t)
}

/** A delivery-zone row: `zone:<index>` of the merchant's zones. */
export function chooseZone(t: Turn, index: string | undefined) {
  const s = t.state
  const zone = t.deps.settings.deliveryFee.zones[Number(index)]
  if (s.checkout?.method !== 'delivery' || !zone || !/^\d+$/.test(index ?? '')) return startCheckout(t)
  s.checkout = { ...s.checkout, zone: zone.name, deliveryFeeMinor: zone.feeMinor }
  askAddress(t)
}

/** A payment button: one of the merchant's methods, after the delivery method is known. */
export function choosePayment(t: Turn, method: string | undefined) {
  const s = t.state
  if (!s.checkout?.method || !t.deps.settings.paymentMethods.includes(method as PaymentMethod)) return startCheckout(t)
  s.checkout = { ...s.checkout, payment: method }
  const how = instructions(t, method)
  if (how) t.say({ kind: 'text', text: `How to pay by ${PAYMENT_LABELS[method as PaymentMethod].toLowerCase()}: ${how}` })
  askConfirm(t)
}

/** The merchant's payment instructions for a method (till / paybill number, bank account), if any. */
function instructions(t: Turn, method: string | undefined): string {
  return (t.deps.settings.paymentInstructions as Record<string, string | undefined>)[method ?? '']?.trim() ?? ''
}

/** Subtotal, delivery fee and total of the cart in the first line's currency (the lines the order takes). */
function totals(t: Turn) {
  const s = t.state
  const currency = s.cart[0]?.currency ?? t.deps.merchant.defaultCurrency
  const lines = s.cart.filter((l) => l.currency === currency)
  const subtotal = lines.reduce((sum, l) => sum + l.unitPriceMinor * l.quantity, 0)
  const fee = s.checkout?.method === 'delivery' ? (s.checkout.deliveryFeeMinor ?? 0) : 0
  return { currency, lines, subtotal, fee, total: subtotal + fee }
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
  const { currency, lines, fee } = totals(t)
  const { order, created } = await deps.orders.place({
    conversationId: deps.conversation.id,
    channel: deps.conversation.channel,
    customerName: c.name,
    customerContact: deps.conversation.externalUserId,
    delivery: c.method === 'delivery' ? { method: 'delivery', address: c.address, ...(c.zone ? { zone: c.zone } : {}) } : { method: 'pickup' },
    paymentMethod: c.payment,
    currency,
    deliveryFeeMinor: fee,
    ref: s.attribution?.ref ?? null,
    idempotencyKey: `checkout:${deps.conversation.id}:${c.key}`,
    items: lines.map((l) => ({
      productId: l.productId,
      variantId: l.variantId,
      title: l.title,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      currency,
      ...(l.note ? { note: l.note } : {}),
    })),
  })
  const method = order.delivery?.method === 'pickup' ? 'pickup' : 'delivery'
  const total = formatMoney(order.subtotalMinor + order.deliveryFeeMinor, order.currency)
  const label = paymentLabel(order.paymentMethod, method)
  s.cart = []
  endCheckout(s)
  if (created) {
    const where = method === 'pickup' ? 'pickup' : `delivery${c.zone ? ` (${c.zone})` : ''}`
    result.placedOrder = { id: order.id, number: order.number, summary: `${total}, ${label}, ${where}`, total, customer: order.customerName }
    result.events.push({
      type: 'order_placed',
      orderId: order.id,
      productId: s.attribution?.productId,
      videoId: s.attribution?.videoId,
      linkId: s.attribution?.linkId,
      ref: order.ref ?? undefined,
    })
  }
  const next = method === 'pickup' ? 'We will message you here when it is ready for pickup.' : 'We will message you here when it ships.'
  const how = instructions(t, order.paymentMethod)
  const pay = how ? ` To pay: ${how} (reference: order #${order.number}).` : ''
  t.say({
    kind: 'text',
    text: `Thank you! Your order #${order.number} is placed${method === 'pickup' ? ' for pickup' : ''}. Total: ${total} (${label}).${pay} ${next} Ask "where is my order" any time.`,
  })
}

function askDelivery(t: Turn) {
  const methods = t.deps.settings.deliveryMethods
  if (methods.length === 1) {
    t.state.checkout = { ...t.state.checkout!, method: methods[0] }
    return afterMethod(t)
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

function askZone(t: Turn, text: string) {
  t.state.step = 'checkout_zone'
  const currency = t.state.cart[0]?.currency ?? t.deps.merchant.defaultCurrency
  t.say({
    kind: 'list',
    text,
    button: 'Delivery areas',
    rows: t.deps.settings.deliveryFee.zones.map((z, i) => ({
      id: `zone:${i}`,
      title: clip(z.name, TITLE_MAX),
      description: z.feeMinor ? `Delivery ${formatMoney(z.feeMinor, currency)}` : 'Free delivery',
    })),
  })
}

function askPayment(t: Turn) {
  t.state.step = 'checkout_payment'
  const method = t.state.checkout?.method
  t.say({
    kind: 'buttons',
    text: 'How would you like to pay?',
    buttons: t.deps.settings.paymentMethods.slice(0, 3).map((m) => ({ id: `pay:${m}`, title: paymentLabel(m, method) ?? m })),
  })
}

function askConfirm(t: Turn) {
  const c = t.state.checkout!
  t.state.step = 'checkout_confirm'
  const { currency, lines, subtotal, fee, total } = totals(t)
  const rows = lines.map((l) => `• ${lineTitle(l)} × ${l.quantity} — ${formatMoney(l.unitPriceMinor * l.quantity, l.currency)}`)
  const where = c.method === 'delivery' ? `Delivery to: ${c.address}${c.zone ? ` (${c.zone})` : ''}` : 'Pickup at the shop'
  const money = fee
    ? `Subtotal: ${formatMoney(subtotal, currency)}\nDelivery${c.zone ? ` (${c.zone})` : ''}: ${formatMoney(fee, currency)}\nTotal: ${formatMoney(total, currency)}`
    : `Total: ${formatMoney(total, currency)}`
  t.say({
    kind: 'buttons',
    text: `Please confirm your order:\n${rows.join('\n')}\n${money}\nName: ${c.name}\n${where}\nPayment: ${paymentLabel(c.payment, c.method)}`,
    buttons: [
      { id: 'confirm', title: 'Place order' },
      { id: 'cancel_checkout', title: 'Cancel' },
    ],
  })
}
