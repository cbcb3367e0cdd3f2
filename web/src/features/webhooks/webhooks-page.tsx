import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { KeyRound, Plus, RotateCcw, Send, Trash2, TriangleAlert, Webhook } from 'lucide-react'
import { useState } from 'react'
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  Checkbox,
  ConfirmDialog,
  Dialog,
  DialogContent,
  EmptyState,
  ErrorNote,
  Field,
  PageHeader,
  plural,
  Section,
  SkeletonRows,
  Switch,
  toast,
} from '../../components/ui/ui'
import { call, client, fieldErrors } from '../../lib/api-client'
import { OneTimeValue } from '../settings/settings-parts'

const hooks = client.api.webhooks
type EndpointList = InferResponseType<typeof hooks.$get, 200>
type Endpoint = EndpointList['items'][number]
type Attempt = InferResponseType<(typeof hooks)[':id']['attempts']['$get'], 200>['items'][number]

const HEALTH: Record<Endpoint['health']['state'], { label: string; tone: 'success' | 'warning' | 'danger' | 'neutral' }> = {
  healthy: { label: 'Healthy', tone: 'success' },
  failing: { label: 'Failing', tone: 'warning' },
  disabled: { label: 'Disabled', tone: 'danger' },
  new: { label: 'Nothing sent yet', tone: 'neutral' },
}

/** A signing secret, shown once, with a copy button. */
function SecretOnce({ secret }: { secret: string }) {
  return (
    <OneTimeValue
      tone="warning"
      heading="Signing secret. Copy it now; it will not be shown again:"
      value={secret}
      testId="webhook-secret"
      copyLabel="Copy secret"
      copied="Secret copied"
    >
      Verify each request with it (Standard Webhooks: <code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>).
    </OneTimeValue>
  )
}

function AddEndpointDialog({ events, open, onOpenChange }: { events: EndpointList['events']; open: boolean; onOpenChange: (open: boolean) => void }) {
  const qc = useQueryClient()
  const [url, setUrl] = useState('')
  const [description, setDescription] = useState('')
  const [chosen, setChosen] = useState<string[]>(['order.created'])
  const create = useMutation({
    mutationFn: () => call(hooks.$post({ json: { url, description, events: chosen as never } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['webhooks'] }),
  })
  const errors = fieldErrors(create.error)
  const close = (next: boolean) => {
    onOpenChange(next)
    if (!next) {
      setUrl('')
      setDescription('')
      setChosen(['order.created'])
      create.reset()
    }
  }
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        title={create.data ? 'Endpoint added' : 'Add an endpoint'}
        description={create.data ? create.data.url : 'linkhub POSTs the events you choose to this address, signed.'}
      >
        {create.data ? (
          <div className="flex flex-col gap-4">
            <SecretOnce secret={create.data.secret} />
            <Button onClick={() => close(false)}>Done</Button>
          </div>
        ) : (
          <form
            className="flex flex-col gap-4"
            onSubmit={(e) => {
              e.preventDefault()
              create.mutate()
            }}
          >
            <Field
              label="Endpoint URL"
              type="url"
              inputMode="url"
              placeholder="https://example.com/hooks/linkhub"
              value={url}
              error={errors.url}
              onChange={(e) => setUrl(e.target.value)}
              required
            />
            <Field
              label="Description (optional)"
              placeholder="e.g. ERP order sync"
              value={description}
              error={errors.description}
              onChange={(e) => setDescription(e.target.value)}
            />
            <fieldset className="flex flex-col gap-2">
              <legend className="mb-1 text-sm font-medium">Events</legend>
              {events.map((ev) => {
                const id = `event-${ev.type}`
                return (
                  <div key={ev.type} className="flex items-start gap-2">
                    <Checkbox
                      id={id}
                      className="mt-0.5"
                      checked={chosen.includes(ev.type)}
                      onCheckedChange={(on) => setChosen((c) => (on ? [...c, ev.type] : c.filter((t) => t !== ev.type)))}
                    />
                    <label htmlFor={id} className="flex min-w-0 flex-col text-sm">
                      <code className="font-mono text-xs">{ev.type}</code>
                      <span className="text-muted-foreground">{ev.description}</span>
                    </label>
                  </div>
                )
              })}
              {errors.events ? <p className="text-sm text-destructive">{errors.events}</p> : null}
            </fieldset>
            {create.error && !Object.keys(errors).length ? <ErrorNote error={create.error} /> : null}
            <Button type="submit" disabled={!url.trim() || !chosen.length} busy={create.isPending}>
              <Plus aria-hidden="true" />
              Add endpoint
            </Button>
          </form>
        )}
      </DialogContent>
    </Dialog>
  )
}

const fmt = (iso: string) => new Date(iso).toLocaleString()

