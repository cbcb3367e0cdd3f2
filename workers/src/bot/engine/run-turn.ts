import type { Database } from '../../../../db/types'
import { and, eq } from 'drizzle-orm'
import { findOrderByNumber, listOrders, placeOrder, setOrderStatus } from '../../../../db/queries/orders'
import { type Conversation, shortLinks, videos } from '../../../../db/schema'
import { parseRef } from '../../../../contracts/attribution-ref'

import { currencyDigits, formatMoney } from '../../../../contracts/money'
import { understandMessage } from '../intent/understand-message'
import { type BotSettings, PAYMENT_LABELS, type PaymentMethod } from '../settings'
import { type BotProduct, findProductByRetailerId, findProductByVariantId, listCategories, loadProduct, searchCatalog } from './catalog'
import type { InboundEvent } from './inbound'
import { clip, type OutboundMessage } from './outbound'
import type { CartLine, ConversationState } from './state'

export type TurnDeps = {
  db: Database
  merchant: { id: string; slug: string; name: string; defaultCurrency: string }
  conversation: Conversation
  settings: BotSettings
  appUrl: string
}

/** What a turn decided: replies, the new state, and side effects the caller records. */
export type TurnResult = {
  state: ConversationState
  replies: OutboundMessage[]
  handoff?: boolean
  optedOut?: boolean
  ref?: string
  /** Analytics events to record (chat_started, order_placed). */
  events: { type: 'chat_started' | 'order_placed'; productId?: string; videoId?: string; linkId?: string; orderId?: string; ref?: string }[]
  /** A new order: the merchant is told on their own chat. */
  placedOrder?: { id: string; number: string; summary: string }
}

const PAGE = 9 // list rows per page; the tenth row is "More…" (WhatsApp allows 10 rows in all)
const MENU_BUTTONS = [
  { id: 'browse', title: 'Browse products' },
  { id: 'cart', title: 'My cart' },
  { id: 'human', title: 'Talk to a person' },
]

/**
 * One turn of the conversation engine: reads what the shopper did, moves the state machine, and
 * says what to reply. Channel-agnostic; runs inside the transaction that holds the conversation
 * row lock, so one shopper's messages are handled one at a time and in order.
 */
