import type { BriefProduct, StudioBrief } from '../../../../contracts/studio'
import { currencyExponent } from '../../ingest/caption/currencies'
import { guessLanguage } from '../../ingest/caption/language'

export const PRODUCT_TYPES = ['fashion', 'beauty', 'electronics', 'food', 'home', 'generic'] as const
export type ProductType = (typeof PRODUCT_TYPES)[number]

// Checked in order: "phone case" is electronics before "case" could mean anything else.
const TYPE_WORDS: [ProductType, RegExp][] = [
  [
    'electronics',
    /\b(electronics?|phones?|iphone|samsung|android|laptops?|computers?|tablets?|ipad|earbuds?|earphones?|headphones?|headsets?|chargers?|speakers?|tv|television|cameras?|smart ?watch(es)?|consoles?|gaming|routers?|power ?banks?|cables?|gadgets?|bluetooth|monitors?|keyboards?|drones?|ooma|telo|voip)\b/i,
  ],
  [
    'beauty',
    /\b(beauty|cosmetics?|make-?up|lipsticks?|lip ?gloss|serums?|creams?|lotions?|skin ?care|skincare|perfumes?|fragrances?|cologne|hair ?(oil|care|products?)|wigs?|braids?|nails?|mascara|foundation|shea|moisturi[sz]ers?|soaps?|body ?butter|spa)\b/i,
  ],
  [
    'food',
    /\b(food|snacks?|coffee|tea|honey|cakes?|cookies?|biscuits?|spices?|juices?|chocolates?|bakery|bread|sauces?|jam|nuts?|groceries|grocery|meals?|drinks?|wine|fruit|chapati|mandazi|samosas?)\b/i,
  ],
  [
    'fashion',
    /\b(fashion|clothing|clothes|apparel|dress(es)?|shirts?|t-?shirts?|tees?|tops?|jeans|trousers|pants|skirts?|jackets?|coats?|hoodies?|sweaters?|shoes?|sneakers?|heels|sandals?|boots?|bags?|handbags?|purses?|kitenge|ankara|kanga|jewell?ery|necklaces?|earrings?|bracelets?|watch(es)?|hats?|caps?|scarf|scarves|suits?|outfits?|wear)\b/i,
  ],
  [
    'home',
    /\b(home|house|furniture|sofas?|couch(es)?|chairs?|tables?|desks?|lamps?|beds?|mattress(es)?|pillows?|kitchen|cookware|pots?|pans?|curtains?|decor|rugs?|carpets?|shelves|shelf|wardrobes?|bedding|towels?|blenders?|apartments?|rooms?|studio)\b/i,
  ],
]

/** The product type the templates speak to, from category, tags and title (first match wins). */
export function productTypeOf(products: BriefProduct[], extra = ''): ProductType {
  const text = [...products.flatMap((p) => [p.category ?? '', ...p.tags, p.title]), extra].join(' ').replace(/[_-]+/g, ' ')
  for (const [type, re] of TYPE_WORDS) if (re.test(text)) return type
  return 'generic'
}

/** "KSh 4,500": the number written the way the shop writes its price, else code + grouped number. */
export function formatMinor(minor: number, currency: string | null, template: string | null): string {
  const exp = currency ? currencyExponent(currency) : 2
  const major = minor / 10 ** exp
  const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: major % 1 === 0 ? 0 : exp, minimumFractionDigits: major % 1 === 0 ? 0 : exp }).format(
    major,
  )
  const m = template?.match(/^(\D*?)\s*\d[\d.,\s]*(\D*)$/)
  if (m && (m[1] || m[2])) return `${m[1] ? `${m[1].trim()} ` : ''}${number}${m[2] ? ` ${m[2].trim()}` : ''}`.trim()
  return currency ? `${currency} ${number}` : number
}

/** Everything a template may say about one product: catalog facts only. */
export type ProductFacts = {
  id: string
  title: string
  /** A short name for on-screen text and hooks (first words of the title). */
  name: string
  price: string | null
  was: string | null
  saving: number | null
  variantCount: number
  variants: string[]
  /** Stock, only when tracked and low enough (≤ 5) to say "only N left". */
  lowStock: number | null
  descriptionLines: string[]
}

