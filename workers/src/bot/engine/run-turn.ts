import { understandMessage } from '../intent/understand-message'
import { attribute } from './flows/attribution'
import { showCategories, showCategory } from './flows/browse'
import { addCatalogItems, addProduct, addSizeOfLastProduct, addVariant, clearCart, removeLine, showCart } from './flows/cart'
import {
  answerCheckoutLocation,
  answerCheckoutText,
  cancelCheckout,
  chooseDelivery,
  choosePayment,
  chooseZone,
  confirmOrder,
  startCheckout,
} from './flows/checkout'
import { answerDelivery, answerLocation, answerPayment } from './flows/faq'
import { askAboutProduct, handoff, optOut } from './flows/handoff'
import { askWhichProduct, cannotRead, greet, locationOutsideCheckout, notUnderstood } from './flows/menu'
import { cancelOrder, orderStatus, requestReturn } from './flows/orders'
import { outOfScope } from './flows/out-of-scope'
import { answerAboutLastProduct, openInShop, showProduct, showProductById } from './flows/product-card'
import { search } from './flows/search'
import type { InboundEvent } from './inbound'
import type { ConversationState } from './state'
import { newTurn, type Turn, type TurnDeps, type TurnResult } from './turn'

export type { TurnDeps, TurnResult } from './turn'

/**
 * One turn of the conversation engine: reads what the shopper did, moves the state machine, and
 * says what to reply. Channel-agnostic; runs inside the transaction that holds the conversation
 * row lock, so one shopper's messages are handled one at a time and in order. The work is in the
 * flows (./flows); this only decides which one a message goes to.
 */
export async function runTurn(deps: TurnDeps, state: ConversationState, event: InboundEvent): Promise<TurnResult> {
  const t = newTurn(deps, state)
  await dispatch(t, event)
  return t.result
}

async function dispatch(t: Turn, event: InboundEvent) {
  // Attribution first: a t.me /start payload, a wa.me prefilled "(ref …)", or a product viewed in the catalog.
  const refProduct = await attribute(t, event)
  const hello = `Hi${event.name ? ` ${event.name}` : ''}!`

  if (event.kind === 'action' && event.actionId) return onAction(t, event.actionId)
  if (event.kind === 'order' && event.items?.length) return addCatalogItems(t, event.items)
  if (event.kind === 'location' && event.location && answerCheckoutLocation(t, event.location)) return
  if (event.kind === 'start' || (refProduct && event.kind !== 'text')) {
    if (refProduct) return showProduct(t, refProduct, `${hello} Here is the product you were looking at:`)
    return greet(t, event.name)
  }
  if (event.kind === 'media' || event.kind === 'unsupported') return cannotRead(t)
  if (event.kind === 'location') return locationOutsideCheckout(t)

  const text = event.text.trim()
  // Free-text answers the checkout is waiting for come before intent classification.
  if (answerCheckoutText(t, text)) return
  if (refProduct) return showProduct(t, refProduct, `${hello} Here is the product you asked about:`)
  await onText(t, event, text)
}

/** Free text: the intent rules decide. */
async function onText(t: Turn, event: InboundEvent, text: string) {
  const u = await (t.deps.understand ?? ((x: string) => understandMessage(x)))(text)
  t.result.understood = { intent: u.intent, confidence: u.confidence, source: u.source, ...(u.taughtPhrase ? { taughtPhrase: u.taughtPhrase } : {}) }
  const e = u.entities
  const outOfScopeStreak = t.state.outOfScopeStreak ?? 0
  t.state.outOfScopeStreak = undefined
  // "size 42" / "add 42" right after a product card picks that product's variant.
  const picksSize = u.intent === 'out_of_scope' || u.intent === 'availability_question' || /\b(add|size|take|want)\b/i.test(text)
  if (t.state.lastProductId && e.size && picksSize && !e.query && (await addSizeOfLastProduct(t, e.size))) return
  // "how much is it?", "is it available?" right after a product card: "it" is the product last shown.
  const aboutAProduct = u.intent === 'price_question' || u.intent === 'availability_question' || u.intent === 'product_question'
  const unnamed = !e.query && e.maxPrice === undefined && e.minPrice === undefined
  if (aboutAProduct && unnamed && t.state.lastProductId && (await answerAboutLastProduct(t, u.intent, e.size))) return
  switch (u.intent) {
    case 'greeting':
      return greet(t, event.name)
    case 'browse_catalog':
      return showCategories(t)
    case 'search_product':
    case 'price_question':
    case 'availability_question':
    case 'product_question':
    case 'offers_question':
      if (e.query || e.maxPrice !== undefined || e.minPrice !== undefined) return search(t, text, e)
      if (u.intent === 'search_product' || u.intent === 'offers_question') return showCategories(t)
      return askWhichProduct(t)
    case 'payment_question':
      return answerPayment(t)
    case 'delivery_question':
      return answerDelivery(t)
    case 'store_location':
      return answerLocation(t)
    case 'order_status':
      return orderStatus(t, e.orderRef)
    case 'cancel_order':
      return cancelOrder(t, e.orderRef)
    case 'return_exchange':
      return requestReturn(t, e.orderRef)
    case 'human_handoff':
      return handoff(t)
    case 'opt_out':
      return optOut(t)
    default:
      if (/^(cart|my cart|basket)$/i.test(text)) return showCart(t)
      if (/^(checkout|check out|order now)$/i.test(text)) return startCheckout(t)
      if (/^(menu|help|start)$/i.test(text)) return greet(t, event.name)
      if (e.query) return search(t, text, e)
      if (u.intent === 'out_of_scope') return outOfScope(t, outOfScopeStreak + 1)
      return notUnderstood(t)
  }
}

/** A button or list row: `<verb>[:<a>[:<b>]]`, as the flows wrote them. */
async function onAction(t: Turn, id: string) {
  const [verb, a, b] = id.split(':')
  switch (verb) {
    case 'browse':
      return showCategories(t)
    case 'cats':
      return showCategories(t, Number(a) || 0)
    case 'cat':
      return showCategory(t, a, Number(b) || 0)
    case 'p':
      return showProductById(t, a)
    case 'add':
      return addProduct(t, a)
    case 'v':
      // Variant ids alone keep callback data under Telegram's 64 bytes.
      return addVariant(t, a)
    case 'ask':
      return askAboutProduct(t, a)
    case 'open':
      return openInShop(t, a)
    case 'cart':
      return showCart(t)
    case 'rm':
      return removeLine(t, a)
    case 'clear':
      return clearCart(t)
    case 'checkout':
      return startCheckout(t)
    case 'dm':
      return chooseDelivery(t, a)
    case 'zone':
      return chooseZone(t, a)
    case 'pay':
      return choosePayment(t, a)
    case 'confirm':
      return confirmOrder(t)
    case 'cancel_checkout':
      return cancelCheckout(t)
    case 'human':
      return handoff(t)
    case 'orders':
      return orderStatus(t, undefined)
    default:
      // 'menu' and anything unknown.
      return greet(t, t.deps.conversation.name)
  }
}
