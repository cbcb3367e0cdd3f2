import { formatMoney } from '../../../contracts/money'
import { getMerchant } from '../../../db/queries/bot'
import { getConversation } from '../../../db/queries/conversations'
import { getOrder, type OrderStatus, type OrderWithItems, orderTotalMinor, setOrderStatus } from '../../../db/queries/orders'
import type { Database } from '../../../db/types'
import { sendToConversation } from '../bot/send-to-conversation'
import { readBotSettings } from '../bot/settings'
import { AppError } from '../errors'
import { emitWebhook } from '../webhooks/emit-webhook'

/** How the shopper's update message ends, per status. */
const STATUS_TEXT: Record<OrderStatus, string> = {
  pending: 'is received',
  confirmed: 'is confirmed',
  shipped: 'has shipped and is on its way',
  delivered: 'was delivered. Enjoy!',
  cancelled: 'was cancelled',
  return_requested: 'has a return request open',
  returned: 'was returned and refunded',
}

/**
 * Changes an order's status and tells the shopper in their chat (unless they opted out). Outside
 * WhatsApp's 24-hour window the merchant's approved `orderUpdate` template goes instead, if set.
 */
export async function updateOrderStatus(
  deps: { db: Database; env: Env },
  input: { merchantId: string; orderId: string; status: OrderStatus },
): Promise<{ order: OrderWithItems; notified: boolean }> {
  const { db } = deps
  const { merchantId, status } = input
  const before = await getOrder(db, merchantId, input.orderId)
  if (!before) throw new AppError('not_found', 'order not found')
  if (before.status === status) return { order: before, notified: false }
  const order = await setOrderStatus(db, merchantId, before.id, status)
  if (!order) throw new AppError('not_found', 'order not found')
  await emitWebhook(deps, merchantId, 'order.updated', { order: { id: order.id, number: order.number, status, previousStatus: before.status } })
  let notified = false
  const conversation = order.conversationId ? await getConversation(db, merchantId, order.conversationId) : undefined
  if (conversation && !conversation.optedOut) {
    const merchant = await getMerchant(db, merchantId)
    const tpl = readBotSettings(merchant?.settings).templates.orderUpdate
    const text = `Update from ${merchant?.name ?? 'the shop'}: your order #${order.number} (${formatMoney(orderTotalMinor(order), order.currency)}) ${STATUS_TEXT[status]}.`
    await sendToConversation(deps, conversation, [{ kind: 'text', text }], {
      author: 'system',
      template: tpl
        ? { kind: 'template', name: tpl.name, language: tpl.language, params: [order.number, status.replace('_', ' ')], fallbackText: text }
        : undefined,
    })
    notified = true
  }
  return { order: { ...before, ...order }, notified }
}
