// In-memory ports for the engine's unit tests (*.node.test.ts): a small shop, its orders, and
// what a turn replied. Not used by the Worker.
import { botSettingsSchema } from '../settings'
import type { InboundEvent } from './inbound'
import type { OutboundMessage } from './outbound'
import type { BotAttribution, BotCatalog, BotOrder, BotOrderDraft, BotOrders, BotProduct } from './ports'
import { type ConversationState, conversationStateSchema } from './state'
import { newTurn, type Turn, type TurnDeps } from './turn'

export type FakeProduct = BotProduct & { category?: string; sku?: string; ref: string }
export type FakeOrder = BotOrder & { draft: BotOrderDraft }

let seq = 0
/** A fresh uuid-shaped id, readable in failures: `00000000-0000-4000-8000-000000000007`. */
export const fakeId = () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`

/** Sneakers in sizes 40–42 (42 sold out when asked), another pair, and a bag; prices in NGN kobo. */
export function sampleProducts(): FakeProduct[] {
  const sneakersId = fakeId()
  const size = (s: string, stock: number | null = null) => ({ id: fakeId(), title: `Size ${s}`, options: { size: s }, priceMinor: 450000, stock })
  return [
    {
      id: sneakersId,
      slug: 'red-runner-sneakers',
      title: 'Red Runner Sneakers',
      description: 'Light and comfy.',
      priceMinor: 450000,
      currency: 'NGN',
      imageKey: 'media/test/sneakers.jpg',
      variants: [size('40'), size('41'), size('42')],
      category: 'sneakers',
      sku: 'RRS',
      ref: 'RRS12AB3',
    },
    {
      id: fakeId(),
      slug: 'blue-court-sneakers',
      title: 'Blue Court Sneakers',
      description: '',
      priceMinor: 650000,
      currency: 'NGN',
      imageKey: null,
      variants: [],
      category: 'sneakers',
      sku: 'BCS',
      ref: 'BCS45CD6',
    },
    {
      id: fakeId(),
      slug: 'leather-tote',
      title: 'Leather Tote',
      description: 'Hand-stitched.',
      priceMinor: 1200000,
      currency: 'NGN',
      imageKey: null,
      variants: [],
      category: 'bags',
      sku: 'TOTE',
      ref: 'TOTE78EF',
    },
  ]
}

/** The catalog over a list of published products; search matches every query word in the title. */
export function fakeCatalog(products: FakeProduct[]): BotCatalog & { queries: Parameters<BotCatalog['search']>[0][] } {
  const queries: Parameters<BotCatalog['search']>[0][] = []
  const byId = (id: string) => products.find((p) => p.id === id)
  return {
    queries,
    product: async (id) => byId(id),
    productByVariantId: async (variantId) => products.find((p) => p.variants.some((v) => v.id === variantId)),
    productByRetailerId: async (retailerId) => {
      for (const p of products) {
        const v = p.variants.find((v) => `${p.sku}-${v.options?.size}` === retailerId)
        if (v) return { product: p, variantId: v.id }
      }
      const p = products.find((p) => p.sku === retailerId || p.ref === retailerId.toUpperCase())
      return p ? { product: p, variantId: null } : undefined
    },
    categories: async () => {
      const counts = new Map<string, number>()
      for (const p of products) if (p.category) counts.set(p.category, (counts.get(p.category) ?? 0) + 1)
      return [...counts].map(([category, count]) => ({ category, count })).sort((a, b) => b.count - a.count || a.category.localeCompare(b.category))
    },
    search: async (query) => {
      queries.push(query)
      const words = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean)
      const hits = products.filter(
        (p) =>
          (!query.category || p.category === query.category) &&
          (query.maxPriceMinor === undefined || p.priceMinor <= query.maxPriceMinor) &&
          (query.minPriceMinor === undefined || p.priceMinor >= query.minPriceMinor) &&
          words.every((w) => p.title.toLowerCase().includes(w)),
      )
      const offset = query.offset ?? 0
      return { items: hits.slice(offset, offset + query.limit), hasMore: hits.length > offset + query.limit }
    },
  }
}

/** Orders kept in a list, numbered from 1001; the idempotency key returns the first order. */
export function fakeOrders(list: FakeOrder[] = []): BotOrders & { list: FakeOrder[] } {
  return {
    list,
    place: async (draft) => {
      const existing = list.find((o) => o.draft.idempotencyKey === draft.idempotencyKey)
      if (existing) return { order: existing, created: false }
      const order: FakeOrder = {
        id: fakeId(),
        number: String(1001 + list.length),
        status: 'pending',
        subtotalMinor: draft.items.reduce((s, i) => s + i.unitPriceMinor * i.quantity, 0),
        deliveryFeeMinor: draft.deliveryFeeMinor ?? 0,
        customerName: draft.customerName,
        delivery: draft.delivery,
        currency: draft.currency,
        paymentMethod: draft.paymentMethod,
        ref: draft.ref,
        conversationId: draft.conversationId,
        draft,
      }
      list.unshift(order)
      return { order, created: true }
    },
    findByNumber: async (number) => list.find((o) => o.number === number.replace(/^#/, '')),
    listForConversation: async (conversationId, limit) => list.filter((o) => o.conversationId === conversationId).slice(0, limit),
    setStatus: async (orderId, status, from) => {
      const o = list.find((o) => o.id === orderId)
      if (!o || !from.includes(o.status)) return false
      o.status = status
      return true
    },
  }
}

export function fakeAttribution(videos: Record<string, string> = {}, links: Record<string, string> = {}): BotAttribution {
  return { videoIdByExternalId: async (externalId) => videos[externalId], linkIdByCode: async (code) => links[code] }
}

export type FakeShop = {
  deps: TurnDeps
  products: FakeProduct[]
  catalog: ReturnType<typeof fakeCatalog>
  orders: ReturnType<typeof fakeOrders>
}

/** A shop "Ada Kicks" (NGN) with the sample products; `settings` are the merchant's bot settings. */
export function fakeShop(
  o: { products?: FakeProduct[]; settings?: Record<string, unknown>; orders?: FakeOrder[]; attribution?: BotAttribution } = {},
): FakeShop {
  const products = o.products ?? sampleProducts()
  const catalog = fakeCatalog(products)
  const orders = fakeOrders(o.orders)
  const deps: TurnDeps = {
    merchant: { id: fakeId(), slug: 'ada-kicks', name: 'Ada Kicks', defaultCurrency: 'NGN' },
    conversation: { id: fakeId(), name: 'Ada', channel: 'whatsapp', externalUserId: '2348012345678' },
    settings: botSettingsSchema.parse(o.settings ?? {}),
    appUrl: 'https://hub.test',
    catalog,
    orders,
    attribution: o.attribution ?? fakeAttribution(),
  }
  return { deps, products, catalog, orders }
}

/** A turn on `state` (defaults filled in), for calling one flow directly. */
export function turnOf(deps: TurnDeps, state: Partial<ConversationState> = {}): Turn {
  return newTurn(deps, conversationStateSchema.parse(state))
}

/** An inbound event of the shopper, WhatsApp by default. */
export function inbound(kind: InboundEvent['kind'], o: Partial<InboundEvent> = {}): InboundEvent {
  return {
    channel: 'whatsapp',
    channelExternalId: '1555',
    externalId: `wamid.${fakeId()}`,
    from: '2348012345678',
    name: 'Ada',
    sentAt: Date.now(),
    kind,
    text: '',
    ...o,
  }
}
export const text = (t: string, o: Partial<InboundEvent> = {}) => inbound('text', { text: t, ...o })
export const tap = (actionId: string) => inbound('action', { actionId, text: actionId })

/** The plain text of each reply, for assertions that read like the chat. */
export function texts(replies: OutboundMessage[]): string[] {
  return replies.map((m) => (m.kind === 'product' ? m.caption : m.kind === 'template' ? m.fallbackText : m.text))
}

/** Ids of the buttons / rows of a reply. */
export function choices(m: OutboundMessage | undefined): string[] {
  if (!m) return []
  if (m.kind === 'buttons' || m.kind === 'product') return m.buttons.map((b) => b.id)
  if (m.kind === 'list') return m.rows.map((r) => r.id)
  return []
}
