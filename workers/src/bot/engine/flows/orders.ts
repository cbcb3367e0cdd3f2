import { formatMoney } from '../../../../../contracts/money'
import type { BotOrder } from '../ports'
import type { Turn } from '../turn'
import { MENU_BUTTONS } from './menu'

const statusText = (o: BotOrder) => o.status.replace('_', ' ')
const notFound = (orderRef: string | undefined) => (orderRef ? `I can't find order #${orderRef} for this chat.` : 'You have no orders with us yet.')

/** "Where is my order": the named order (if it is this chat's), else this chat's latest three. */
export async function orderStatus(t: Turn, orderRef: string | undefined) {
  const { orders, conversation } = t.deps
  let mine: BotOrder[]
  if (orderRef) {
    const order = await orders.findByNumber(orderRef)
    mine = order && order.conversationId === conversation.id ? [order] : []
  } else mine = (await orders.listForConversation(conversation.id, 3)).slice(0, 3)
  if (!mine.length) return t.say({ kind: 'buttons', text: notFound(orderRef), buttons: MENU_BUTTONS })
  t.say({
    kind: 'text',
    text: mine.map((o) => `Order #${o.number}: ${statusText(o)} — ${formatMoney(o.subtotalMinor + (o.deliveryFeeMinor ?? 0), o.currency)}`).join('\n'),
  })
}

/** The named order of this chat (among its latest 20), else its latest. */
async function findMine(t: Turn, orderRef: string | undefined) {
  const mine = await t.deps.orders.listForConversation(t.deps.conversation.id, 20)
  return orderRef ? mine.find((o) => o.number === orderRef.replace(/^#/, '')) : mine[0]
}

/** Cancels an order that is still pending or confirmed; later ones need a person. */
export async function cancelOrder(t: Turn, orderRef: string | undefined) {
  const order = await findMine(t, orderRef)
  if (!order) return t.say({ kind: 'text', text: notFound(orderRef) })
  const done = await t.deps.orders.setStatus(order.id, 'cancelled', ['pending', 'confirmed'])
  t.say({
    kind: 'text',
    text: done
      ? `Order #${order.number} is cancelled.`
      : `Order #${order.number} is already ${statusText(order)} and can't be cancelled here. Ask a person for help.`,
  })
}

/** Asks for a return of an order that has shipped or was delivered. */
export async function requestReturn(t: Turn, orderRef: string | undefined) {
  const order = await findMine(t, orderRef)
  if (!order) return t.say({ kind: 'text', text: notFound(orderRef) })
  const done = await t.deps.orders.setStatus(order.id, 'return_requested', ['shipped', 'delivered'])
  t.say({
    kind: 'text',
    text: done
      ? `Return requested for order #${order.number}. A person will contact you with the next steps.`
      : `Order #${order.number} is ${statusText(order)}: returns open once it has shipped.`,
  })
}
