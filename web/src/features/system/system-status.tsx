import { useQuery } from '@tanstack/react-query'
import { CheckCircle2, Cpu, Database, HardDrive, ListOrdered, RefreshCw, XCircle } from 'lucide-react'
import { Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, ErrorNote, PageHeader, plural, Skeleton } from '../../components/ui/ui'
import { call, client } from '../../lib/api-client'

const LABELS: Record<string, string> = { database: 'Database', queues: 'Queues', storage: 'Media storage', renderNode: 'Render node' }
const ICONS: Record<string, typeof Database> = { database: Database, queues: ListOrdered, storage: HardDrive, renderNode: Cpu }
const OVERALL = { ok: 'success', degraded: 'warning', down: 'danger' } as const
const SUMMARY = {
  ok: 'Everything is working.',
  degraded: 'The hub works, but something needs attention.',
  down: 'The hub cannot reach its database.',
} as const

/** System status: every dependency of the hub, up or down, refreshed every 10 seconds. */
export function SystemStatus() {
  const {
    data: health,
    error,
    refetch,
    isFetching,
  } = useQuery({
    queryKey: ['health'],
    queryFn: () => call(client.api.health.$get()),
    refetchInterval: 10_000,
  })
  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-4">
      <PageHeader
        title="System status"
        description="Whether the hub and the services it uses are working. Refreshes every 10 seconds."
        actions={
          <Button variant="secondary" onClick={() => void refetch()}>
            <RefreshCw className={isFetching ? 'animate-spin' : undefined} aria-hidden="true" />
            Check now
          </Button>
        }
        className="mb-2"
      />
      {error ? <ErrorNote error={new Error('Could not reach the hub API. Is `npm start` still running?')} /> : null}
      {!health && !error ? (
        <Card>
          <CardContent className="flex flex-col gap-3" role="status" aria-busy="true">
            <span className="sr-only">Checking the hub…</span>
            {Object.keys(LABELS).map((k) => (
              <Skeleton key={k} className="h-10 w-full" />
            ))}
          </CardContent>
        </Card>
      ) : null}
      {health ? (
        <Card>
          <CardHeader>
            <CardTitle className="flex flex-wrap items-center gap-2">
              Overall
              <Badge tone={OVERALL[health.status]} data-testid="overall-status" className={`pill ${health.status}`}>
                {health.status}
              </Badge>
            </CardTitle>
            <CardDescription>{SUMMARY[health.status]}</CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="flex flex-col divide-y rounded-lg border">
              {Object.entries(health.checks).map(([name, check]) => {
                const Icon = ICONS[name] ?? Database
                const up = check.status === 'up'
                return (
                  <li key={name} data-testid={`check-${name}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2.5 text-sm">
                    <Icon className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
                    <span className="min-w-0 flex-1 font-medium">{LABELS[name] ?? name}</span>
                    {check.latencyMs !== undefined ? <span className="text-xs text-muted-foreground tabular-nums">{check.latencyMs} ms</span> : null}
                    <Badge tone={up ? 'success' : 'danger'} className={`pill ${check.status}`}>
                      {up ? <CheckCircle2 aria-hidden="true" /> : <XCircle aria-hidden="true" />}
                      {check.status}
                    </Badge>
                    {check.error ? <p className="w-full break-words pl-7 text-xs text-destructive">{check.error}</p> : null}
                  </li>
                )
              })}
            </ul>
            {health.jobs?.deadTotal ? (
              <p className="mt-3 text-sm text-warning">
                {plural(health.jobs.deadTotal, 'background job')} gave up in the last hour
                {Object.entries(health.jobs.deadLastHour).length
                  ? ` (${Object.entries(health.jobs.deadLastHour)
                      .map(([q, n]) => `${q}: ${n}`)
                      .join(', ')})`
                  : ''}
                .
              </p>
            ) : null}
          </CardContent>
        </Card>
      ) : null}
    </div>
  )
}
