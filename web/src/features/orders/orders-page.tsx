import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { Package } from 'lucide-react'
import { useEffect, useRef, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { Badge, Button, Card, cn, EmptyState, ErrorNote, formatMoney, PageHeader, Picker, Saved, Select, Skeleton, toast } from '../../components/ui/ui'
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

const TONE: Record<Status, 'neutral' | 'primary' | 'success' | 'warning' | 'danger'> = {
  pending: 'warning',
  confirmed: 'primary',
  shipped: 'primary',
  delivered: 'success',
  cancelled: 'danger',
  return_requested: 'warning',
  returned: 'neutral',
}

const label = (s: string) => s.replace(/_/g, ' ')

function OrderCard({ order, highlighted }: { order: Order; highlighted: boolean }) {
  const qc = useQueryClient()
  const ref = useRef<HTMLElement>(null)
  const [status, setStatus] = useState<Status>(order.status)
  const update = useMutation({
    mutationFn: (next: Status) => call(client.api.orders[':id'].$patch({ param: { id: order.id }, json: { status: next } })),
    onSuccess: (r) => {
      qc.invalidateQueries({ queryKey: ['orders'] })
      toast.success(r.notified ? `#${order.number} is ${label(r.order.status)}; the shopper is being told` : `#${order.number} saved`)
    },
    onError: toast.error,
  })
  useEffect(() => {
    if (highlighted) ref.current?.scrollIntoView({ block: 'center' })
  }, [highlighted])
  return (
    <Card ref={ref} as="article" className={cn('flex flex-col gap-3 p-4', highlighted && 'ring-2 ring-primary')} data-testid="order" data-number={order.number}>
      <header className="flex items-center justify-between gap-2">
        <h2 className="text-base font-semibold">#{order.number}</h2>
        <Badge tone={TONE[order.status]} data-testid="order-status">
          {label(order.status)}
        </Badge>
      </header>
      <p className="text-sm">
        <strong className="font-medium">{order.customerName || 'Shopper'}</strong>
        <span className="text-muted-foreground">
          {' '}
          · {order.channel === 'whatsapp' ? `+${order.customerContact}` : 'Telegram'} · {new Date(order.createdAt).toLocaleString()}
        </span>
      </p>
      <ul className="flex flex-col gap-1 rounded-md bg-muted/50 p-3 text-sm">
        {order.items.map((i) => (
          <li key={i.id} className="flex justify-between gap-2">
            <span className="min-w-0">
              {i.title} × {i.quantity}
              {i.note ? <span className="block text-xs text-muted-foreground">Note: {i.note}</span> : null}
            </span>
            <span className="tabular-nums">{formatMoney(i.unitPriceMinor * i.quantity, i.currency)}</span>
          </li>
        ))}
        {order.deliveryFeeMinor ? (
          <li className="flex justify-between gap-2 text-muted-foreground">
            <span>Delivery{order.delivery.zone ? ` (${order.delivery.zone})` : ''}</span>
            <span className="tabular-nums">{formatMoney(order.deliveryFeeMinor, order.currency)}</span>
          </li>
        ) : null}
        <li className="mt-1 flex justify-between gap-2 border-t pt-1 font-semibold">
          <span>Total</span>
          <span className="tabular-nums">{formatMoney(order.totalMinor, order.currency)}</span>
        </li>
      </ul>
      <p className="text-sm text-muted-foreground">
        {label(order.paymentMethod)} · {order.delivery.method === 'delivery' ? `deliver to ${order.delivery.address ?? '?'}` : 'pickup'}
        {order.ref ? ` · ref ${order.ref}` : ''}
        {order.conversationId ? (
          <>
            {' '}
            ·{' '}
            <Link className="font-medium text-primary hover:underline" to={`/inbox?c=${order.conversationId}`}>
              open chat
            </Link>
          </>
        ) : null}
      </p>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault()
          update.mutate(status)
        }}
      >
        {/* A native select: the status is a form value, and the browser tests pick it as one. */}
        <Select label="Status" className="min-w-40 flex-1" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
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
      {update.data ? <Saved>{update.data.notified ? 'Saved; the shopper is being told in their chat.' : 'Saved.'}</Saved> : null}
      {update.error ? <ErrorNote error={update.error} /> : null}
    </Card>
  )
}

/** Orders placed through the chat bot, newest first, with status changes that notify the shopper. */
export function OrdersPage() {
  const [params] = useSearchParams()
  const focus = params.get('order')
  const [filter, setFilter] = useState<Status | ''>('')
  const orders = useQuery({
    queryKey: ['orders', filter],
    queryFn: () => call(client.api.orders.$get({ query: filter ? { status: filter } : {} })),
    refetchInterval: 5000,
  })
  return (
    <>
      <PageHeader
        title="Orders"
        description="Placed by shoppers in WhatsApp or Telegram. Changing a status tells the shopper in their chat."
        actions={
          <Picker
            aria-label="Show"
            className="w-48"
            value={filter}
            onValueChange={setFilter}
            options={[{ value: '', label: 'All orders' }, ...STATUSES.map((s) => ({ value: s, label: label(s) }))]}
          />
        }
      />
      {orders.isLoading ? (
        <div role="status" aria-label="Loading orders…" className="grid gap-4 md:grid-cols-2">
          <Skeleton className="h-64" />
          <Skeleton className="h-64" />
        </div>
      ) : null}
      {orders.error ? <ErrorNote error={orders.error} action={<Button onClick={() => orders.refetch()}>Try again</Button>} /> : null}
      {orders.data && !orders.data.items.length ? (
        <EmptyState
          icon={<Package />}
          title={filter ? `No ${label(filter)} orders` : 'No orders yet'}
          action={
            filter ? null : (
              <Button variant="secondary" asChild>
                <Link to="/channels">Connect WhatsApp</Link>
              </Button>
            )
          }
        >
          Orders that shoppers place in WhatsApp or Telegram appear here.
        </EmptyState>
      ) : null}
      <div className="grid items-start gap-4 md:grid-cols-2 2xl:grid-cols-3">
        {orders.data?.items.map((o) => (
          <OrderCard key={`${o.id}-${o.status}`} order={o} highlighted={o.number === focus} />
        ))}
      </div>
    </>
  )
}
