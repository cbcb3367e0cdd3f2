import { useInfiniteQuery } from '@tanstack/react-query'
import { Button, EmptyState, ErrorNote, Loading } from '../../components/ui/ui'
import { call, client } from '../../lib/api-client'

const LABELS: Record<string, string> = {
  'product.create': 'created a product',
  'product.update': 'edited a product',
  'product.delete': 'deleted a product',
  'product.import': 'imported products from CSV',
  'product.image.add': 'added an image',
  'product.image.remove': 'removed an image',
  'product.videos': 'linked videos',
  'product.bulk.set_status': 'changed status in bulk',
  'product.bulk.add_tags': 'added tags in bulk',
  'product.bulk.remove_tags': 'removed tags in bulk',
  'product.bulk.change_price': 'changed prices in bulk',
  'product.bulk.delete': 'deleted products in bulk',
}

/** The audit log: who changed what, when. */
export function ActivityPage() {
  const q = useInfiniteQuery({
    queryKey: ['audit'],
    queryFn: ({ pageParam }) => call(client.api.audit.$get({ query: pageParam ? { before: pageParam } : {} })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  })
  const items = q.data?.pages.flatMap((p) => p.items) ?? []
  return (
    <section>
      <header className="page-head">
        <div>
          <h1>Activity</h1>
          <p className="muted">Every change to your catalog, team and settings.</p>
        </div>
      </header>
      {q.isLoading ? <Loading /> : null}
      {q.error ? <ErrorNote error={q.error} /> : null}
      {q.isSuccess && !items.length ? (
        <EmptyState title="Nothing has happened yet">Changes to products, members and tokens will be listed here.</EmptyState>
      ) : null}
      <ul className="activity card">
        {items.map((e) => {
          // What changed depends on the action; the title and the ids of bulk actions are shown.
          const changes = (e.changes ?? {}) as Record<string, unknown>
          return (
            <li key={e.id}>
              <strong>{e.userEmail ?? 'An API token'}</strong> {LABELS[e.action] ?? e.action}
              {typeof changes.title === 'string' ? <> “{changes.title}”</> : null}
              {Array.isArray(changes.ids) ? <> ({changes.ids.length})</> : null}
              <br />
              <small className="muted">{new Date(e.createdAt).toLocaleString()}</small>
            </li>
          )
        })}
      </ul>
      {q.hasNextPage ? (
        <Button variant="secondary" busy={q.isFetchingNextPage} onClick={() => q.fetchNextPage()}>
          Older
        </Button>
      ) : null}
    </section>
  )
}
