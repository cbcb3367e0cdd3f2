import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { Link } from 'react-router'
import { Button, EmptyState, ErrorNote, formatMoney, Loading, parseMoney } from '../../components/ui/ui'
import { hasRole, useMe } from '../../lib/use-me'
import { type BulkAction, bulkEdit, exportCsvPath, type Filters, fetchProducts, searchQueryOf, thumbUrl } from './api'

const EMPTY: Filters = { q: '', status: '', tag: '', category: '', inStock: false, sort: '', minPrice: '', maxPrice: '' }

function useDebounced<T>(value: T, ms = 250) {
  const [v, setV] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return v
}

/** The product table: search, filters, bulk actions, CSV export. */
export function ProductsPage() {
  const { data: me } = useMe()
  const currency = me?.merchant?.defaultCurrency ?? 'USD'
  const canEdit = hasRole(me, 'staff')
  const [filters, setFilters] = useState<Filters>(EMPTY)
  const debounced = useDebounced(filters)
  const minMinor = debounced.minPrice ? parseMoney(debounced.minPrice, currency) : null
  const maxMinor = debounced.maxPrice ? parseMoney(debounced.maxPrice, currency) : null
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [flash, setFlash] = useState<string | null>(null)
  const qc = useQueryClient()
  const query = useInfiniteQuery({
    queryKey: ['products', debounced, minMinor, maxMinor],
    queryFn: ({ pageParam }) => fetchProducts(searchQueryOf(debounced, minMinor, maxMinor, pageParam)),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Keep showing the last results while the next search runs, instead of flashing empty.
    placeholderData: keepPreviousData,
  })
  const settled = JSON.stringify(filters) === JSON.stringify(debounced) && !query.isFetching
  const items = query.data?.pages.flatMap((p) => p.items) ?? []
  const filtered = JSON.stringify(filters) !== JSON.stringify(EMPTY)
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setFilters((f) => ({ ...f, [k]: v }))
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s)
      if (n.has(id)) n.delete(id)
      else n.add(id)
      return n
    })

  return (
    <section>
      <header className="page-head">
        <div>
          <h1>Products</h1>
          <p className="muted">Everything you sell. Published products show on your storefront and in the bot.</p>
        </div>
        <div className="actions">
          <a className="btn btn-secondary" href={exportCsvPath} download>
            Export CSV
          </a>
          {canEdit ? (
            <>
              <Link className="btn btn-secondary" to="/products/import">
                Import CSV
              </Link>
              <Link className="btn btn-primary" to="/products/new">
                New product
              </Link>
            </>
          ) : null}
        </div>
      </header>

      <search className="toolbar card">
        <input
          type="search"
          placeholder="Search by title, tag, description… typos are fine"
          aria-label="Search products"
          value={filters.q}
          onChange={(e) => set('q', e.target.value)}
        />
        <select aria-label="Status" value={filters.status} onChange={(e) => set('status', e.target.value as Filters['status'])}>
          <option value="">Any status</option>
          <option value="draft">Draft</option>
          <option value="published">Published</option>
          <option value="archived">Archived</option>
        </select>
        <input aria-label="Tag" placeholder="Tag" value={filters.tag} onChange={(e) => set('tag', e.target.value)} />
        <input aria-label="Category" placeholder="Category" value={filters.category} onChange={(e) => set('category', e.target.value)} />
        <input
          aria-label={`Min price (${currency})`}
          placeholder={`Min ${currency}`}
          inputMode="decimal"
          value={filters.minPrice}
          onChange={(e) => set('minPrice', e.target.value)}
        />
        <input
          aria-label={`Max price (${currency})`}
          placeholder={`Max ${currency}`}
          inputMode="decimal"
          value={filters.maxPrice}
          onChange={(e) => set('maxPrice', e.target.value)}
        />
        <select aria-label="Sort" value={filters.sort} onChange={(e) => set('sort', e.target.value as Filters['sort'])}>
          <option value="">{filters.q ? 'Best match' : 'Newest'}</option>
          <option value="newest">Newest</option>
          <option value="price_asc">Price: low to high</option>
          <option value="price_desc">Price: high to low</option>
        </select>
        <label className="check">
          <input type="checkbox" checked={filters.inStock} onChange={(e) => set('inStock', e.target.checked)} /> In stock
        </label>
        {filtered ? (
          <Button variant="ghost" onClick={() => setFilters(EMPTY)}>
            Clear
          </Button>
        ) : null}
      </search>

      {canEdit && selected.size ? (
        <BulkBar
          ids={[...selected]}
          currency={currency}
          onDone={(msg) => {
            setFlash(msg)
            setSelected(new Set())
            qc.invalidateQueries({ queryKey: ['products'] })
          }}
        />
      ) : null}
      {flash ? (
        <p role="status" className="flash">
          {flash}
        </p>
      ) : null}

      {query.isLoading ? <Loading label="Loading products…" /> : null}
      {query.error ? (
        <ErrorNote
          error={query.error}
          action={
            <Button variant="secondary" onClick={() => query.refetch()}>
              Try again
            </Button>
          }
        />
      ) : null}
      {query.isSuccess && !items.length ? (
        filtered ? (
          <EmptyState
            title="No products match"
            action={
              <Button variant="secondary" onClick={() => setFilters(EMPTY)}>
                Clear filters
              </Button>
            }
          >
            Try fewer words or another filter.
          </EmptyState>
        ) : (
          <EmptyState
            title="No products yet"
            action={
              canEdit ? (
                <Link className="btn btn-primary" to="/products/new">
                  Add your first product
                </Link>
              ) : null
            }
          >
            Add a product by hand, import a CSV, or paste TikTok links to let the hub propose products.
          </EmptyState>
        )
      ) : null}

      {items.length ? (
        <table className="products-table" data-testid="products-table" data-settled={settled} aria-busy={!settled}>
          <thead>
            <tr>
              <th className="sel">
                {canEdit ? (
                  <input
                    type="checkbox"
                    aria-label="Select all"
                    checked={items.length > 0 && items.every((p) => selected.has(p.id))}
                    onChange={(e) => setSelected(e.target.checked ? new Set(items.map((p) => p.id)) : new Set())}
                  />
                ) : null}
              </th>
              <th>Product</th>
              <th>Status</th>
              <th>Price</th>
              <th>Stock</th>
              <th>Tags</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id} data-testid="product-row">
                <td className="sel">
                  {canEdit ? <input type="checkbox" aria-label={`Select ${p.title}`} checked={selected.has(p.id)} onChange={() => toggle(p.id)} /> : null}
                </td>
                <td className="title-cell">
                  {thumbUrl(p.image, 200) ? (
                    <img src={thumbUrl(p.image, 200) as string} alt="" width={40} height={40} />
                  ) : (
                    <span className="thumb-placeholder" aria-hidden="true" />
                  )}
                  <Link to={`/products/${p.id}`}>{p.title}</Link>
                </td>
                <td data-label="Status">
                  <span className={`pill status-${p.status}`}>{p.status}</span>
                </td>
                <td data-label="Price">{formatMoney(p.priceMinor, p.currency)}</td>
                <td data-label="Stock">{p.stock === null ? '∞' : p.stock}</td>
                <td data-label="Tags" className="muted">
                  {p.tags.join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {query.hasNextPage ? (
        <Button variant="secondary" busy={query.isFetchingNextPage} onClick={() => query.fetchNextPage()}>
          Load more
        </Button>
      ) : null}
    </section>
  )
}

function BulkBar({ ids, currency, onDone }: { ids: string[]; currency: string; onDone: (message: string) => void }) {
  const [tag, setTag] = useState('')
  const [price, setPrice] = useState('')
  const [by, setBy] = useState<'percent' | 'amount'>('percent')
  const bulk = useMutation({
    mutationFn: (action: BulkAction) => bulkEdit(ids, action),
    onSuccess: (r) => onDone(`${r.updated} product${r.updated === 1 ? '' : 's'} updated`),
  })
  const priceAction = (): BulkAction | null => {
    const t = price.trim()
    if (by === 'percent') {
      const n = Number(t)
      return t && Number.isFinite(n) ? { type: 'change_price', by, value: n } : null
    }
    const neg = t.startsWith('-')
    const m = parseMoney(t.replace(/^[-+]/, ''), currency)
    return m === null ? null : { type: 'change_price', by, value: neg ? -m : m }
  }
  return (
    <section className="bulk-bar card" aria-label="Bulk actions">
      <strong>{ids.length} selected</strong>
      <Button onClick={() => bulk.mutate({ type: 'set_status', status: 'published' })}>Publish</Button>
      <Button variant="secondary" onClick={() => bulk.mutate({ type: 'set_status', status: 'draft' })}>
        Unpublish
      </Button>
      <Button variant="secondary" onClick={() => bulk.mutate({ type: 'set_status', status: 'archived' })}>
        Archive
      </Button>
      <span className="inline-form">
        <input aria-label="Tag to add or remove" placeholder="tag" value={tag} onChange={(e) => setTag(e.target.value)} />
        <Button variant="secondary" disabled={!tag.trim()} onClick={() => bulk.mutate({ type: 'add_tags', tags: [tag.trim().toLowerCase()] })}>
          Add tag
        </Button>
        <Button variant="secondary" disabled={!tag.trim()} onClick={() => bulk.mutate({ type: 'remove_tags', tags: [tag.trim().toLowerCase()] })}>
          Remove tag
        </Button>
      </span>
      <span className="inline-form">
        <select aria-label="Change price by" value={by} onChange={(e) => setBy(e.target.value as 'percent' | 'amount')}>
          <option value="percent">Price %</option>
          <option value="amount">Price {currency}</option>
        </select>
        <input
          aria-label="Price change"
          placeholder={by === 'percent' ? '-10' : '-5.00'}
          value={price}
          onChange={(e) => setPrice(e.target.value)}
          inputMode="decimal"
        />
        <Button
          variant="secondary"
          disabled={!priceAction()}
          onClick={() => {
            const a = priceAction()
            if (a) bulk.mutate(a)
          }}
        >
          Change price
        </Button>
      </span>
      <Button
        variant="danger"
        onClick={() => {
          if (confirm(`Delete ${ids.length} product(s)? This cannot be undone.`)) bulk.mutate({ type: 'delete' })
        }}
      >
        Delete
      </Button>
      {bulk.error ? <ErrorNote error={bulk.error} /> : null}
    </section>
  )
}
