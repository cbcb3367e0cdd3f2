import { formatMoney } from '../../../../../contracts/money'
import { clip } from '../outbound'
import type { BotProduct, BotVariant } from '../ports'
import type { Turn, TurnDeps } from '../turn'

/** The product's page in the merchant's shop. */
export function productUrl(deps: TurnDeps, p: Pick<BotProduct, 'slug'>) {
  return `${deps.appUrl}/@${deps.merchant.slug}/p/${p.slug}`
}

/** "42 / Red" from the variant's options, else its title. */
export function variantLabel(v: BotVariant) {
  const opts = Object.values(v.options ?? {}).join(' / ')
  return opts || v.title
}

/** Whether a size the shopper typed ("42", "xl") names this variant: an option value or a word of its title. */
export function variantMatches(v: BotVariant, size: string) {
  const want = size.toLowerCase()
  return (
    Object.values(v.options ?? {}).some((o) => String(o).toLowerCase() === want) ||
    v.title
      .toLowerCase()
      .split(/[\s/,-]+/)
      .includes(want)
  )
}

/** The product card: photo, title, price (range), options, description, and Add / Ask / Open buttons. */
export function showProduct(t: Turn, p: BotProduct, intro?: string) {
  t.state.lastProductId = p.id
  const prices = p.variants.length ? p.variants.map((v) => v.priceMinor) : [p.priceMinor]
  const lo = Math.min(...prices)
  const hi = Math.max(...prices)
  const price = lo === hi ? formatMoney(lo, p.currency) : `${formatMoney(lo, p.currency)} – ${formatMoney(hi, p.currency)}`
  // The intro rides in the caption: one bubble instead of two (WhatsApp paces per shopper).
  const lines = [...(intro ? [intro, ''] : []), `*${p.title}*`, price]
  if (p.variants.length) lines.push(`Options: ${p.variants.map(variantLabel).join(', ')}`)
  if (p.description) lines.push(clip(p.description, 300))
  t.say({
    kind: 'product',
    imageUrl: p.imageKey ? `${t.deps.appUrl}/media/${p.imageKey}` : undefined,
    caption: lines.join('\n'),
    url: productUrl(t.deps, p),
    buttons: [
      { id: `add:${p.id}`, title: 'Add to cart' },
      { id: `ask:${p.id}`, title: 'Ask a question' },
      { id: `open:${p.id}`, title: 'Open in shop' },
    ],
  })
}

export const NO_LONGER_AVAILABLE = 'That product is no longer available.'

/** A product picked from a list. */
export async function showProductById(t: Turn, productId: string) {
  const p = await t.deps.catalog.product(productId)
  if (p) showProduct(t, p)
  else t.say({ kind: 'text', text: NO_LONGER_AVAILABLE })
}

/** "Open in shop": a link button to the product page. */
export async function openInShop(t: Turn, productId: string) {
  const p = await t.deps.catalog.product(productId)
  if (!p) return t.say({ kind: 'text', text: NO_LONGER_AVAILABLE })
  t.say({ kind: 'cta', text: clip(p.title, 200), label: 'Open in shop', url: productUrl(t.deps, p) })
}

/**
 * A question about "it" right after a product card ("how much is it?", "is it available?",
 * "what sizes?"): answered for the product last shown. False when that product is gone (the
 * caller then asks which product is meant).
 */
export async function answerAboutLastProduct(t: Turn, intent: string, size?: string): Promise<boolean> {
  const id = t.state.lastProductId
  const p = id ? await t.deps.catalog.product(id) : undefined
  if (!p) return false
  if (intent === 'product_question') {
    showProduct(t, p)
    return true
  }
  const buttons = [
    { id: `add:${p.id}`, title: 'Add to cart' },
    { id: `ask:${p.id}`, title: 'Ask a question' },
    { id: 'browse', title: 'Browse products' },
  ]
  const variant = size ? p.variants.find((v) => variantMatches(v, size)) : undefined
  if (intent === 'availability_question') {
    const inStock = p.variants.length ? p.variants.filter((v) => v.stock !== 0) : []
    const text = variant
      ? `${p.title} (${variantLabel(variant)}) is ${variant.stock === 0 ? 'sold out' : 'available'}.`
      : p.variants.length
        ? inStock.length
          ? `${p.title} is available in: ${inStock.map(variantLabel).join(', ')}.`
          : `Sorry, ${p.title} is sold out.`
        : `${p.title} is ${p.stock === 0 ? 'sold out' : 'available'}.`
    t.say({ kind: 'buttons', text: clip(text, 1024), buttons })
    return true
  }
  const prices = variant ? [variant.priceMinor] : p.variants.length ? p.variants.map((v) => v.priceMinor) : [p.priceMinor]
  const lo = Math.min(...prices)
  const hi = Math.max(...prices)
  const price = lo === hi ? formatMoney(lo, p.currency) : `from ${formatMoney(lo, p.currency)} to ${formatMoney(hi, p.currency)}`
  t.say({ kind: 'buttons', text: clip(`${p.title}${variant ? ` (${variantLabel(variant)})` : ''} is ${price}.`, 1024), buttons })
  return true
}
