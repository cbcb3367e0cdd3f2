import { z } from '@hono/zod-openapi'
import { ORDER_STATUSES } from '../../../db/queries/orders'

export const orderStatusSchema = z.enum(ORDER_STATUSES).openapi('OrderStatus')

export const orderIdParam = z.object({ id: z.uuid() })
export const orderListQuery = z.object({ status: orderStatusSchema.optional() })
export const updateOrderStatusBody = z.object({ status: orderStatusSchema })

export const orderItemSchema = z
  .object({
    id: z.uuid(),
    merchantId: z.uuid(),
    orderId: z.uuid(),
    productId: z.uuid().nullable(),
    variantId: z.uuid().nullable(),
    title: z.string(),
    quantity: z.number().int(),
    unitPriceMinor: z.number().int(),
    currency: z.string(),
    note: z.string().describe('What the shopper asked for that the product has no variant for, e.g. "Size 42" (empty when none)'),
  })
  .openapi('OrderItem')

/** An order placed in a chat, with its items (amounts in minor units). */
export const orderSchema = z
  .object({
    id: z.uuid(),
    merchantId: z.uuid(),
    number: z.string(),
    conversationId: z.uuid().nullable(),
    channel: z.string(),
    status: orderStatusSchema,
    customerName: z.string(),
    customerContact: z.string(),
    delivery: z.object({
      method: z.enum(['delivery', 'pickup']),
      address: z.string().optional(),
      zone: z.string().optional().describe('The delivery zone the shopper picked, when the shop charges per zone'),
    }),
    paymentMethod: z.string(),
    subtotalMinor: z.number().int(),
    deliveryFeeMinor: z.number().int().describe('Delivery fee on top of the subtotal (0 for pickup or free delivery)'),
    totalMinor: z.number().int().describe('What the shopper pays: subtotal + delivery fee'),
    currency: z.string(),
    ref: z.string().nullable(),
    idempotencyKey: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    items: z.array(orderItemSchema),
  })
  .openapi('Order')

export const orderListSchema = z.object({ items: z.array(orderSchema) }).openapi('OrderList')
export const orderResponseSchema = z.object({ order: orderSchema })
export const orderUpdateResponseSchema = z
  .object({ order: orderSchema, notified: z.boolean().describe('Whether the shopper is being told in their chat') })
  .openapi('OrderStatusUpdate')
