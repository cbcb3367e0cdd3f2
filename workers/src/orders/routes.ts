// /api/orders – orders placed through the chat bot; a status change tells the shopper in their chat
import { getOrder, listOrders } from '../../../db/queries/orders'
import { AppError } from '../errors'
import { createRouter, errors, json, memberRoute } from '../lib/openapi'
import { merchantIdOf } from '../middleware/auth'
import { orderIdParam, orderListQuery, orderListSchema, orderResponseSchema, orderUpdateResponseSchema, updateOrderStatusBody } from './schemas'
import { updateOrderStatus } from './update-order-status'

const TAGS: ['Orders'] = ['Orders']

// GET /api/orders – newest first, optionally by status
const listOrdersRoute = memberRoute('viewer', {
  method: 'get',
  path: '/',
  tags: TAGS,
  summary: 'Orders, newest first',
  description: 'At most 100, optionally of one status.',
  request: { query: orderListQuery },
  responses: { 200: json(orderListSchema, 'The orders with their items') },
})

// GET /api/orders/:id – one order with its items
const getOrderRoute = memberRoute('viewer', {
  method: 'get',
  path: '/{id}',
  tags: TAGS,
  summary: 'One order with its items',
  request: { params: orderIdParam },
  responses: { 200: json(orderResponseSchema, 'The order'), ...errors('not_found') },
})

// PATCH /api/orders/:id – change the status; the shopper is told in their chat
const updateOrderRoute = memberRoute('staff', {
  method: 'patch',
  path: '/{id}',
  tags: TAGS,
  summary: "Change an order's status and tell the shopper",
  description:
    "Unchanged status: nothing is sent (`notified: false`). Otherwise the shopper gets an update in their chat (an approved template outside WhatsApp's 24-hour window), unless they opted out.",
  request: { params: orderIdParam, body: { content: { 'application/json': { schema: updateOrderStatusBody } }, required: true } },
  responses: { 200: json(orderUpdateResponseSchema, 'The updated order'), ...errors('not_found') },
})

export const orderRoutes = createRouter()
  .openapi(listOrdersRoute, async (c) => c.json({ items: await listOrders(c.var.db, merchantIdOf(c), { status: c.req.valid('query').status }) }, 200))
  .openapi(getOrderRoute, async (c) => {
    const order = await getOrder(c.var.db, merchantIdOf(c), c.req.valid('param').id)
    if (!order) throw new AppError('not_found', 'order not found')
    return c.json({ order }, 200)
  })
  .openapi(updateOrderRoute, async (c) => {
    const result = await updateOrderStatus(
      { db: c.var.db, env: c.env },
      { merchantId: merchantIdOf(c), orderId: c.req.valid('param').id, status: c.req.valid('json').status },
    )
    return c.json(result, 200)
  })
