import {
  findBotProductByRetailerId,
  findBotProductByVariantId,
  findShortLinkIdByCode,
  findVideoIdByExternalId,
  listBotCategories,
  loadBotProduct,
  searchBotCatalog,
} from '../../../../db/queries/bot-catalog'
import { findOrderByNumber, listOrders, placeOrder, setOrderStatus } from '../../../../db/queries/orders'
import type { Database } from '../../../../db/types'
import type { BotPorts } from './ports'

/** The engine's ports over db/queries, scoped to one merchant (inside the turn's transaction). */
export function dbPorts(db: Database, merchantId: string): BotPorts {
  return {
    catalog: {
      product: (id) => loadBotProduct(db, merchantId, id),
      productByVariantId: (variantId) => findBotProductByVariantId(db, merchantId, variantId),
      productByRetailerId: (retailerId) => findBotProductByRetailerId(db, merchantId, retailerId),
      categories: () => listBotCategories(db, merchantId),
      search: async (query) => {
        const res = await searchBotCatalog(db, { merchantId, ...query })
        return { items: res.items, hasMore: !!res.nextCursor }
      },
    },
    orders: {
      place: (draft) => placeOrder(db, { merchantId, ...draft }),
      findByNumber: (number) => findOrderByNumber(db, merchantId, number),
      listForConversation: (conversationId, limit) => listOrders(db, merchantId, { conversationId, limit }),
      setStatus: async (orderId, status, from) => !!(await setOrderStatus(db, merchantId, orderId, status, from)),
    },
    attribution: {
      videoIdByExternalId: (externalId) => findVideoIdByExternalId(db, merchantId, externalId),
      linkIdByCode: (code) => findShortLinkIdByCode(db, merchantId, code),
    },
  }
}
