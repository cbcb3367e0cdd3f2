import { describe, expect, it } from 'vitest'
import { type FakeOrder, fakeId, fakeShop, texts, turnOf } from '../fake-shop'
import type { BotOrderStatus } from '../ports'
import { cancelOrder, orderStatus, requestReturn } from './orders'

function shopWithOrders(statuses: BotOrderStatus[], otherChat: BotOrderStatus[] = []) {
  const shop = fakeShop()
  const order = (number: number, status: BotOrderStatus, conversationId: string): FakeOrder => ({
    id: fakeId(),
    number: String(number),
    status,
    subtotalMinor: 450000 * (number - 1000),
    deliveryFeeMinor: 0,
    customerName: 'Ada',
    delivery: { method: 'pickup' },
    currency: 'NGN',
    paymentMethod: 'cash_on_delivery',
    ref: null,
    conversationId,
    draft: {} as FakeOrder['draft'],
  })
  // Newest first, as the port lists them.
  const mine = statuses.map((s, i) => order(1001 + statuses.length - 1 - i, s, shop.deps.conversation.id))
  const theirs = otherChat.map((s, i) => order(2001 + i, s, fakeId()))
  shop.orders.list.push(...mine, ...theirs)
  return shop
}

describe('orders', () => {
  it("lists this chat's latest three orders with status and total", async () => {
    const { deps } = shopWithOrders(['shipped', 'return_requested', 'pending', 'delivered'])
    const t = turnOf(deps)
    await orderStatus(t, undefined)
    expect(texts(t.result.replies)).toEqual(['Order #1004: shipped — ₦18,000\nOrder #1003: return requested — ₦13,500\nOrder #1002: pending — ₦9,000'])
  })

  it('finds a named order only when it belongs to this chat', async () => {
    const { deps } = shopWithOrders(['pending'], ['shipped'])
    const t = turnOf(deps)
    await orderStatus(t, '1001')
    await orderStatus(t, '#1001')
    await orderStatus(t, '2001')
    expect(texts(t.result.replies)).toEqual(['Order #1001: pending — ₦4,500', 'Order #1001: pending — ₦4,500', "I can't find order #2001 for this chat."])
  })

  it('says there are no orders yet', async () => {
    const { deps } = shopWithOrders([])
    const t = turnOf(deps)
    await orderStatus(t, undefined)
    expect(t.result.replies[0]).toMatchObject({ kind: 'buttons', text: 'You have no orders with us yet.' })
  })

  it('cancels the latest order while pending, and refuses once shipped', async () => {
    const shop = shopWithOrders(['shipped', 'pending'])
    const t = turnOf(shop.deps)
    await cancelOrder(t, '1001')
    await cancelOrder(t, undefined)
    expect(shop.orders.list.map((o) => [o.number, o.status])).toEqual([
      ['1002', 'shipped'],
      ['1001', 'cancelled'],
    ])
    expect(texts(t.result.replies)).toEqual(['Order #1001 is cancelled.', "Order #1002 is already shipped and can't be cancelled here. Ask a person for help."])
  })

  it('requests a return once shipped or delivered, not before', async () => {
    const shop = shopWithOrders(['confirmed', 'delivered'])
    const t = turnOf(shop.deps)
    await requestReturn(t, '#1001')
    await requestReturn(t, undefined)
    expect(shop.orders.list.map((o) => o.status)).toEqual(['confirmed', 'return_requested'])
    expect(texts(t.result.replies)).toEqual([
      'Return requested for order #1001. A person will contact you with the next steps.',
      'Order #1002 is confirmed: returns open once it has shipped.',
    ])
  })

  it("cannot cancel or return another chat's order, or one that does not exist", async () => {
    const shop = shopWithOrders([], ['pending'])
    const t = turnOf(shop.deps)
    await cancelOrder(t, '2001')
    await requestReturn(t, undefined)
    expect(shop.orders.list[0].status).toBe('pending')
    expect(texts(t.result.replies)).toEqual(["I can't find order #2001 for this chat.", 'You have no orders with us yet.'])
  })
})