export async function runTurn(deps: TurnDeps, state: ConversationState, event: InboundEvent): Promise<TurnResult> {
  const r: TurnResult = { state: structuredClone(state), replies: [], events: [] }
  const s = r.state
  const say = (m: OutboundMessage) => r.replies.push(m)

  // Attribution first: a t.me /start payload, a wa.me prefilled "(ref …)", or a product viewed in the catalog.
  const refProduct = await attribute(deps, r, event)

  if (event.kind === 'action' && event.actionId) {
    await handleAction(deps, r, event.actionId, say)
    return r
  }
  if (event.kind === 'order' && event.items?.length) {
    await handleCatalogCart(deps, r, event.items, say)
    return r
  }
  if (event.kind === 'location' && event.location && s.step === 'checkout_address') {
    const l = event.location
    s.checkout = { ...s.checkout!, address: l.address || l.name || `${l.latitude.toFixed(5)}, ${l.longitude.toFixed(5)} (pin)` }
    await askPayment(deps, r, say)
    return r
  }
  if (event.kind === 'start' || (refProduct && event.kind !== 'text')) {
    if (refProduct) {
      await showProduct(deps, r, refProduct, say, `Hi${event.name ? ` ${event.name}` : ''}! Here is the product you were looking at:`)
      return r
    }
    greet(deps, event, say)
    return r
  }
  if (event.kind === 'media' || event.kind === 'unsupported') {
    say({ kind: 'buttons', text: 'Thanks! I can only read text here. Tell me what you are looking for, or talk to a person.', buttons: MENU_BUTTONS })
    return r
  }
  if (event.kind === 'location') {
    say({ kind: 'text', text: 'Thanks for the location. Start a checkout from your cart and I will use it for delivery.' })
    return r
  }

  const text = event.text.trim()
  // Free-text answers the checkout is waiting for come before intent classification.
  if (s.step === 'checkout_name' && text && !/^(cancel|stop)$/i.test(text)) {
    s.checkout = { ...s.checkout!, name: clip(text, 120) }
    askDelivery(deps, r, say)
    return r
  }
  if (s.step === 'checkout_address' && text && !/^(cancel|stop)$/i.test(text)) {
    s.checkout = { ...s.checkout!, address: clip(text, 500) }
    await askPayment(deps, r, say)
    return r
  }
  if (s.step !== 'idle' && /^(cancel|stop)$/i.test(text)) {
    s.step = 'idle'
    s.checkout = undefined
    say({ kind: 'buttons', text: 'Checkout stopped. Your cart is kept.', buttons: MENU_BUTTONS })
    return r
  }
  if (refProduct) {
    await showProduct(deps, r, refProduct, say, `Hi${event.name ? ` ${event.name}` : ''}! Here is the product you asked about:`)
    return r
  }

  const u = await understandMessage(text)
  const e = u.entities
  // "size 42" / "add 42" right after a product card picks that product's variant.
  if (
    s.lastProductId &&
    e.size &&
    (u.intent === 'out_of_scope' || u.intent === 'availability_question' || /\b(add|size|take|want)\b/i.test(text)) &&
    !e.query
  ) {
    const product = await loadProduct(deps.db, deps.merchant.id, s.lastProductId)
    const variant = product?.variants.find((v) => variantMatches(v, e.size!))
    if (product && variant) {
      await addToCart(deps, r, product, variant.id, say)
      return r
    }
  }
  switch (u.intent) {
    case 'greeting':
      greet(deps, event, say)
      break
    case 'browse_catalog':
      await showCategories(deps, 0, say)
      break
    case 'search_product':
    case 'price_question':
    case 'availability_question':
    case 'product_question':
    case 'offers_question':
      if (e.query || e.maxPrice !== undefined || e.minPrice !== undefined) await search(deps, r, text, e, say)
      else if (u.intent === 'search_product' || u.intent === 'offers_question') await showCategories(deps, 0, say)
      else say({ kind: 'buttons', text: 'Which product do you mean? Type its name, e.g. "red sneakers under 5000".', buttons: MENU_BUTTONS })
      break
    case 'payment_question': {
      const methods = deps.settings.paymentMethods.map((m) => PAYMENT_LABELS[m]).join(', ')
      say({ kind: 'text', text: deps.settings.faq.payment || `We accept: ${methods}.` })
      break
    }
    case 'delivery_question':
      say({
        kind: 'text',
        text: deps.settings.faq.delivery || `We offer ${deps.settings.deliveryMethods.join(' and ')}. Ask a person for delivery times and costs.`,
      })
      break
    case 'store_location':
      say({ kind: 'text', text: deps.settings.faq.location || 'We sell online. A person can tell you where to pick up your order.' })
      break
    case 'order_status':
      await orderStatus(deps, e.orderRef, say)
      break
    case 'cancel_order':
      await cancelOrReturn(deps, e.orderRef, 'cancel', say)
      break
    case 'return_exchange':
      await cancelOrReturn(deps, e.orderRef, 'return', say)
      break
    case 'human_handoff':
      handoff(r, say)
      break
    case 'opt_out':
      r.optedOut = true
      s.step = 'idle'
      say({ kind: 'text', text: 'Done: you will get no more messages from us here. Write START at any time to chat again.' })
      break
    default:
      if (/^(cart|my cart|basket)$/i.test(text)) showCart(deps, r, say)
      else if (/^(checkout|check out|order now)$/i.test(text)) startCheckout(deps, r, say)
      else if (/^(menu|help|start)$/i.test(text)) greet(deps, event, say)
      else if (e.query) await search(deps, r, text, e, say)
      else
        say({
          kind: 'buttons',
          text: 'Sorry, I didn\'t get that. Type what you\'re looking for (e.g. "red sneakers under 5000"), or pick an option:',
          buttons: MENU_BUTTONS,
        })
  }
  return r
}

