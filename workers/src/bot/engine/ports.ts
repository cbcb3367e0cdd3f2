import type { NewOrder, NewOrderItem } from '../../../../db/queries/orders'
import type { Order } from '../../../../db/schema'

/**
 * What the conversation engine needs from the rest of the hub, as small interfaces. The engine
 * and its flows talk only to these; `db-ports.ts` implements them over db/queries for one
 * merchant, and the flows' unit tests use in-memory fakes (`fake-ports.ts`).
 */

export type BotVariant = { id: string; title: string; options: Record<string, string> | null; priceMinor: number; stock: number | null }

/** A published product as the bot shows it. */
export type BotProduct = {
  id: string
  slug: string
  title: string
  description: string
  priceMinor: number
  currency: string
  /** Storage key of the first image, if any. */
  imageKey: string | null
  variants: BotVariant[]
  /** Stock of a product without variants; null or absent: not tracked. */
  stock?: number | null
}

/** A row of a product list (search results, a category page). */
export type BotProductSummary = { id: string; title: string; priceMinor: number; currency: string }

export type BotCatalogQuery = { q?: string; category?: string; minPriceMinor?: number; maxPriceMinor?: number; limit: number; offset?: number }

/** The merchant's published catalog. */
export interface BotCatalog {
  /** A published product by id; ids that are not uuids find nothing. */
  product(id: string): Promise<BotProduct | undefined>
  /** The published product a variant belongs to. */
  productByVariantId(variantId: string): Promise<BotProduct | undefined>
  /** By catalog retailer id or attribution ref: variant SKU, product SKU or product ref. */
  productByRetailerId(retailerId: string): Promise<{ product: BotProduct; variantId: string | null } | undefined>
  /** Categories with published products, most stocked first. */
  categories(): Promise<{ category: string; count: number }[]>
  /** Published products by relevance; `hasMore` when another page follows. */
  search(query: BotCatalogQuery): Promise<{ items: BotProductSummary[]; hasMore: boolean }>
}

export type BotOrderStatus = Order['status']
export type BotOrder = Pick<
  Order,
  'id' | 'number' | 'status' | 'subtotalMinor' | 'deliveryFeeMinor' | 'currency' | 'paymentMethod' | 'ref' | 'conversationId' | 'customerName' | 'delivery'
>

/** An order the checkout places (the merchant is implied; every line names a product of the catalog). */
export type BotOrderDraft = Omit<NewOrder, 'merchantId' | 'conversationId' | 'items'> & {
  conversationId: string
  items: (NewOrderItem & { productId: string })[]
}

/** The merchant's orders. */
export interface BotOrders {
  place(draft: BotOrderDraft): Promise<{ order: BotOrder; created: boolean }>
  /** By number, with or without a leading "#". */
  findByNumber(number: string): Promise<BotOrder | undefined>
  /** A conversation's orders, newest first. */
  listForConversation(conversationId: string, limit: number): Promise<BotOrder[]>
  /** Moves an order to `status` only from one of `from`; false when it was in another status. */
  setStatus(orderId: string, status: BotOrderStatus, from: BotOrderStatus[]): Promise<boolean>
}

/** Resolves the parts of an attribution ref to the merchant's videos and short links. */
export interface BotAttribution {
  videoIdByExternalId(externalId: string): Promise<string | undefined>
  linkIdByCode(code: string): Promise<string | undefined>
}

export type BotPorts = { catalog: BotCatalog; orders: BotOrders; attribution: BotAttribution }
