import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useState } from 'react'
import { Button, EmptyState, ErrorNote, formatMoney, Loading, Select } from '../../components/ui/ui'
import { call, client } from '../../lib/api-client'

type Order = InferResponseType<typeof client.api.orders.$get, 200>['items'][number]
type Status = Order['status']

// Every status once, in the order of an order's life; a status the API adds or drops fails the typecheck here.
const STATUSES = Object.keys({
  pending: 1,
  confirmed: 1,
  shipped: 1,
  delivered: 1,
  cancelled: 1,
  return_requested: 1,
  returned: 1,
} satisfies Record<Status, 1>) as Status[]

const label = (s: string) => s.replace(/_/g, ' ')

function OrderCard({ order }: { order: Order }) {
  const qc = useQueryClient()
  const [status, setStatus] = useState<Status>(order.status)
  const update = useMutation({
    mutationFn: (next: Status) => call(client.api.orders[':id'].$patch({ param: { id: order.id }, json: { status: next } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['orders'] }),
  })
  return (
    <article className="card order-card" data-testid="order" data-number={order.number}>
      <header className="order-head">
        <h2>#{order.number}</h2>
        <span className={`tag order-status order-${order.status}`} data-testid="order-status">
          {label(order.status)}
        </span>
      </header>
      <p>
        <strong>{order.customerName || 'Shopper'}</strong> · {order.channel === 'whatsapp' ? `+${order.customerContact}` : 'Telegram'} ·{' '}
        {new Date(order.createdAt).toLocaleString()}
      </p>
      <ul className="order-items">
        {order.items.map((i) => (
          <li key={i.id}>
            {i.title} × {i.quantity} — {formatMoney(i.unitPriceMinor * i.quantity, i.currency)}
          </li>
        ))}
      </ul>
      <p>
        Total <strong>{formatMoney(order.subtotalMinor, order.currency)}</strong> · {label(order.paymentMethod)} ·{' '}
        {order.delivery.method === 'delivery' ? `deliver to ${order.delivery.address ?? '?'}` : 'pickup'}
        {order.ref ? ` · ref ${order.ref}` : ''}
      </p>
      <form
        className="order-actions"
        onSubmit={(e) => {
          e.preventDefault()
          update.mutate(status)
        }}
      >
        <Select label="Status" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </Select>
        <Button type="submit" busy={update.isPending} disabled={status === order.status}>
          Update and tell the shopper
        </Button>
      </form>
      {update.data ? <small className="muted">{update.data.notified ? 'Saved; the shopper is being told in their chat.' : 'Saved.'}</small> : null}
      {update.error ? <ErrorNote error={update.error} /> : null}
    </article>
  )
}

/** Orders placed through the chat bot, newest first, with status changes that notify the shopper. */
export function OrdersPage() {
  const [filter, setFilter] = useState<Status | ''>('')
  const orders = useQuery({
    queryKey: ['orders', filter],
    queryFn: () => call(client.api.orders.$get({ query: filter ? { status: filter } : {} })),
    refetchInterval: 5000,
  })
  return (
    <section className="orders-page">
      <div className="orders-toolbar">
        <h1>Orders</h1>
        <Select label="Show" value={filter} onChange={(e) => setFilter(e.target.value as Status | '')}>
          <option value="">All orders</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </Select>
      </div>
      {orders.isLoading ? <Loading label="Loading orders…" /> : null}
      {orders.error ? <ErrorNote error={orders.error} action={<Button onClick={() => orders.refetch()}>Try again</Button>} /> : null}
      {orders.data && !orders.data.items.length ? (
        <EmptyState title={filter ? `No ${label(filter)} orders` : 'No orders yet'}>Orders that shoppers place in WhatsApp or Telegram appear here.</EmptyState>
      ) : null}
      <div className="orders-grid">
        {orders.data?.items.map((o) => (
          <OrderCard key={`${o.id}-${o.status}`} order={o} />
        ))}
      </div>
    </section>
  )
}