function AttemptRow({ a, onReplay, replaying }: { a: Attempt; onReplay: () => void; replaying: boolean }) {
  return (
    <li className="flex flex-col gap-1 py-2 text-sm" data-testid="webhook-attempt">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={a.succeeded ? 'success' : 'danger'}>{a.statusCode ?? (a.succeeded ? 'ok' : 'no answer')}</Badge>
        <code className="font-mono text-xs">{a.eventType}</code>
        <span className="text-xs text-muted-foreground">
          attempt {a.attempt} · {a.latencyMs} ms · {fmt(a.attemptedAt)}
        </span>
        {a.deliveryStatus === 'pending' && a.nextAttemptAt ? <Badge tone="warning">retry {fmt(a.nextAttemptAt)}</Badge> : null}
        {a.deliveryStatus === 'failed' ? (
          <Button variant="ghost" size="sm" className="ml-auto" busy={replaying} onClick={onReplay}>
            <RotateCcw aria-hidden="true" />
            Replay
          </Button>
        ) : null}
      </div>
      {a.error ? <span className="break-all text-xs text-destructive">{a.error}</span> : null}
      {a.responseExcerpt ? <code className="line-clamp-2 break-all font-mono text-xs text-muted-foreground">{a.responseExcerpt}</code> : null}
      <span className="font-mono text-[11px] text-muted-foreground">{a.webhookId}</span>
    </li>
  )
}

function AttemptLog({ endpoint }: { endpoint: Endpoint }) {
  const qc = useQueryClient()
  const attempts = useQuery({
    queryKey: ['webhooks', endpoint.id, 'attempts'],
    queryFn: () => call(hooks[':id'].attempts.$get({ param: { id: endpoint.id }, query: { limit: '50' } })),
    refetchInterval: 3000,
  })
  const replay = useMutation({
    mutationFn: (json: { deliveryId: string } | { since: string }) => call(hooks[':id'].replay.$post({ param: { id: endpoint.id }, json })),
    onSuccess: (r) => toast.success(r.replayed ? `Replaying ${plural(r.replayed, 'message')}` : 'Nothing to replay'),
    onError: toast.error,
    onSettled: () => qc.invalidateQueries({ queryKey: ['webhooks'] }),
  })
  const items = attempts.data?.items ?? []
  return (
    <Section
      title="Delivery attempts"
      description="Newest first; every attempt with its status and latency."
      actions={
        endpoint.health.failedDeliveries ? (
          <Button
            variant="secondary"
            size="sm"
            busy={replay.isPending}
            onClick={() => replay.mutate({ since: new Date(Date.now() - 30 * 86_400_000).toISOString() })}
          >
            <RotateCcw aria-hidden="true" />
            Replay all failed ({endpoint.health.failedDeliveries})
          </Button>
        ) : null
      }
    >
      {attempts.isLoading ? <SkeletonRows rows={3} label="Loading attempts…" /> : null}
      {attempts.error ? <ErrorNote error={attempts.error} /> : null}
      {!attempts.isLoading && !items.length ? <p className="text-sm text-muted-foreground">No attempts yet. Send a test event to try the endpoint.</p> : null}
      <ul className="divide-y">
        {items.map((a) => (
          <AttemptRow
            key={a.id}
            a={a}
            replaying={replay.isPending && (replay.variables as { deliveryId?: string })?.deliveryId === a.deliveryId}
            onReplay={() => replay.mutate({ deliveryId: a.deliveryId })}
          />
        ))}
      </ul>
    </Section>
  )
}

