import { formatRef, type RefSource } from '../../../contracts/attribution-ref'
import type { OrderLinks } from '../../../contracts/storefront-page'

export type { OrderLinks }

/** Reads the `src` query parameter of a public page (`V<videoId>`, `L<code>`, `P`) into a ref source. */
export function sourceFromQuery(src: string | undefined | null): RefSource {
  if (src && /^V[A-Za-z0-9]{1,32}$/.test(src)) return { kind: 'video', videoExternalId: src.slice(1) }
  if (src && /^L[A-Za-z0-9]{1,32}$/.test(src)) return { kind: 'link', linkCode: src.slice(1) }
  return { kind: 'page' }
}

/** The wa.me and t.me links of a product, carrying its attribution ref. */
export function orderLinks(
  product: { ref: string; title: string },
  source: RefSource,
  contact: { whatsappNumber: string | null; telegramBot: string | null },
): OrderLinks {
  const ref = formatRef({ productRef: product.ref, source })
  const message = `Hi! I'd like to order ${product.title} (ref ${ref})`
  return {
    ref,
    message,
    whatsapp: contact.whatsappNumber ? `https://wa.me/${contact.whatsappNumber}?text=${encodeURIComponent(message)}` : null,
    telegram: contact.telegramBot ? `https://t.me/${contact.telegramBot}?start=${ref}` : null,
  }
}