function greet(deps: TurnDeps, event: InboundEvent, say: (m: OutboundMessage) => void) {
  const hello =
    deps.settings.greeting ||
    `Hi${event.name ? ` ${event.name}` : ''}! Welcome to ${deps.merchant.name}. What are you looking for today? You can type a product, e.g. "red sneakers under 5000".`
  say({ kind: 'buttons', text: hello, buttons: MENU_BUTTONS })
}

function handoff(r: TurnResult, say: (m: OutboundMessage) => void) {
  r.handoff = true
  r.state.step = 'idle'
  say({ kind: 'text', text: 'Sure, a person from the shop will reply here shortly. The bot is paused until then.' })
}

async function attribute(deps: TurnDeps, r: TurnResult, event: InboundEvent): Promise<BotProduct | undefined> {
  let product: BotProduct | undefined
  if (event.referredProduct) product = (await findProductByRetailerId(deps.db, deps.merchant.id, event.referredProduct))?.product
  // A bare word is only a ref in a /start payload; in free text it must follow the word "ref".
  const refText = event.startPayload ?? (/\bref\b/i.test(event.text) ? event.text : null)
  const ref = parseRef(refText)
  if (ref && !r.state.attribution) {
    const found = await findProductByRetailerId(deps.db, deps.merchant.id, ref.productRef)
    if (found) {
      const attribution: NonNullable<ConversationState['attribution']> = {
        ref: refText === event.startPayload ? event.startPayload! : ref.productRef,
        productId: found.product.id,
      }
      attribution.ref = (refText ?? '').match(/[A-Za-z0-9]{4,16}(?:-[PVL][A-Za-z0-9]{0,32})?(?=\)?\s*$)/)?.[0] ?? ref.productRef
      if (ref.source.kind === 'video') {
        const [v] = await deps.db
          .select({ id: videos.id })
          .from(videos)
          .where(and(eq(videos.merchantId, deps.merchant.id), eq(videos.externalId, ref.source.videoExternalId)))
        if (v) attribution.videoId = v.id
      } else if (ref.source.kind === 'link') {
        const [l] = await deps.db
          .select({ id: shortLinks.id })
          .from(shortLinks)
          .where(and(eq(shortLinks.merchantId, deps.merchant.id), eq(shortLinks.code, ref.source.linkCode)))
        if (l) attribution.linkId = l.id
      }
      r.state.attribution = attribution
      r.ref = attribution.ref
      r.events.push({ type: 'chat_started', productId: attribution.productId, videoId: attribution.videoId, linkId: attribution.linkId, ref: attribution.ref })
      product ??= found.product
    }
  }
  return product
}

function productUrl(deps: TurnDeps, p: BotProduct) {
  return `${deps.appUrl}/@${deps.merchant.slug}/p/${p.slug}`
}

function variantLabel(v: BotProduct['variants'][number]) {
  const opts = Object.values(v.options ?? {}).join(' / ')
  return opts || v.title
}

function variantMatches(v: BotProduct['variants'][number], size: string) {
  const want = size.toLowerCase()
  return (
    Object.values(v.options ?? {}).some((o) => String(o).toLowerCase() === want) ||
    v.title
      .toLowerCase()
      .split(/[\s/,-]+/)
      .includes(want)
  )
}

