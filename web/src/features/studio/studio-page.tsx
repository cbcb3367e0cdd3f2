import { useQuery } from '@tanstack/react-query'
import { Clapperboard, Plus, Settings2 } from 'lucide-react'
import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { STUDIO_STATUSES, type StudioStatus } from '../../../../contracts/studio'
import { Button, Card, EmptyState, ErrorNote, PageHeader, Picker, Skeleton, SkeletonRows } from '../../components/ui/ui'
import { hasRole, useMe } from '../../lib/use-me'
import { PHASE_LABEL, SETTLED, STATUS_LABEL, type StudioSettings, sourceLabel, studioApi, titleOf, untilText, usd } from './api'
import { NewVideoDialog } from './new-video-dialog'
import { Cover, StatusBadge } from './parts'
import { useBatchEvents } from './use-batch-events'

export const useStudioSettings = () => useQuery({ queryKey: ['studio', 'settings'], queryFn: studioApi.settings })

/** Videos made today against the quota, and this month's cost by provider. */
function UsageCard({ settings }: { settings: StudioSettings | undefined }) {
  if (!settings)
    return (
      <Card className="grid gap-3 p-4 sm:grid-cols-2" role="status" aria-busy="true">
        <span className="sr-only">Loading usage…</span>
        <Skeleton className="h-12" />
        <Skeleton className="h-12" />
      </Card>
    )
  const { today, quota, resetsAt } = settings.usage
  const pct = Math.min(100, Math.round((today / Math.max(1, quota)) * 100))
  return (
    <Card className="grid gap-4 p-4 sm:grid-cols-2" data-testid="studio-usage">
      <div className="flex flex-col gap-2">
        <div className="flex items-baseline justify-between gap-2 text-sm">
          <span className="font-medium">Videos today</span>
          <span className="tabular-nums">
            {today} of {quota}
          </span>
        </div>
        <div
          className="h-2 overflow-hidden rounded-full bg-muted"
          role="progressbar"
          aria-label="Daily quota used"
          aria-valuenow={pct}
          aria-valuemin={0}
          aria-valuemax={100}
        >
          <span className={`block h-full rounded-full ${today >= quota ? 'bg-destructive' : 'bg-primary'}`} style={{ width: `${pct}%` }} />
        </div>
        <p className="text-xs text-muted-foreground">Resets {untilText(resetsAt)} (midnight UTC).</p>
      </div>
      <div className="flex flex-col gap-1 text-sm">
        <div className="flex items-baseline justify-between gap-2">
          <span className="font-medium">Cost this month</span>
          <span className="tabular-nums" data-testid="studio-month-cost">
            {usd(settings.costThisMonth.totalUsd)}
          </span>
        </div>
        <p className="text-xs text-muted-foreground">
          {settings.costThisMonth.byProvider.length
            ? settings.costThisMonth.byProvider.map((p) => `${p.provider} ${usd(p.usd)}`).join(' · ')
            : 'Nothing spent yet.'}
        </p>
        <p className="text-xs text-muted-foreground">
          {settings.hasOpenAiKey ? 'Your own OpenAI key pays for writing and voice.' : 'The offline writer and voice cost nothing.'}
        </p>
      </div>
    </Card>
  )
}

const fmt = (iso: string) => new Date(iso).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })

