import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { Link, useParams } from 'react-router'
import { Button, ErrorNote, Loading } from '../../components/ui/ui'
import { type BatchSummary, type BatchView, batchEventsPath, type IngestLink, ingestApi, STATUS_LABEL } from './api'

const TONE: Record<string, string> = { proposed: 'ok', duplicate: 'degraded', rejected: 'down', failed: 'down' }

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

/** /import/batches/:id – per-line status of one paste, live. */
export function BatchPage() {
  const { id = '' } = useParams()
  const qc = useQueryClient()
  const batch = useQuery({ queryKey: ['ingest-batch', id], queryFn: () => ingestApi.batch(id) })
  const live = useBatchEvents(id, Boolean(batch.data && !batch.data.done))
  const retry = useMutation({ mutationFn: ingestApi.retry, onSuccess: () => qc.invalidateQueries({ queryKey: ['ingest-batch', id] }) })

  if (batch.isLoading) return <Loading label="Loading this import…" />
  if (batch.error) return <ErrorNote error={batch.error} action={<Link to="/import">Back to imports</Link>} />
  const b = batch.data as BatchView
  const pct = b.total ? Math.round((b.settled / b.total) * 100) : 100
  const proposed = b.counts.proposed ?? 0
  return (
    <section className="ingest">
      <div className="page-head">
        <div>
          <h1>
            Import of {b.total} link{b.total === 1 ? '' : 's'}
          </h1>
          <p className="muted" data-testid="batch-summary">
            {b.done ? 'Finished' : live ? 'Working… (live)' : 'Working…'} · {b.settled}/{b.total} done
            {Object.entries(b.counts).map(([s, n]) => ` · ${n} ${s}`)}
          </p>
        </div>
        {proposed ? (
          <Link to={`/import/proposals?batch=${id}`}>
            Review {proposed} proposal{proposed === 1 ? '' : 's'} →
          </Link>
        ) : null}
      </div>
      <div className="ingest-progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
        <span style={{ width: `${pct}%` }} />
      </div>
      {retry.error ? <ErrorNote error={retry.error} /> : null}
      <ol className="ingest-lines">
        {b.links.map((l) => (
          <li key={l.id} className="card" data-testid={`line-${l.line}`} data-status={l.status}>
            <span className="ingest-line-no">{l.line}</span>
            <div className="ingest-line-body">
              <code>{l.input}</code>
              {l.reason ? <small className={l.status === 'failed' || l.status === 'rejected' ? 'error' : 'muted'}>{l.reason}</small> : null}
            </div>
            <span className={`pill ${TONE[l.status] ?? 'busy'}`}>{STATUS_LABEL[l.status] ?? l.status}</span>
            {l.retryable ? (
              <Button variant="secondary" busy={retry.isPending && retry.variables === l.id} onClick={() => retry.mutate(l.id)}>
                Retry
              </Button>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  )
}