async function showProduct(deps: TurnDeps, r: TurnResult, p: BotProduct, say: (m: OutboundMessage) => void, intro?: string) {
  r.state.lastProductId = p.id
  const prices = p.variants.length ? p.variants.map((v) => v.priceMinor) : [p.priceMinor]
  const lo = Math.min(...prices)
  const hi = Math.max(...prices)
  const price = lo === hi ? formatMoney(lo, p.currency) : `${formatMoney(lo, p.currency)} – ${formatMoney(hi, p.currency)}`
  // The intro rides in the caption: one bubble instead of two (WhatsApp paces per shopper).
  const lines = [...(intro ? [intro, ''] : []), `*${p.title}*`, price]
  if (p.variants.length) lines.push(`Options: ${p.variants.map(variantLabel).join(', ')}`)
  if (p.description) lines.push(clip(p.description, 300))
  say({
    kind: 'product',
    imageUrl: p.imageKey ? `${deps.appUrl}/media/${p.imageKey}` : undefined,
    caption: lines.join('\n'),
    url: productUrl(deps, p),
    buttons: [
      { id: `add:${p.id}`, title: 'Add to cart' },
      { id: `ask:${p.id}`, title: 'Ask a question' },
      { id: `open:${p.id}`, title: 'Open in shop' },
    ],
  })
}