/** /studio – the shop's AI-made videos, their status, today's quota and this month's cost. */
export function StudioPage() {
  const { data: me } = useMe()
  const canMake = hasRole(me, 'staff')
  const [params, setParams] = useSearchParams()
  const status = (params.get('status') ?? '') as '' | StudioStatus
  const [adding, setAdding] = useState(params.get('new') === '1')
  const settings = useStudioSettings()
  // Batches in flight stream their progress; set from the list below (one render behind is fine).
  const [inFlightBatches, setInFlightBatches] = useState<string[]>([])
  const streaming = useBatchEvents(inFlightBatches)
  const list = useQuery({
    queryKey: ['studio', 'videos', status],
    queryFn: () => studioApi.videos(status || undefined),
    // Rows of a streaming batch move by themselves; poll only while a row in flight has no stream.
    refetchInterval: (q) => (q.state.data?.items.some((v) => !SETTLED.includes(v.status) && !(v.batchId && streaming.has(v.batchId))) ? 2000 : false),
  })
  const items = list.data?.items ?? []
  const batchKey = [...new Set(items.flatMap((v) => (v.batchId && !SETTLED.includes(v.status) ? [v.batchId] : [])))].sort().join(',')
  useEffect(() => setInFlightBatches(batchKey ? batchKey.split(',') : []), [batchKey])
  const open = (o: boolean) => {
    setAdding(o)
    if (!o && params.has('new')) {
      params.delete('new')
      setParams(params, { replace: true })
    }
  }
  const newButton = canMake ? (
    <Button onClick={() => open(true)}>
      <Plus aria-hidden="true" />
      New video
    </Button>
  ) : null

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        className="mb-2"
        title="Studio"
        description="Short vertical videos written, voiced and cut from your catalog, reviewed by you, ready to post."
        actions={
          <>
            <Button variant="secondary" asChild>
              <Link to="/settings/studio">
                <Settings2 aria-hidden="true" />
                Brand voice
              </Link>
            </Button>
            {newButton}
          </>
        }
      />
      {settings.error ? <ErrorNote error={settings.error} /> : <UsageCard settings={settings.data} />}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-base font-semibold">Videos</h2>
        <Picker
          className="w-48"
          aria-label="Filter by status"
          value={status}
          onValueChange={(v) => {
            if (v) params.set('status', v)
            else params.delete('status')
            setParams(params, { replace: true })
          }}
          options={[{ value: '' as const, label: 'Every status' }, ...STUDIO_STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))]}
        />
      </div>
      {list.isLoading ? (
        <Card>
          <SkeletonRows rows={3} label="Loading videos…" />
        </Card>
      ) : null}
      {list.error ? (
        <ErrorNote
          error={list.error}
          action={
            <Button variant="secondary" size="sm" onClick={() => list.refetch()}>
              Try again
            </Button>
          }
        />
      ) : null}
      {list.isSuccess && !items.length ? (
        status ? (
          <EmptyState icon={<Clapperboard />} title={`No ${STATUS_LABEL[status].toLowerCase()} videos`}>
            Choose another status to see the rest.
          </EmptyState>
        ) : (
          <EmptyState icon={<Clapperboard />} title="No videos yet" action={newButton}>
            Press “New video” and pick a product: the studio writes a script from its price, photos and your brand voice, you approve it, and it voices and cuts
            a 9:16 video with captions for TikTok and your storefront.
          </EmptyState>
        )
      ) : null}
      {items.length ? (
        <Card>
          <ul className="divide-y" aria-label="Videos" data-testid="studio-videos">
            {items.map((v) => (
              <li key={v.id} className="relative flex items-center gap-3 p-3 hover:bg-muted/50" data-testid="studio-video-row">
                <Cover src={v.coverUrl} alt={titleOf(v)} width={40} />
                <div className="flex min-w-0 flex-1 flex-col gap-1">
                  <Link to={`/studio/${v.id}`} className="font-medium after:absolute after:inset-0 hover:underline">
                    <span className="line-clamp-2">{titleOf(v)}</span>
                  </Link>
                  <span className="truncate text-xs text-muted-foreground">
                    {sourceLabel(v.source)} · {fmt(v.createdAt)}
                  </span>
                </div>
                <div className="flex shrink-0 flex-col items-end gap-1">
                  <StatusBadge status={v.status} />
                  {v.status === 'running' || v.status === 'queued' ? (
                    <span className="text-xs tabular-nums text-muted-foreground">
                      {PHASE_LABEL[v.phase]} · {Math.round(v.percent)} %
                    </span>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      {canMake ? <NewVideoDialog open={adding} onOpenChange={open} settings={settings.data} /> : null}
    </div>
  )
}
