import { useInfiniteQuery } from '@tanstack/react-query'
import { History } from 'lucide-react'
import { auditActionLabel } from '../../../../contracts/audit-actions'
import { Button, Card, EmptyState, ErrorNote, PageHeader, SkeletonRows } from '../../components/ui/ui'
import { call, client } from '../../lib/api-client'

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** The audit log: who changed what, when, in sentences. */
export function ActivityPage() {
  const q = useInfiniteQuery({
    queryKey: ['audit'],
    queryFn: ({ pageParam }) => call(client.api.audit.$get({ query: pageParam ? { before: pageParam } : {} })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  })
  const items = q.data?.pages.flatMap((p) => p.items) ?? []
  return (
    <>
      <PageHeader title="Activity" description="Every change to your catalog, team and settings, newest first." />
      {q.isLoading ? (
        <Card>
          <SkeletonRows label="Loading activity…" />
        </Card>
      ) : null}
      {q.error ? <ErrorNote error={q.error} /> : null}
      {q.isSuccess && !items.length ? (
        <EmptyState icon={<History />} title="Nothing has happened yet">
          Changes to products, approvals, members and tokens will be listed here.
        </EmptyState>
      ) : null}
      {items.length ? (
        <Card>
          <ul className="divide-y" data-testid="activity">
            {items.map((e) => {
              const changes = (e.changes ?? {}) as Record<string, unknown>
              const who = e.userEmail ?? 'An API token'
              return (
                <li key={e.id} className="flex items-start gap-3 px-5 py-3">
                  <span
                    className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-full bg-muted text-xs font-semibold uppercase"
                    aria-hidden="true"
                  >
                    {who.slice(0, 1)}
                  </span>
                  <div className="flex min-w-0 flex-col">
                    <p className="text-sm">
                      <strong className="font-medium">{who}</strong> · {auditActionLabel(e.action, changes)}
                      {typeof changes.title === 'string' ? <> “{changes.title}”</> : null}
                    </p>
                    <time className="text-xs text-muted-foreground" dateTime={e.createdAt}>
                      {when.format(new Date(e.createdAt))}
                    </time>
                  </div>
                </li>
              )
            })}
          </ul>
        </Card>
      ) : null}
      {q.hasNextPage ? (
        <Button variant="secondary" className="mt-3" busy={q.isFetchingNextPage} onClick={() => q.fetchNextPage()}>
          Older
        </Button>
      ) : null}
    </>
  )
}