async function showCategories(deps: TurnDeps, page: number, say: (m: OutboundMessage) => void) {
  const cats = await listCategories(deps.db, deps.merchant.id)
  if (!cats.length) return void (await showProducts(deps, { page }, say, 'Here is what we sell:'))
  const slice = cats.slice(page * PAGE, page * PAGE + PAGE)
  if (!slice.length) return void say({ kind: 'text', text: 'That was everything. Type a product name to search.' })
  const rows = slice.map((c) => ({
    id: `cat:${c.category.slice(0, 40)}:0`,
    title: clip(cap(c.category), 24),
    description: `${c.count} product${c.count === 1 ? '' : 's'}`,
  }))
  if (cats.length > (page + 1) * PAGE) rows.push({ id: `cats:${page + 1}`, title: 'More categories…', description: `Page ${page + 2}` })
  say({
    kind: 'list',
    text: page ? 'More categories:' : 'What would you like to see? Pick a category.',
    button: 'Categories',
    header: deps.merchant.name.slice(0, 60),
    rows,
  })
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

async function showProducts(deps: TurnDeps, opts: { category?: string; page: number }, say: (m: OutboundMessage) => void, text: string) {
  const res = await searchCatalog(deps.db, { merchantId: deps.merchant.id, category: opts.category, limit: PAGE, offset: opts.page * PAGE })
  if (!res.items.length) return void say({ kind: 'buttons', text: 'Nothing here yet. Try a search, or talk to a person.', buttons: MENU_BUTTONS })
  const rows = res.items.map((p) => ({ id: `p:${p.id}`, title: clip(p.title, 24), description: clip(formatMoney(p.priceMinor, p.currency), 72) }))
  if (res.nextCursor) rows.push({ id: `cat:${opts.category ?? ''}:${opts.page + 1}`, title: 'More products…', description: `Page ${opts.page + 2}` })
  say({ kind: 'list', text, button: 'Products', rows })
}

async function search(
  deps: TurnDeps,
  r: TurnResult,
  text: string,
  e: { query?: string; colour?: string; size?: string; maxPrice?: number; minPrice?: number },
  say: (m: OutboundMessage) => void,
) {
  const digits = currencyDigits(deps.merchant.defaultCurrency)
  const bounds = {
    maxPriceMinor: e.maxPrice !== undefined ? Math.round(e.maxPrice * 10 ** digits) : undefined,
    minPriceMinor: e.minPrice !== undefined ? Math.round(e.minPrice * 10 ** digits) : undefined,
  }
  // Colour words help when the title has them ("Red Runner"), and must not empty the results when it does not.
  const tries = [[e.colour, e.query].filter(Boolean).join(' '), e.query ?? ''].filter((q, i, a) => a.indexOf(q) === i)
  let items: Awaited<ReturnType<typeof searchCatalog>>['items'] = []
  for (const q of tries) {
    items = (await searchCatalog(deps.db, { merchantId: deps.merchant.id, q: q || undefined, ...bounds, limit: PAGE + 1 })).items
    if (items.length) break
  }
  const priceNote = e.maxPrice !== undefined ? ` under ${formatMoney(bounds.maxPriceMinor!, deps.merchant.defaultCurrency)}` : ''
  if (!items.length) {
    say({ kind: 'buttons', text: `I found nothing for "${clip(e.query ?? text, 60)}"${priceNote}. Try other words, or browse.`, buttons: MENU_BUTTONS })
    return
  }
  if (items.length === 1) {
    const p = await loadProduct(deps.db, deps.merchant.id, items[0].id)
    if (p) return showProduct(deps, r, p, say, `Found it${priceNote ? `, ${priceNote.trim()}` : ''}:`)
  }
  const rows = items.slice(0, PAGE).map((p) => ({ id: `p:${p.id}`, title: clip(p.title, 24), description: clip(formatMoney(p.priceMinor, p.currency), 72) }))
  say({ kind: 'list', text: `Here is what I found for "${clip(e.query ?? text, 60)}"${priceNote}:`, button: 'See products', rows })
}

async function addToCart(_deps: TurnDeps, r: TurnResult, p: BotProduct, variantId: string | null, say: (m: OutboundMessage) => void, quantity = 1) {
  if (p.variants.length && !variantId) {
    r.state.lastProductId = p.id
    const rows = p.variants.slice(0, 10).map((v) => ({
      id: `v:${v.id}`,
      title: clip(variantLabel(v), 24),
      description: clip(`${formatMoney(v.priceMinor, p.currency)}${v.stock === 0 ? ' · sold out' : ''}`, 72),
    }))
    say({ kind: 'list', text: `Which option of ${clip(p.title, 60)}? You can also type it, e.g. "size 42".`, button: 'Options', rows })
    return
  }
  const variant = p.variants.find((v) => v.id === variantId)
  if (variant && variant.stock === 0) return void say({ kind: 'text', text: `Sorry, ${variantLabel(variant)} is sold out. Pick another option.` })
  const cart = r.state.cart
  const line = cart.find((l) => l.productId === p.id && l.variantId === (variant?.id ?? null))
  if (line) line.quantity = Math.min(99, line.quantity + quantity)
  else if (cart.length >= 50) return void say({ kind: 'text', text: 'Your cart is full (50 lines). Check out or remove something first.' })
  else
    cart.push({
      productId: p.id,
      variantId: variant?.id ?? null,
      title: variant ? `${p.title} (${variantLabel(variant)})` : p.title,
      unitPriceMinor: variant?.priceMinor ?? p.priceMinor,
      currency: p.currency,
      quantity,
    })
  r.state.lastProductId = p.id
  say({
    kind: 'buttons',
    text: `Added ${variant ? `${p.title} (${variantLabel(variant)})` : p.title} to your cart. Cart total: ${cartTotal(cart)}.`,
    buttons: [
      { id: 'checkout', title: 'Checkout' },
      { id: 'cart', title: 'View cart' },
      { id: 'browse', title: 'Keep shopping' },
    ],
  })
}

function cartTotal(cart: CartLine[]) {
  if (!cart.length) return formatMoney(0, 'USD')
  return formatMoney(
    cart.reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0),
    cart[0].currency,
  )
}

function showCart(_deps: TurnDeps, r: TurnResult, say: (m: OutboundMessage) => void) {
  const cart = r.state.cart
  if (!cart.length) return void say({ kind: 'buttons', text: 'Your cart is empty. Type what you are looking for, or browse.', buttons: MENU_BUTTONS })
  const lines = cart.map((l, i) => `${i + 1}. ${l.title} × ${l.quantity} — ${formatMoney(l.unitPriceMinor * l.quantity, l.currency)}`)
  say({ kind: 'text', text: `Your cart:\n${lines.join('\n')}\nTotal: ${cartTotal(cart)}` })
  say({
    kind: 'list',
    text: 'Check out, or remove something:',
    button: 'Cart options',
    rows: [
      { id: 'checkout', title: 'Checkout' },
      ...cart.slice(0, 8).map((l, i) => ({ id: `rm:${i}`, title: clip(`Remove ${i + 1}. ${l.title}`, 24) })),
      { id: 'clear', title: 'Empty the cart' },
    ],
  })
}

