import { formatMoney } from '../../../../../contracts/money'
import type { InboundEvent } from '../inbound'
import { clip, TITLE_MAX } from '../outbound'
import type { BotProduct } from '../ports'
import { type CartLine, endCheckout } from '../state'
import type { Turn } from '../turn'
import { MENU_BUTTONS } from './menu'
import { NO_LONGER_AVAILABLE, variantLabel, variantMatches } from './product-card'

/** The cart's total in the first line's currency (a cart is in one currency in practice). */
export function cartTotal(cart: CartLine[]) {
  if (!cart.length) return formatMoney(0, 'USD')
  return formatMoney(
    cart.reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0),
    cart[0].currency,
  )
}

/**
 * Adds a product (or one of its variants) to the cart. A product with variants and none chosen
 * asks which; a sold-out variant is refused; the same line again adds to its quantity (≤ 99).
 */
/** A cart line as the shopper reads it: title, and the note when there is one ("Nike Air Max 90 (Size 42)"). */
export const lineTitle = (l: Pick<CartLine, 'title' | 'note'>) => (l.note ? `${l.title} (${l.note})` : l.title)

export function addToCart(t: Turn, p: BotProduct, variantId: string | null, quantity = 1, note?: string) {
  if (p.variants.length && !variantId) {
    t.state.lastProductId = p.id
    const rows = p.variants.slice(0, 10).map((v) => ({
      id: `v:${v.id}`,
      title: clip(variantLabel(v), TITLE_MAX),
      description: clip(`${formatMoney(v.priceMinor, p.currency)}${v.stock === 0 ? ' · sold out' : ''}`, 72),
    }))
    t.say({ kind: 'list', text: `Which option of ${clip(p.title, 60)}? You can also type it, e.g. "size 42".`, button: 'Options', rows })
    return
  }
  const variant = p.variants.find((v) => v.id === variantId)
  if (variant && variant.stock === 0) return t.say({ kind: 'text', text: `Sorry, ${variantLabel(variant)} is sold out. Pick another option.` })
  const cart = t.state.cart
  const line = cart.find((l) => l.productId === p.id && l.variantId === (variant?.id ?? null) && (l.note ?? '') === (note ?? ''))
  if (line) line.quantity = Math.min(99, line.quantity + quantity)
  else if (cart.length >= 50) return t.say({ kind: 'text', text: 'Your cart is full (50 lines). Check out or remove something first.' })
  else
    cart.push({
      productId: p.id,
      variantId: variant?.id ?? null,
      title: variant ? `${p.title} (${variantLabel(variant)})` : p.title,
      unitPriceMinor: variant?.priceMinor ?? p.priceMinor,
      currency: p.currency,
      quantity,
      ...(note ? { note } : {}),
    })
  t.state.lastProductId = p.id
  const added = variant ? `${p.title} (${variantLabel(variant)})` : lineTitle({ title: p.title, note })
  t.say({
    kind: 'buttons',
    text: `Added ${added} to your cart. Cart total: ${cartTotal(cart)}.${note ? ' The shop will confirm the size with you.' : ''}`,
    buttons: [
      { id: 'checkout', title: 'Checkout' },
      { id: 'cart', title: 'View cart' },
      { id: 'browse', title: 'Keep shopping' },
    ],
  })
}

/** "Add to cart" on a product card. */
export async function addProduct(t: Turn, productId: string) {
  const p = await t.deps.catalog.product(productId)
  if (!p) return t.say({ kind: 'text', text: NO_LONGER_AVAILABLE })
  addToCart(t, p, null)
}

/** An option picked from the variant list. */
export async function addVariant(t: Turn, variantId: string) {
  const p = await t.deps.catalog.productByVariantId(variantId)
  if (!p) return t.say({ kind: 'text', text: 'That option is no longer available.' })
  addToCart(t, p, variantId)
}

/**
 * "size 42" right after a product card: adds that variant. A product without variants is added
 * with the size as a note on its line (kept on the order for the merchant). False when the
 * product has variants but none of that size.
 */
export async function addSizeOfLastProduct(t: Turn, size: string): Promise<boolean> {
  if (!t.state.lastProductId) return false
  const product = await t.deps.catalog.product(t.state.lastProductId)
  if (!product) return false
  if (!product.variants.length) {
    addToCart(t, product, null, 1, `Size ${size}`)
    return true
  }
  const variant = product.variants.find((v) => variantMatches(v, size))
  if (!variant) return false
  addToCart(t, product, variant.id)
  return true
}

/** A WhatsApp catalog cart: each item at our catalog's price; items we no longer sell are named and left out. */
export async function addCatalogItems(t: Turn, items: NonNullable<InboundEvent['items']>) {
  const missing: string[] = []
  for (const item of items) {
    const found = await t.deps.catalog.productByRetailerId(item.retailerId)
    if (!found) {
      missing.push(item.retailerId)
      continue
    }
    const { product, variantId } = found
    const variant = product.variants.find((v) => v.id === variantId)
    t.state.cart.push({
      productId: product.id,
      variantId,
      title: variant ? `${product.title} (${variantLabel(variant)})` : product.title,
      // Our catalog's price, not the one in the message: the shopper's app may show a stale price.
      unitPriceMinor: variant?.priceMinor ?? product.priceMinor,
      currency: product.currency,
      quantity: Math.min(99, item.quantity),
    })
  }
  if (missing.length) t.say({ kind: 'text', text: `Some items are no longer sold here and were left out: ${missing.join(', ')}.` })
  if (!t.state.cart.length) return t.say({ kind: 'buttons', text: 'None of those items are available any more.', buttons: MENU_BUTTONS })
  showCart(t)
}

/** The cart's lines and total, then Checkout / Remove n / Empty. */
export function showCart(t: Turn) {
  const cart = t.state.cart
  if (!cart.length) return t.say({ kind: 'buttons', text: 'Your cart is empty. Type what you are looking for, or browse.', buttons: MENU_BUTTONS })
  const lines = cart.map((l, i) => `${i + 1}. ${lineTitle(l)} × ${l.quantity} — ${formatMoney(l.unitPriceMinor * l.quantity, l.currency)}`)
  t.say({ kind: 'text', text: `Your cart:\n${lines.join('\n')}\nTotal: ${cartTotal(cart)}` })
  t.say({
    kind: 'list',
    text: 'Check out, or remove something:',
    button: 'Cart options',
    rows: [
      { id: 'checkout', title: 'Checkout' },
      ...cart.slice(0, 8).map((l, i) => ({ id: `rm:${i}`, title: clip(`Remove ${i + 1}. ${lineTitle(l)}`, TITLE_MAX) })),
      { id: 'clear', title: 'Empty the cart' },
    ],
  })
}

/** "Remove n." from the cart options, then the cart again. */
export function removeLine(t: Turn, index: string | undefined) {
  const i = Number(index)
  const [removed] = Number.isInteger(i) ? t.state.cart.splice(i, 1) : []
  t.say({ kind: 'text', text: removed ? `Removed ${lineTitle(removed)}.` : 'That line is no longer in your cart.' })
  showCart(t)
}

/** Empties the cart, which also ends any checkout. */
export function clearCart(t: Turn) {
  t.state.cart = []
  endCheckout(t.state)
  t.say({ kind: 'buttons', text: 'Your cart is empty now.', buttons: MENU_BUTTONS })
}
