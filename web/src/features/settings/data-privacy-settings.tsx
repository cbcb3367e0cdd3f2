import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Archive, Clock, Download, ShieldAlert, Trash2, Undo2 } from 'lucide-react'
import { type ReactNode, useState } from 'react'
import {
  Button,
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
  Dialog,
  DialogClose,
  DialogContent,
  DialogTrigger,
  ErrorNote,
  Field,
  Saved,
  Skeleton,
  SkeletonRows,
  toast,
} from '../../components/ui/ui'
import { call, client, fieldErrors, type Ok } from '../../lib/api-client'

const privacy = client.api.privacy
type ShopExport = Ok<Awaited<ReturnType<typeof privacy.exports.$get>>>['items'][number]
type Retention = { conversationDays: number; eventDays: number; proposalDays: number; renderDays: number }

const fmtDate = (iso: string) => new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })
const fmtBytes = (n: number) => (n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`)
const active = (e: ShopExport) => e.status === 'queued' || e.status === 'running'

function PrivacyCard({ icon, title, description, children }: { icon: ReactNode; title: string; description: ReactNode; children: ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2 [&_svg]:size-4 [&_svg]:text-muted-foreground">
          {icon}
          {title}
        </CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      {children}
    </Card>
  )
}

/** "Data & privacy" in settings (owners): export the whole shop, retention, delete the shop. */
export function DataPrivacySettings() {
  return (
    <section aria-labelledby="data-privacy" className="flex flex-col gap-6">
      <h2 id="data-privacy" className="text-lg font-semibold tracking-tight">
        Data &amp; privacy
      </h2>
      <ExportSettings />
      <RetentionSettings />
      <DeleteShopSettings />
    </section>
  )
}

function ExportProgress({ e }: { e: ShopExport }) {
  const percent = e.rowsTotal ? Math.round((e.rowsDone / e.rowsTotal) * 100) : 0
  return (
    <div className="flex flex-col gap-1.5" data-testid="export-progress">
      <div
        role="progressbar"
        aria-label="Export progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-2 w-full overflow-hidden rounded-full bg-muted"
      >
        <div className="h-full rounded-full bg-primary transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-xs text-muted-foreground tabular-nums">
        {e.status === 'queued' ? 'Waiting to start…' : `${e.rowsDone.toLocaleString()} of ${e.rowsTotal.toLocaleString()} rows`}
      </p>
    </div>
  )
}

function ExportSettings() {
  const qc = useQueryClient()
  const list = useQuery({
    queryKey: ['privacy', 'exports'],
    queryFn: () => call(privacy.exports.$get()),
    refetchInterval: (q) => (q.state.data?.items.some(active) ? 1000 : false),
  })
  const start = useMutation({
    mutationFn: () => call(privacy.exports.$post()),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['privacy', 'exports'] }),
    onError: toast.error,
  })
  const items = list.data?.items ?? []
  const running = items.find(active)
  return (
    <PrivacyCard
      icon={<Archive aria-hidden="true" />}
      title="Export your shop"
      description="Everything of your shop in one zip: catalog, media list, orders, conversations, links, analytics and settings, as JSON and CSV. Downloads stay available for 7 days."
    >
      <CardContent className="flex flex-col gap-3 pt-4">
        {list.isLoading ? <SkeletonRows rows={1} label="Loading exports…" /> : null}
        {list.error ? <ErrorNote error={list.error} action={<Button onClick={() => list.refetch()}>Try again</Button>} /> : null}
        {running ? <ExportProgress e={running} /> : null}
        <ul className="divide-y text-sm">
          {items
            .filter((e) => !active(e))
            .map((e) => (
              <li key={e.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="export-row">
                <span className="flex flex-col">
                  <span>
                    {fmtDate(e.createdAt)} · {e.rowsTotal.toLocaleString()} rows{e.bytes ? ` · ${fmtBytes(e.bytes)}` : ''}
                  </span>
                  <span className="text-xs text-muted-foreground">
                    {e.status === 'ready' && e.expiresAt
                      ? `Available until ${fmtDate(e.expiresAt)}`
                      : e.status === 'failed'
                        ? `Failed: ${e.error ?? 'unknown error'}`
                        : 'Expired'}
                  </span>
                </span>
                {e.downloadUrl ? (
                  <Button variant="secondary" size="sm" asChild>
                    <a href={privacy.exports[':id'].download.$path({ param: { id: e.id } })} download>
                      <Download aria-hidden="true" /> Download zip
                    </a>
                  </Button>
                ) : null}
              </li>
            ))}
        </ul>
      </CardContent>
      <CardFooter>
        <Button onClick={() => start.mutate()} busy={start.isPending} disabled={Boolean(running)}>
          <Archive aria-hidden="true" /> {running ? 'Export in progress…' : 'Export all data'}
        </Button>
      </CardFooter>
    </PrivacyCard>
  )
}

const RETENTION_FIELDS: { key: keyof Retention; label: string; hint: string }[] = [
  { key: 'conversationDays', label: 'Conversations and messages', hint: 'Messages older than this, and chats quiet this long, are deleted.' },
  { key: 'eventDays', label: 'Analytics events', hint: 'Raw page views, clicks and scans; charts cover only what is kept.' },
  { key: 'proposalDays', label: 'Unapproved proposals', hint: 'Products proposed from videos that you never approved.' },
  { key: 'renderDays', label: 'Render intermediates', hint: 'Frames and previews no product uses, and finished job records.' },
]

function RetentionSettings() {
  const qc = useQueryClient()
  const current = useQuery({ queryKey: ['privacy', 'retention'], queryFn: () => call(privacy.retention.$get()) })
  const [draft, setDraft] = useState<Partial<Record<keyof Retention, string>>>({})
  const save = useMutation({
    mutationFn: (days: Retention) => call(privacy.retention.$put({ json: days })),
    onSuccess: (data) => {
      setDraft({})
      qc.setQueryData(['privacy', 'retention'], data)
      toast.success('Retention saved')
    },
    onError: toast.error,
  })
  const errors = fieldErrors(save.error)
  const dirty = Object.keys(draft).length > 0
  return (
    <PrivacyCard
      icon={<Clock aria-hidden="true" />}
      title="Retention"
      description="How many days the shop keeps data it does not need forever (0 keeps forever). Applied every hour. Orders and products are never deleted by retention."
    >
      {current.error ? (
        <CardContent>
          <ErrorNote error={current.error} />
        </CardContent>
      ) : !current.data ? (
        <CardContent className="grid gap-4 sm:grid-cols-2" role="status" aria-busy="true">
          <span className="sr-only">Loading retention…</span>
          <Skeleton className="h-14" />
          <Skeleton className="h-14" />
        </CardContent>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            const data = current.data
            if (!data) return
            const days = Object.fromEntries(RETENTION_FIELDS.map((f) => [f.key, Number(draft[f.key] ?? data[f.key])])) as Retention
            save.mutate(days)
          }}
        >
          <CardContent className="grid gap-4 pt-4 sm:grid-cols-2">
            {RETENTION_FIELDS.map((f) => (
              <Field
                key={f.key}
                label={`${f.label} (days)`}
                type="number"
                inputMode="numeric"
                min={0}
                max={3650}
                value={draft[f.key] ?? String(current.data[f.key])}
                hint={`${f.hint} Default ${current.data.defaults[f.key]}.`}
                error={errors[f.key]}
                onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
              />
            ))}
          </CardContent>
          <CardFooter className="flex-wrap">
            <Button type="submit" disabled={!dirty} busy={save.isPending}>
              Save retention
            </Button>
            {save.isSuccess && !dirty ? <Saved /> : null}
          </CardFooter>
        </form>
      )}
    </PrivacyCard>
  )
}

function DeleteShopSettings() {
  const qc = useQueryClient()
  const state = useQuery({ queryKey: ['privacy', 'deletion'], queryFn: () => call(privacy.deletion.$get()) })
  const [open, setOpen] = useState(false)
  const [form, setForm] = useState({ confirmName: '', password: '' })
  const schedule = useMutation({
    mutationFn: () => call(privacy.deletion.$post({ json: form })),
    onSuccess: (data) => {
      qc.setQueryData(['privacy', 'deletion'], data)
      setOpen(false)
      setForm({ confirmName: '', password: '' })
      toast.success('Your shop will be deleted')
    },
  })
  const cancel = useMutation({
    mutationFn: () => call(privacy.deletion.$delete()),
    onSuccess: (data) => {
      qc.setQueryData(['privacy', 'deletion'], data)
      toast.success('Deletion cancelled: your shop is back')
    },
    onError: toast.error,
  })
  const errors = fieldErrors(schedule.error)
  const d = state.data
  return (
    <PrivacyCard
      icon={<Trash2 aria-hidden="true" />}
      title="Delete shop"
      description="Your storefront, short links and chat bots stop at once. After 7 days every product, order, conversation, link, analytics event and stored file of the shop is deleted for good. Until then you can cancel."
    >
      {state.error || d?.scheduled ? (
        <CardContent className="pt-4">
          {state.error ? <ErrorNote error={state.error} /> : null}
          {d?.scheduled && d.purgeAfter ? (
            <div
              className="flex flex-wrap items-center justify-between gap-3 rounded-md bg-warning-soft px-3 py-2 text-sm text-warning"
              data-testid="deletion-scheduled"
            >
              <span className="flex items-center gap-2">
                <ShieldAlert className="size-4" aria-hidden="true" />
                Scheduled: the shop and all its data will be deleted on {fmtDate(d.purgeAfter)}.
              </span>
              <Button variant="secondary" size="sm" busy={cancel.isPending} onClick={() => cancel.mutate()}>
                <Undo2 aria-hidden="true" /> Cancel deletion
              </Button>
            </div>
          ) : null}
        </CardContent>
      ) : null}
      {d && !d.scheduled ? (
        <CardFooter>
          <Dialog open={open} onOpenChange={setOpen}>
            <DialogTrigger asChild>
              <Button variant="danger">
                <Trash2 aria-hidden="true" /> Delete shop…
              </Button>
            </DialogTrigger>
            <DialogContent title="Delete this shop?" description="Export your data first if you want a copy. This cannot be undone after 7 days.">
              <form
                className="flex flex-col gap-4"
                onSubmit={(e) => {
                  e.preventDefault()
                  schedule.mutate()
                }}
              >
                <Field
                  label={`Type the shop name (${d.shopName}) to confirm`}
                  autoComplete="off"
                  value={form.confirmName}
                  error={errors.confirmName}
                  onChange={(e) => setForm({ ...form, confirmName: e.target.value })}
                />
                <Field
                  label="Your password"
                  type="password"
                  autoComplete="current-password"
                  value={form.password}
                  error={errors.password}
                  onChange={(e) => setForm({ ...form, password: e.target.value })}
                />
                {schedule.error && !Object.keys(errors).length ? <ErrorNote error={schedule.error} /> : null}
                <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
                  <DialogClose asChild>
                    <Button variant="secondary">Keep my shop</Button>
                  </DialogClose>
                  <Button type="submit" variant="danger" busy={schedule.isPending} disabled={form.confirmName.trim() !== d.shopName.trim() || !form.password}>
                    Delete shop in 7 days
                  </Button>
                </div>
              </form>
            </DialogContent>
          </Dialog>
        </CardFooter>
      ) : null}
    </PrivacyCard>
  )
}
