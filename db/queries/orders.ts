import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import { type Order, orderItems, orderStatus, orders } from '../schema'
import type { Database } from '../types'

/** Every status an order can have, in the order of its life. */
export const ORDER_STATUSES = orderStatus.enumValues
export type OrderStatus = Order['status']
export type OrderItem = typeof orderItems.$inferSelect

/** What the shopper pays: the items plus the delivery fee. */
export const orderTotalMinor = (o: Pick<Order, 'subtotalMinor' | 'deliveryFeeMinor'>) => o.subtotalMinor + (o.deliveryFeeMinor ?? 0)

/** An order with its line items, as the dashboard reads it. */
export type OrderWithItems = Order & { items: OrderItem[]; totalMinor: number }

export type NewOrderItem = {
  productId: string | null
  variantId: string | null
  title: string
  quantity: number
  unitPriceMinor: number
  currency: string
  /** What the shopper asked for that the product has no variant for ("Size 42"). */
  note?: string
}

export type NewOrder = {
  merchantId: string
  conversationId: string | null
  channel: string
  customerName: string
  customerContact: string
  delivery: { method: 'delivery' | 'pickup'; address?: string; zone?: string }
  paymentMethod: string
  currency: string
  /** Charged on top of the subtotal (0 for pickup or free delivery). */
  deliveryFeeMinor?: number
  ref: string | null
  idempotencyKey: string
  items: NewOrderItem[]
}

/**
 * Places an order with its items in one transaction. The (merchant, idempotency key) unique index
 * makes a retried checkout return the first order instead of a second one. Order numbers count
 * up per merchant from 1001 under a per-merchant advisory lock.
 */
export async function placeOrder(db: Database, input: NewOrder): Promise<{ order: Order; created: boolean }> {
  const existing = await getOrderByIdempotencyKey(db, input.merchantId, input.idempotencyKey)
  if (existing) return { order: existing, created: false }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`orders:${input.merchantId}`}))`)
    const again = await getOrderByIdempotencyKey(tx as unknown as Database, input.merchantId, input.idempotencyKey)
    if (again) return { order: again, created: false }
    const next = (await tx.execute(
      sql`select coalesce(max(nullif(regexp_replace(number, '\\D', '', 'g'), '')::int), 1000) + 1 as n from orders where merchant_id = ${input.merchantId}`,
    )) as unknown as { rows: { n: number }[] }
    const number = String(next.rows[0]?.n ?? 1001)
    const subtotalMinor = input.items.reduce((s, i) => s + i.unitPriceMinor * i.quantity, 0)
    const [order] = await tx
      .insert(orders)
      .values({
        merchantId: input.merchantId,
        number,
        conversationId: input.conversationId,
        channel: input.channel,
        status: 'pending',
        customerName: input.customerName,
        customerContact: input.customerContact,
        delivery: input.delivery,
        paymentMethod: input.paymentMethod,
        subtotalMinor,
        deliveryFeeMinor: input.deliveryFeeMinor ?? 0,
        currency: input.currency,
        ref: input.ref,
        idempotencyKey: input.idempotencyKey,
      })
      .returning()
    await tx.insert(orderItems).values(input.items.map((i) => ({ ...i, note: i.note ?? '', merchantId: input.merchantId, orderId: order.id })))
    return { order, created: true }
  })
}

export async function getOrderByIdempotencyKey(db: Database, merchantId: string, key: string): Promise<Order | undefined> {
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.merchantId, merchantId), eq(orders.idempotencyKey, key)))
  return row
}

export async function getOrder(db: Database, merchantId: string, id: string): Promise<OrderWithItems | undefined> {
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.merchantId, merchantId), eq(orders.id, id)))
  if (!order) return undefined
  const items = await db
    .select()
    .from(orderItems)
    .where(and(eq(orderItems.merchantId, merchantId), eq(orderItems.orderId, id)))
  return { ...order, items, totalMinor: orderTotalMinor(order) }
}

export async function findOrderByNumber(db: Database, merchantId: string, number: string): Promise<Order | undefined> {
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.merchantId, merchantId), eq(orders.number, number.replace(/^#/, ''))))
  return row
}

export async function listOrders(
  db: Database,
  merchantId: string,
  filter: { status?: Order['status']; conversationId?: string; limit?: number } = {},
): Promise<OrderWithItems[]> {
  const where = [eq(orders.merchantId, merchantId)]
  if (filter.status) where.push(eq(orders.status, filter.status))
  if (filter.conversationId) where.push(eq(orders.conversationId, filter.conversationId))
  const rows = await db
    .select()
    .from(orders)
    .where(and(...where))
    .orderBy(desc(orders.createdAt))
    .limit(Math.min(filter.limit ?? 100, 500))
  if (!rows.length) return []
  const items = await db
    .select()
    .from(orderItems)
    .where(
      and(
        eq(orderItems.merchantId, merchantId),
        inArray(
          orderItems.orderId,
          rows.map((r) => r.id),
        ),
      ),
    )
  return rows.map((o) => ({ ...o, items: items.filter((i) => i.orderId === o.id), totalMinor: orderTotalMinor(o) }))
}

/** Changes an order's status only from one of `from` (so a shipped order cannot be cancelled by a chat message). */
export async function setOrderStatus(
  db: Database,
  merchantId: string,
  id: string,
  status: Order['status'],
  from?: Order['status'][],
): Promise<Order | undefined> {
  const where = [eq(orders.merchantId, merchantId), eq(orders.id, id)]
  if (from?.length) where.push(inArray(orders.status, from))
  const [row] = await db
    .update(orders)
    .set({ status })
    .where(and(...where))
    .returning()
  return row
}