function startCheckout(deps: TurnDeps, r: TurnResult, say: (m: OutboundMessage) => void) {
  if (!r.state.cart.length) return void say({ kind: 'buttons', text: 'Your cart is empty. Add a product first.', buttons: MENU_BUTTONS })
  // The key names this checkout: however often its confirmation is delivered, it makes one order.
  r.state.checkout = { key: crypto.randomUUID() }
  r.state.step = 'checkout_name'
  const known = deps.conversation.name
  say({ kind: 'text', text: `Great! What name should we put on the order?${known ? ` (e.g. ${known})` : ''} Type "cancel" to stop.` })
}

function askDelivery(deps: TurnDeps, r: TurnResult, say: (m: OutboundMessage) => void) {
  const methods = deps.settings.deliveryMethods
  if (methods.length === 1) {
    r.state.checkout = { ...r.state.checkout!, method: methods[0] }
    if (methods[0] === 'delivery') return askAddress(r, say)
    return void askPaymentSync(deps, r, say)
  }
  r.state.step = 'checkout_delivery'
  say({
    kind: 'buttons',
    text: 'Delivery or pickup?',
    buttons: [
      { id: 'dm:delivery', title: 'Delivery' },
      { id: 'dm:pickup', title: 'Pickup' },
    ],
  })
}

function askAddress(r: TurnResult, say: (m: OutboundMessage) => void) {
  r.state.step = 'checkout_address'
  say({ kind: 'text', text: 'What is the delivery address? You can type it or share a location.' })
}

async function askPayment(deps: TurnDeps, r: TurnResult, say: (m: OutboundMessage) => void) {
  askPaymentSync(deps, r, say)
}

function askPaymentSync(deps: TurnDeps, r: TurnResult, say: (m: OutboundMessage) => void) {
  const methods = deps.settings.paymentMethods
  r.state.step = 'checkout_payment'
  say({ kind: 'buttons', text: 'How would you like to pay?', buttons: methods.slice(0, 3).map((m) => ({ id: `pay:${m}`, title: PAYMENT_LABELS[m] })) })
}

function askConfirm(r: TurnResult, say: (m: OutboundMessage) => void) {
  const c = r.state.checkout!
  r.state.step = 'checkout_confirm'
  const lines = r.state.cart.map((l) => `• ${l.title} × ${l.quantity} — ${formatMoney(l.unitPriceMinor * l.quantity, l.currency)}`)
  const where = c.method === 'delivery' ? `Delivery to: ${c.address}` : 'Pickup at the shop'
  say({
    kind: 'buttons',
    text: `Please confirm your order:\n${lines.join('\n')}\nTotal: ${cartTotal(r.state.cart)}\nName: ${c.name}\n${where}\nPayment: ${PAYMENT_LABELS[c.payment as PaymentMethod] ?? c.payment}`,
    buttons: [
      { id: 'confirm', title: 'Place order' },
      { id: 'cancel_checkout', title: 'Cancel' },
    ],
  })
}