function EndpointCard({ endpoint, selected, onSelect }: { endpoint: Endpoint; selected: boolean; onSelect: () => void }) {
  const qc = useQueryClient()
  const [secret, setSecret] = useState<string | null>(null)
  const refresh = () => qc.invalidateQueries({ queryKey: ['webhooks'] })
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => call(hooks[':id'].$patch({ param: { id: endpoint.id }, json: { enabled } })),
    onSuccess: (e) => toast.success(e.enabled ? 'Endpoint enabled' : 'Endpoint disabled'),
    onError: toast.error,
    onSettled: refresh,
  })
  const test = useMutation({
    mutationFn: () => call(hooks[':id'].test.$post({ param: { id: endpoint.id } })),
    onSuccess: () => {
      toast.success('Test event sent')
      onSelect()
    },
    onError: toast.error,
    onSettled: refresh,
  })
  const rotate = useMutation({
    mutationFn: () => call(hooks[':id'].secret.$post({ param: { id: endpoint.id } })),
    onSuccess: (r) => setSecret(r.secret),
    onError: toast.error,
  })
  const remove = useMutation({
    mutationFn: () => call(hooks[':id'].$delete({ param: { id: endpoint.id } })),
    onSuccess: () => toast.success('Endpoint deleted'),
    onError: toast.error,
    onSettled: refresh,
  })
  const health = HEALTH[endpoint.health.state]
  return (
    <Card data-testid="webhook-endpoint" className={selected ? 'ring-2 ring-ring' : undefined}>
      <CardHeader className="gap-2">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <CardTitle className="min-w-0 break-all font-mono text-sm">{endpoint.url}</CardTitle>
          <Badge tone={health.tone}>{health.label}</Badge>
        </div>
        {endpoint.description ? <CardDescription>{endpoint.description}</CardDescription> : null}
        <div className="flex flex-wrap gap-1">
          {endpoint.events.map((e) => (
            <Badge key={e} tone="outline" className="font-mono font-normal">
              {e}
            </Badge>
          ))}
        </div>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {endpoint.disabledReason ? (
          <div className="flex gap-2 rounded-lg border bg-danger-soft p-3 text-sm" role="alert">
            <TriangleAlert className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden="true" />
            <span>{endpoint.disabledReason}</span>
          </div>
        ) : null}
        <p className="text-xs text-muted-foreground">
          Last 24 h: {plural(endpoint.health.attempts24h, 'attempt')}, {endpoint.health.failures24h} failed
          {endpoint.health.pendingDeliveries ? ` · ${endpoint.health.pendingDeliveries} waiting to retry` : ''}
          {endpoint.lastSuccessAt ? ` · last success ${fmt(endpoint.lastSuccessAt)}` : ''}
        </p>
        {secret ? <SecretOnce secret={secret} /> : null}
        <div className="flex flex-wrap items-center gap-2">
          <label className="mr-2 flex items-center gap-2 text-sm">
            <Switch checked={endpoint.enabled} disabled={toggle.isPending} onCheckedChange={(on) => toggle.mutate(on)} aria-label="Endpoint enabled" />
            {endpoint.enabled ? 'Enabled' : 'Disabled'}
          </label>
          <Button variant="secondary" size="sm" disabled={!endpoint.enabled} busy={test.isPending} onClick={() => test.mutate()}>
            <Send aria-hidden="true" />
            Send test event
          </Button>
          <Button variant={selected ? 'primary' : 'ghost'} size="sm" onClick={onSelect} aria-pressed={selected}>
            Attempts
          </Button>
          <ConfirmDialog
            title="Rotate the signing secret?"
            description="The old secret stops working at once; update your receiver with the new one."
            confirmLabel="Rotate secret"
            onConfirm={() => rotate.mutateAsync()}
          >
            <Button variant="ghost" size="sm">
              <KeyRound aria-hidden="true" />
              Rotate secret
            </Button>
          </ConfirmDialog>
          <ConfirmDialog
            title="Delete this endpoint?"
            description="It gets no more events, and its delivery log is deleted."
            confirmLabel="Delete endpoint"
            onConfirm={() => remove.mutateAsync()}
          >
            <Button variant="ghost" size="sm">
              <Trash2 aria-hidden="true" />
              Delete
            </Button>
          </ConfirmDialog>
        </div>
      </CardContent>
    </Card>
  )
}

/** Settings → Webhooks: the shop's outbound webhook endpoints, their health, and the attempt log. */
export function WebhooksPage() {
  const list = useQuery({ queryKey: ['webhooks'], queryFn: () => call(hooks.$get()), refetchInterval: 5000 })
  const [adding, setAdding] = useState(false)
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const items = list.data?.items ?? []
  const selected = items.find((e) => e.id === selectedId) ?? items[0]
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Webhooks"
        description="Send orders, products, proposals, videos and handovers to your own systems, signed and retried."
        actions={
          <Button onClick={() => setAdding(true)} disabled={!list.data}>
            <Plus aria-hidden="true" />
            Add endpoint
          </Button>
        }
      />
      {list.isLoading ? <SkeletonRows rows={3} label="Loading endpoints…" /> : null}
      {list.error ? <ErrorNote error={list.error} /> : null}
      {list.data && !items.length ? (
        <EmptyState
          icon={<Webhook aria-hidden="true" />}
          title="No endpoints yet"
          action={
            <Button onClick={() => setAdding(true)}>
              <Plus aria-hidden="true" />
              Add endpoint
            </Button>
          }
        >
          Add the address of your system and choose the events it should get.
        </EmptyState>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        {items.map((e) => (
          <EndpointCard key={e.id} endpoint={e} selected={selected?.id === e.id} onSelect={() => setSelectedId(e.id)} />
        ))}
      </div>
      {selected ? <AttemptLog key={selected.id} endpoint={selected} /> : null}
      {list.data ? <AddEndpointDialog events={list.data.events} open={adding} onOpenChange={setAdding} /> : null}
    </div>
  )
}
