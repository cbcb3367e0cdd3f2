import { Hono } from 'hono'
import { z } from 'zod'
import { getMerchant } from '../../../db/queries/bot'
import { getConversation } from '../../../db/queries/conversations'
import { getOrder, listOrders, setOrderStatus } from '../../../db/queries/orders'
import { orderStatus } from '../../../db/schema'
import { formatMoney } from '../../../contracts/money'
import { sendToConversation } from '../bot/send-to-conversation'
import { readBotSettings } from '../bot/settings'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { validate } from '../lib/validate'
import { merchantIdOf, requireMember } from '../middleware/auth'

const statusSchema = z.enum(orderStatus.enumValues)
const STATUS_TEXT: Record<z.infer<typeof statusSchema>, string> = {
  pending: 'is received',
  confirmed: 'is confirmed',
  shipped: 'has shipped and is on its way',
  delivered: 'was delivered. Enjoy!',
  cancelled: 'was cancelled',
  return_requested: 'has a return request open',
  returned: 'was returned and refunded',
}

export const orderRoutes = new Hono<AppEnv>()
  .use('*', requireMember('viewer'))
  // GET /api/orders – newest first, optionally by status
  .get('/', validate('query', z.object({ status: statusSchema.optional() })), async (c) => {
    return c.json({ items: await listOrders(c.var.db, merchantIdOf(c), { status: c.req.valid('query').status }) })
  })
  // GET /api/orders/:id – one order with its items
  .get('/:id', validate('param', z.object({ id: z.uuid() })), async (c) => {
    const order = await getOrder(c.var.db, merchantIdOf(c), c.req.valid('param').id)
    if (!order) throw new AppError('not_found', 'order not found')
    return c.json({ order })
  })
  // PATCH /api/orders/:id – change the status; the shopper is told in their chat
  .patch('/:id', requireMember('staff'), validate('param', z.object({ id: z.uuid() })), validate('json', z.object({ status: statusSchema })), async (c) => {
    const merchantId = merchantIdOf(c)
    const before = await getOrder(c.var.db, merchantId, c.req.valid('param').id)
    if (!before) throw new AppError('not_found', 'order not found')
    const { status } = c.req.valid('json')
    if (before.status === status) return c.json({ order: before, notified: false })
    const order = await setOrderStatus(c.var.db, merchantId, before.id, status)
    if (!order) throw new AppError('not_found', 'order not found')
    let notified = false
    const conversation = order.conversationId ? await getConversation(c.var.db, merchantId, order.conversationId) : undefined
    if (conversation && !conversation.optedOut) {
      const merchant = await getMerchant(c.var.db, merchantId)
      const tpl = readBotSettings(merchant?.settings).templates.orderUpdate
      const text = `Update from ${merchant?.name ?? 'the shop'}: your order #${order.number} (${formatMoney(order.subtotalMinor, order.currency)}) ${STATUS_TEXT[status]}.`
      await sendToConversation({ db: c.var.db, env: c.env }, conversation, [{ kind: 'text', text }], {
        author: 'system',
        // Outside WhatsApp's 24-hour window this approved template goes instead (if the merchant set one).
        template: tpl
          ? { kind: 'template', name: tpl.name, language: tpl.language, params: [order.number, status.replace('_', ' ')], fallbackText: text }
          : undefined,
      })
      notified = true
    }
    return c.json({ order: { ...before, ...order }, notified })
  })