async function confirmOrder(deps: TurnDeps, r: TurnResult, say: (m: OutboundMessage) => void) {
  const s = r.state
  const c = s.checkout
  if (s.step !== 'checkout_confirm' || !c?.name || !c.payment || !c.method || !s.cart.length) {
    return void say({ kind: 'buttons', text: 'There is no order waiting for confirmation. Open your cart to check out.', buttons: MENU_BUTTONS })
  }
  const currency = s.cart[0].currency
  const { order, created } = await placeOrder(deps.db, {
    merchantId: deps.merchant.id,
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
  s.step = 'idle'
  s.checkout = undefined
  if (created) {
    r.placedOrder = { id: order.id, number: order.number, summary: `${total}, ${PAYMENT_LABELS[order.paymentMethod as PaymentMethod] ?? order.paymentMethod}` }
    r.events.push({
      type: 'order_placed',
      orderId: order.id,
      productId: s.attribution?.productId,
      videoId: s.attribution?.videoId,
      linkId: s.attribution?.linkId,
      ref: order.ref ?? undefined,
    })
  }
  say({
    kind: 'text',
    text: `Thank you! Your order #${order.number} is placed. Total: ${total} (${PAYMENT_LABELS[order.paymentMethod as PaymentMethod] ?? order.paymentMethod}). We will message you here when it ships. Ask "where is my order" any time.`,
  })
}

async function handleAction(deps: TurnDeps, r: TurnResult, id: string, say: (m: OutboundMessage) => void) {
  const [verb, a, b] = id.split(':')
  const s = r.state
  switch (verb) {
    case 'menu':
      return greet(deps, { name: deps.conversation.name } as InboundEvent, say)
    case 'browse':
      return showCategories(deps, 0, say)
    case 'cats':
      return showCategories(deps, Number(a) || 0, say)
    case 'cat':
      return showProducts(deps, { category: a || undefined, page: Number(b) || 0 }, say, a ? `${cap(a)}:` : 'Products:')
    case 'p': {
      const p = await loadProduct(deps.db, deps.merchant.id, a)
      return p ? showProduct(deps, r, p, say) : say({ kind: 'text', text: 'That product is no longer available.' })
    }
    case 'add': {
      const p = await loadProduct(deps.db, deps.merchant.id, a)
      if (!p) return say({ kind: 'text', text: 'That product is no longer available.' })
      return addToCart(deps, r, p, null, say)
    }
    case 'v': {
      // Variant ids alone keep callback data under Telegram's 64 bytes.
      const found = await findProductByVariantId(deps.db, deps.merchant.id, a)
      if (!found) return say({ kind: 'text', text: 'That option is no longer available.' })
      return addToCart(deps, r, found, a, say)
    }
    case 'ask': {
      s.lastProductId = a
      s.step = 'idle'
      r.handoff = true
      return say({ kind: 'text', text: 'Type your question: a person from the shop will answer here shortly.' })
    }
    case 'open': {
      const p = await loadProduct(deps.db, deps.merchant.id, a)
      if (!p) return say({ kind: 'text', text: 'That product is no longer available.' })
      return say({ kind: 'cta', text: clip(p.title, 200), label: 'Open in shop', url: productUrl(deps, p) })
    }
    case 'cart':
      return showCart(deps, r, say)
    case 'rm': {
      const i = Number(a)
      const [removed] = Number.isInteger(i) ? s.cart.splice(i, 1) : []
      say({ kind: 'text', text: removed ? `Removed ${removed.title}.` : 'That line is no longer in your cart.' })
      return showCart(deps, r, say)
    }
    case 'clear':
      s.cart = []
      s.step = 'idle'
      s.checkout = undefined
      return say({ kind: 'buttons', text: 'Your cart is empty now.', buttons: MENU_BUTTONS })
    case 'checkout':
      return startCheckout(deps, r, say)
    case 'dm':
      if (!s.checkout || (a !== 'delivery' && a !== 'pickup')) return startCheckout(deps, r, say)
      s.checkout = { ...s.checkout, method: a }
      return a === 'delivery' ? askAddress(r, say) : askPaymentSync(deps, r, say)
    case 'pay':
      if (!s.checkout?.method || !deps.settings.paymentMethods.includes(a as PaymentMethod)) return startCheckout(deps, r, say)
      s.checkout = { ...s.checkout, payment: a }
      return askConfirm(r, say)
    case 'confirm':
      return confirmOrder(deps, r, say)
    case 'cancel_checkout':
      s.step = 'idle'
      s.checkout = undefined
      return say({ kind: 'buttons', text: 'Checkout cancelled. Your cart is kept.', buttons: MENU_BUTTONS })
    case 'human':
      return handoff(r, say)
    case 'orders':
      return orderStatus(deps, undefined, say)
    default:
      return greet(deps, { name: deps.conversation.name } as InboundEvent, say)
  }
}

async function handleCatalogCart(deps: TurnDeps, r: TurnResult, items: NonNullable<InboundEvent['items']>, say: (m: OutboundMessage) => void) {
  const missing: string[] = []
  for (const item of items) {
    const found = await findProductByRetailerId(deps.db, deps.merchant.id, item.retailerId)
    if (!found) {
      missing.push(item.retailerId)
      continue
    }
    const { product, variantId } = found
    const variant = product.variants.find((v) => v.id === variantId)
    r.state.cart.push({
      productId: product.id,
      variantId,
      title: variant ? `${product.title} (${variantLabel(variant)})` : product.title,
      // Our catalog's price, not the one in the message: the shopper's app may show a stale price.
      unitPriceMinor: variant?.priceMinor ?? product.priceMinor,
      currency: product.currency,
      quantity: Math.min(99, item.quantity),
    })
  }
  if (missing.length) say({ kind: 'text', text: `Some items are no longer sold here and were left out: ${missing.join(', ')}.` })
  if (!r.state.cart.length) return void say({ kind: 'buttons', text: 'None of those items are available any more.', buttons: MENU_BUTTONS })
  showCart(deps, r, say)
}

async function orderStatus(deps: TurnDeps, orderRef: string | undefined, say: (m: OutboundMessage) => void) {
  const orders = orderRef
    ? [await findOrderByNumber(deps.db, deps.merchant.id, orderRef)].filter((o) => o && o.conversationId === deps.conversation.id)
    : (await listOrders(deps.db, deps.merchant.id, { conversationId: deps.conversation.id, limit: 3 })).slice(0, 3)
  if (!orders.length)
    return void say({
      kind: 'buttons',
      text: orderRef ? `I can't find order #${orderRef} for this chat.` : 'You have no orders with us yet.',
      buttons: MENU_BUTTONS,
    })
  say({
    kind: 'text',
    text: orders.map((o) => `Order #${o!.number}: ${o!.status.replace('_', ' ')} — ${formatMoney(o!.subtotalMinor, o!.currency)}`).join('\n'),
  })
}

async function cancelOrReturn(deps: TurnDeps, orderRef: string | undefined, what: 'cancel' | 'return', say: (m: OutboundMessage) => void) {
  const mine = await listOrders(deps.db, deps.merchant.id, { conversationId: deps.conversation.id, limit: 20 })
  const order = orderRef ? mine.find((o) => o.number === orderRef.replace(/^#/, '')) : mine[0]
  if (!order) return void say({ kind: 'text', text: orderRef ? `I can't find order #${orderRef} for this chat.` : 'You have no orders with us yet.' })
  if (what === 'cancel') {
    const done = await setOrderStatus(deps.db, deps.merchant.id, order.id, 'cancelled', ['pending', 'confirmed'])
    say({
      kind: 'text',
      text: done
        ? `Order #${order.number} is cancelled.`
        : `Order #${order.number} is already ${order.status.replace('_', ' ')} and can't be cancelled here. Ask a person for help.`,
    })
  } else {
    const done = await setOrderStatus(deps.db, deps.merchant.id, order.id, 'return_requested', ['shipped', 'delivered'])
    say({
      kind: 'text',
      text: done
        ? `Return requested for order #${order.number}. A person will contact you with the next steps.`
        : `Order #${order.number} is ${order.status.replace('_', ' ')}: returns open once it has shipped.`,
    })
  }
}
