import type { RefSource } from './attribution-ref'

/**
 * The contract between the Worker and the SPA for the public pages: what the Worker writes into
 * the HTML as `<script id="__DATA__" type="application/json">` and the page script renders from.
 * Runtime-free and self-contained (it belongs beside the other contracts in `contracts/`);
 * `buildPageData` is type-checked against it.
 */

export type StorefrontTheme = 'classic' | 'midnight' | 'sunset' | 'mint'

/** One block of the link-in-bio page. */
export type StorefrontBlock =
  | { type: 'link'; title: string; url: string }
  | { type: 'heading'; text: string }
  | { type: 'text'; text: string }
  | { type: 'video'; externalId: string }

/** The wa.me and t.me links of a product, carrying its attribution ref. */
export type OrderLinks = { ref: string; whatsapp: string | null; telegram: string | null; message: string }

export type PublicVariant = { id: string; title: string; priceMinor: number; stock: number | null; options: Record<string, string> }

/** A published product. Money in minor units + ISO currency, and formatted (`price`, `compareAt`). */
export type PublicProduct = {
  id: string
  slug: string
  title: string
  description: string
  priceMinor: number
  compareAtMinor: number | null
  currency: string
  stock: number | null
  ref: string
  category: string | null
  /** Discount codes the merchant runs for this product, shown on its page */
  promoCodes: string[]
  videoIds: string[]
  variants: PublicVariant[]
  price: string
  compareAt: string | null
  /** photo URLs, in order */
  images: string[]
  url: string
  order: OrderLinks
}

export type PublicVideo = { id: string; externalId: string; url: string; caption: string | null; cover: string | null; productIds: string[] }

export type PublicPageData = {
  kind: 'shop' | 'product'
  shop: {
    id: string
    slug: string
    name: string
    bio: string
    avatar: string | null
    theme: StorefrontTheme
    blocks: StorefrontBlock[]
    url: string
  }
  products: PublicProduct[]
  videos: PublicVideo[]
  product: PublicProduct | null
  source: RefSource
  meta: { title: string; description: string; image: string; url: string }
}