// Seller titles carry prices, "for sale", "OBO" and shouting; the name the script says keeps the product.
const TITLE_NOISE =
  /(?:[$€£₦₹]|\b(?:ksh|kes|usd|tsh|ugx|ngn|r\$))\s?\d[\d,.]*k?\+?|\b\d[\d,.]*\s?(?:\$|ksh|kes|usd|dollars|bucks)\b|\b(?:for sale|on sale|sale|obo|o\.b\.o|firm|cheap|free|new price|reduced|must see|wow|hot deal|deal|discount|promo)\b|[!?*~★☆✓✔✅❤♥♛▀]+/giu

function shortName(title: string): string {
  const clean = title
    .replace(/\s*[-–—|:([].*$/, '')
    .replace(TITLE_NOISE, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,.;:+&/-]+|[\s,.;:+&/-]+$/g, '')
    .trim()
  const fallback = title.replace(TITLE_NOISE, ' ').replace(/\s+/g, ' ').trim()
  const words = (clean || fallback || title).split(/\s+/).slice(0, 5)
  return words.join(' ').slice(0, 40).trim()
}

const CLAIMS =
  /\b(?:discount|sale|offer|deal|promo|coupon|voucher|free|only|left|last|hurry|stock|guarantee\w*|warranty|cure\w*|heal\w*|treat\w*|prevent\w*|proven|miracle|best|cheapest|lowest|replica|copy|fake)\b/i

// A description line is spoken only when it carries no number, link, contact or shouting that
// the validator or safety check would reject, and reads as a sentence.
function speakableLines(description: string | null): string[] {
  if (!description) return []
  return description
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => {
      const words = s.split(' ').length
      if (words < 5 || words > 22) return false
      if (/[\d@#$€£₦₹%]|https?:|www\.|\.com|call|text|e-?mail|cash|obo|firm|price|paypal|venmo|whatsapp/i.test(s)) return false
      // claims the validator or safety check would reject, and a private seller's first person
      if (CLAIMS.test(s) || /\b(?:I|I'm|I'll|I've|I'd|me|my|mine)\b/.test(s)) return false
      if (s === s.toUpperCase()) return false
      return /[.!]$/.test(s)
    })
    .slice(0, 4)
}

/** Facts of one product; description lines only when written in the script's language (`lang`, or any when null). */
export function productFacts(p: BriefProduct, lang: string | null = null): ProductFacts {
  const price = p.priceMinor !== null && p.priceMinor > 0 ? (p.priceText?.trim() ? p.priceText.trim() : formatMinor(p.priceMinor, p.currency, null)) : null
  const discounted = price !== null && p.compareAtMinor !== null && p.priceMinor !== null && p.compareAtMinor > p.priceMinor
  return {
    id: p.id,
    title: p.title.trim(),
    name: shortName(p.title.trim()),
    price,
    was: discounted ? formatMinor(p.compareAtMinor as number, p.currency, p.priceText) : null,
    saving: discounted ? Math.round((((p.compareAtMinor as number) - (p.priceMinor as number)) / (p.compareAtMinor as number)) * 100) : null,
    variantCount: p.variants.length,
    variants: p.variants,
    lowStock: p.stock !== null && p.stock > 0 && p.stock <= 5 ? p.stock : null,
    descriptionLines: speakableLines(p.description).filter((d) => lang === null || guessLanguage(d) === lang),
  }
}

export type BriefFacts = {
  products: ProductFacts[]
  type: ProductType
  shop: string
  city: string | null
  code: string | null
  channel: StudioBrief['shop']['orderChannel']
  topic: string | null
  collectionTitle: string | null
}

export function briefFacts(brief: StudioBrief, lang: string | null = null): BriefFacts {
  const topic = brief.source.kind === 'topic' ? brief.source.topic : null
  return {
    products: brief.products.map((p) => productFacts(p, lang)),
    type: productTypeOf(brief.products, topic ?? ''),
    shop: brief.shop.name.trim(),
    city: brief.shop.city?.trim() || null,
    code: brief.shop.discountCode?.trim() || null,
    channel: brief.shop.orderChannel,
    topic,
    collectionTitle: brief.source.kind === 'collection' ? (brief.source.title ?? null) : null,
  }
}

/** A stable 32-bit hash (FNV-1a) so template choices depend only on the input. */
export function hash32(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}
