import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ArrowLeft, ArrowRight, CheckCircle2, Loader2, RotateCw } from 'lucide-react'
import { useEffect, useState } from 'react'
import { Link, useParams } from 'react-router'
import { Badge, Button, Card, ErrorNote, PageHeader, plural, Skeleton, SkeletonRows, toast } from '../../components/ui/ui'
import { type BatchSummary, type BatchView, batchEventsPath, type IngestLink, ingestApi, STATUS_LABEL } from './api'

const TONE: Record<string, 'success' | 'warning' | 'danger'> = { proposed: 'success', duplicate: 'warning', rejected: 'danger', failed: 'danger' }
const LEGACY: Record<string, string> = { proposed: 'ok', duplicate: 'degraded', rejected: 'down', failed: 'down' }

/** Keeps the batch query fresh from the server's event stream while links are in flight. */
function useBatchEvents(batchId: string, enabled: boolean) {
  const qc = useQueryClient()
  const [live, setLive] = useState(false)
  useEffect(() => {
    if (!enabled) return
    const es = new EventSource(batchEventsPath(batchId))
    es.onopen = () => setLive(true)
    es.addEventListener('link', (e) => {
      const link = JSON.parse((e as MessageEvent).data) as IngestLink
      qc.setQueryData<BatchView>(['ingest-batch', batchId], (old) =>
        old ? { ...old, links: old.links.map((l) => (l.id === link.id ? { ...l, ...link } : l)) } : old,
      )
    })
    es.addEventListener('progress', (e) => {
      const s = JSON.parse((e as MessageEvent).data) as BatchSummary
      qc.setQueryData<BatchView>(['ingest-batch', batchId], (old) => (old ? { ...old, ...s } : old))
    })
    es.addEventListener('done', () => {
      es.close()
      setLive(false)
      void qc.invalidateQueries({ queryKey: ['ingest-batch', batchId] })
    })
    // EventSource reconnects by itself; the stream ends after 10 minutes and resumes on reconnect.
    es.onerror = () => setLive(false)
    return () => es.close()
  }, [batchId, enabled, qc])
  return live
}

const backLink = (
  <Button asChild variant="ghost" size="sm" className="-ml-2 w-fit">
    <Link to="/import">
      <ArrowLeft aria-hidden="true" />
      Back to imports
    </Link>
  </Button>
)

/** /import/batches/:id – per-line status of one paste, live. */
export function BatchPage() {
  const { id = '' } = useParams()
  const qc = useQueryClient()
  const batch = useQuery({ queryKey: ['ingest-batch', id], queryFn: () => ingestApi.batch(id) })
  const live = useBatchEvents(id, Boolean(batch.data && !batch.data.done))
  const retry = useMutation({
    mutationFn: ingestApi.retry,
    onSuccess: () => {
      toast.success('Trying that link again')
      qc.invalidateQueries({ queryKey: ['ingest-batch', id] })
    },
    onError: toast.error,
  })

  if (batch.isLoading)
    return (
      <div className="flex flex-col gap-4">
        {backLink}
        <Skeleton className="h-10 w-2/3" />
        <Card>
          <SkeletonRows rows={4} label="Loading this import…" />
        </Card>
      </div>
    )
  if (batch.error)
    return (
      <div className="flex flex-col gap-4">
        {backLink}
        <ErrorNote error={batch.error} />
      </div>
    )
  const b = batch.data as BatchView
  const pct = b.total ? Math.round((b.settled / b.total) * 100) : 100
  const proposed = b.counts.proposed ?? 0
  return (
    <div className="flex flex-col gap-4">
      {backLink}
      <PageHeader
        className="mb-0"
        title={`Import of ${plural(b.total, 'link')}`}
        description={
          <span data-testid="batch-summary" className="inline-flex flex-wrap items-center gap-x-1">
            {b.done ? <CheckCircle2 className="size-4 text-success" aria-hidden="true" /> : <Loader2 className="size-4 animate-spin" aria-hidden="true" />}
            {b.done ? 'Finished' : live ? 'Working… (live)' : 'Working…'} · {b.settled}/{b.total} done
            {Object.entries(b.counts).map(([s, n]) => ` · ${n} ${s}`)}
          </span>
        }
        actions={
          proposed ? (
            <Button asChild>
              <Link to={`/import/proposals?batch=${id}`}>
                Review {plural(proposed, 'proposal')}
                <ArrowRight aria-hidden="true" />
              </Link>
            </Button>
          ) : null
        }
      />
      <div
        className="h-2 w-full overflow-hidden rounded-full bg-muted"
        role="progressbar"
        aria-label="Links done"
        aria-valuenow={pct}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <span className="block h-full rounded-full bg-primary transition-[width] duration-500" style={{ width: `${pct}%` }} />
      </div>
      <Card>
        <ol className="divide-y">
          {b.links.map((l) => {
            const bad = l.status === 'failed' || l.status === 'rejected'
            const tone = TONE[l.status]
            return (
              <li key={l.id} className="flex flex-wrap items-start gap-x-3 gap-y-2 px-4 py-3" data-testid={`line-${l.line}`} data-status={l.status}>
                <span className="w-6 shrink-0 pt-0.5 text-right font-mono text-xs text-muted-foreground">{l.line}</span>
                <div className="flex min-w-0 flex-1 basis-48 flex-col gap-1">
                  <code className="break-all bg-transparent p-0 font-mono text-xs">{l.input}</code>
                  {l.reason ? <small className={bad ? 'text-xs text-destructive' : 'text-xs text-muted-foreground'}>{l.reason}</small> : null}
                </div>
                <div className="flex shrink-0 items-center gap-2">
                  <Badge tone={tone ?? 'neutral'} className={`pill ${LEGACY[l.status] ?? 'busy'}`}>
                    {tone ? null : <Loader2 className="animate-spin" aria-hidden="true" />}
                    {STATUS_LABEL[l.status] ?? l.status}
                  </Badge>
                  {l.retryable ? (
                    <Button variant="secondary" size="sm" busy={retry.isPending && retry.variables === l.id} onClick={() => retry.mutate(l.id)}>
                      {retry.isPending && retry.variables === l.id ? null : <RotateCw aria-hidden="true" />}
                      Retry
                    </Button>
                  ) : null}
                </div>
              </li>
            )
          })}
        </ol>
      </Card>
    </div>
  )
}
