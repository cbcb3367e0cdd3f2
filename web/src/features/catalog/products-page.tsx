import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ChevronLeft, ChevronRight, Download, FileUp, Plus, SearchX, ShoppingBag, X } from 'lucide-react'
import { useEffect, useState } from 'react'
import { Link } from 'react-router'
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Dialog,
  DialogClose,
  DialogContent,
  DialogTrigger,
  EmptyState,
  ErrorNote,
  formatMoney,
  Input,
  Label,
  PageHeader,
  Picker,
  parseMoney,
  plural,
  Saved,
  SkeletonRows,
  SortableTH,
  Table,
  TBody,
  TD,
  TH,
  THead,
  Thumb,
  TR,
  toast,
} from '../../components/ui/ui'
import { useDebounced } from '../../lib/use-debounced'
import { hasRole, useMe } from '../../lib/use-me'
import { type BulkAction, bulkEdit, exportCsvPath, type Filters, fetchProducts, type ProductStatus, searchQueryOf, thumbUrl } from './api'

const EMPTY: Filters = { q: '', status: '', tag: '', category: '', inStock: false, sort: '', minPrice: '', maxPrice: '' }

export const STATUS_TONE: Record<ProductStatus, 'success' | 'neutral' | 'warning'> = { published: 'success', draft: 'neutral', archived: 'warning' }

/** The product table: search, filters, sorting, pages, bulk actions, CSV export. */
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
  // Cursor pages: the cursors of the pages before this one, so "Previous" can go back.
  const [cursors, setCursors] = useState<(string | null)[]>([null])
  const cursor = cursors[cursors.length - 1] ?? null
  const filterKey = JSON.stringify(debounced)
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new search starts at page 1
  useEffect(() => setCursors([null]), [filterKey])
  const qc = useQueryClient()
  const query = useQuery({
    queryKey: ['products', debounced, minMinor, maxMinor, cursor],
    queryFn: () => fetchProducts(searchQueryOf(debounced, minMinor, maxMinor, cursor)),
    // Keep showing the last results while the next search runs, instead of flashing empty.
    placeholderData: keepPreviousData,
  })
  const settled = JSON.stringify(filters) === filterKey && !query.isFetching
  const items = query.data?.items ?? []
  const filtered = JSON.stringify(filters) !== JSON.stringify(EMPTY)
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setFilters((f) => ({ ...f, [k]: v }))
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s)
      if (n.has(id)) n.delete(id)
      else n.add(id)
      return n
    })
  const allSelected = items.length > 0 && items.every((p) => selected.has(p.id))
  const someSelected = items.some((p) => selected.has(p.id))
  const priceSort = filters.sort === 'price_asc' || filters.sort === 'price_desc'

  return (
    <>
      <PageHeader
        title="Products"
        description="Everything you sell. Published products show on your storefront and in the bot."
        actions={
          <>
            <Button variant="secondary" asChild>
              <a href={exportCsvPath} download>
                <Download aria-hidden="true" /> Export CSV
              </a>
            </Button>
            {canEdit ? (
              <>
                <Button variant="secondary" asChild>
                  <Link to="/products/import">
                    <FileUp aria-hidden="true" /> Import CSV
                  </Link>
                </Button>
                <Button asChild>
                  <Link to="/products/new">
                    <Plus aria-hidden="true" /> New product
                  </Link>
                </Button>
              </>
            ) : null}
          </>
        }
      />

      <Card className="mb-4 p-3">
        <search className="grid grid-cols-2 gap-2 md:grid-cols-[minmax(12rem,2fr)_repeat(2,minmax(8.5rem,1fr))_repeat(4,minmax(0,1fr))_auto] md:items-center">
          <Input
            type="search"
            className="col-span-2 md:col-span-1"
            placeholder="Search title, tag, category… typos are fine"
            aria-label="Search products"
            value={filters.q}
            onChange={(e) => set('q', e.target.value)}
          />
          <Picker
            aria-label="Status"
            value={filters.status}
            onValueChange={(v) => set('status', v)}
            options={[
              { value: '', label: 'Any status' },
              { value: 'draft', label: 'Draft' },
              { value: 'published', label: 'Published' },
              { value: 'archived', label: 'Archived' },
            ]}
          />
          <Picker
            aria-label="Sort"
            value={filters.sort}
            onValueChange={(v) => set('sort', v)}
            options={[
              { value: '', label: filters.q ? 'Best match' : 'Newest' },
              { value: 'newest', label: 'Newest' },
              { value: 'price_asc', label: 'Price: low to high' },
              { value: 'price_desc', label: 'Price: high to low' },
            ]}
          />
          <Input aria-label="Tag" placeholder="Tag" value={filters.tag} onChange={(e) => set('tag', e.target.value)} />
          <Input aria-label="Category" placeholder="Category" value={filters.category} onChange={(e) => set('category', e.target.value)} />
          <Input
            aria-label={`Min price (${currency})`}
            placeholder={`Min ${currency}`}
            inputMode="decimal"
            value={filters.minPrice}
            onChange={(e) => set('minPrice', e.target.value)}
          />
          <Input
            aria-label={`Max price (${currency})`}
            placeholder={`Max ${currency}`}
            inputMode="decimal"
            value={filters.maxPrice}
            onChange={(e) => set('maxPrice', e.target.value)}
          />
          <div className="col-span-2 flex items-center justify-between gap-3 md:col-span-1">
            <Label className="flex cursor-pointer items-center gap-2 whitespace-nowrap font-normal">
              <Checkbox checked={filters.inStock} onCheckedChange={(c) => set('inStock', c === true)} /> In stock
            </Label>
            {filtered ? (
              <Button variant="ghost" size="sm" onClick={() => setFilters(EMPTY)}>
                <X aria-hidden="true" /> Clear
              </Button>
            ) : null}
          </div>
        </search>
      </Card>

      {canEdit && selected.size ? (
        <BulkBar
          ids={[...selected]}
          currency={currency}
          onClear={() => setSelected(new Set())}
          onDone={(msg) => {
            setFlash(msg)
            setSelected(new Set())
            qc.invalidateQueries({ queryKey: ['products'] })
          }}
        />
      ) : null}
      {flash ? <Saved className="mb-3">{flash}</Saved> : null}

      {query.isLoading ? (
        <Card>
          <SkeletonRows label="Loading products…" />
        </Card>
      ) : null}
      {query.error ? (
        <ErrorNote
          error={query.error}
          action={
            <Button variant="secondary" size="sm" onClick={() => query.refetch()}>
              Try again
            </Button>
          }
        />
      ) : null}
      {query.isSuccess && !items.length ? (
        filtered ? (
          <EmptyState
            icon={<SearchX />}
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
            icon={<ShoppingBag />}
            title="No products yet"
            action={
              canEdit ? (
                <div className="flex flex-wrap justify-center gap-2">
                  <Button asChild>
                    <Link to="/products/new">Add your first product</Link>
                  </Button>
                  <Button variant="secondary" asChild>
                    <Link to="/import">Import from TikTok</Link>
                  </Button>
                </div>
              ) : null
            }
          >
            Add a product by hand, import a CSV, or paste TikTok links to let the hub propose products.
          </EmptyState>
        )
      ) : null}

      {items.length ? (
        <>
          <Table data-testid="products-table" data-settled={settled} aria-busy={!settled} aria-label="Products">
            <THead>
              <tr>
                <TH className="w-10">
                  {canEdit ? (
                    <Checkbox
                      aria-label="Select all"
                      checked={allSelected ? true : someSelected ? 'indeterminate' : false}
                      onCheckedChange={(c) => setSelected(c === true ? new Set(items.map((p) => p.id)) : new Set())}
                    />
                  ) : null}
                </TH>
                <TH>Product</TH>
                <TH className="hidden sm:table-cell">Status</TH>
                <SortableTH
                  label="Price"
                  active={priceSort}
                  dir={filters.sort === 'price_desc' ? 'desc' : 'asc'}
                  onSort={() => set('sort', filters.sort === 'price_asc' ? 'price_desc' : 'price_asc')}
                />
                <TH className="hidden sm:table-cell">Stock</TH>
                <TH className="hidden lg:table-cell">Tags</TH>
              </tr>
            </THead>
            <TBody>
              {items.map((p) => (
                <TR key={p.id} data-testid="product-row" selected={selected.has(p.id)}>
                  <TD>{canEdit ? <Checkbox aria-label={`Select ${p.title}`} checked={selected.has(p.id)} onCheckedChange={() => toggle(p.id)} /> : null}</TD>
                  <TD>
                    <div className="flex min-w-0 items-center gap-3">
                      <Thumb src={thumbUrl(p.image, 200)} alt={p.title} />
                      <div className="flex min-w-0 flex-col items-start gap-1">
                        <Link to={`/products/${p.id}`} className="font-medium hover:underline">
                          <span className="line-clamp-2">{p.title}</span>
                        </Link>
                        <Badge tone={STATUS_TONE[p.status]} className="sm:hidden" aria-hidden="true">
                          {p.status}
                        </Badge>
                      </div>
                    </div>
                  </TD>
                  <TD className="hidden sm:table-cell">
                    <Badge tone={STATUS_TONE[p.status]} className="pill">
                      {p.status}
                    </Badge>
                  </TD>
                  <TD className="whitespace-nowrap tabular-nums">{formatMoney(p.priceMinor, p.currency)}</TD>
                  <TD className="hidden tabular-nums sm:table-cell">{p.stock === null ? '∞' : p.stock}</TD>
                  <TD className="hidden max-w-64 truncate text-muted-foreground lg:table-cell">{p.tags.join(', ')}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <nav aria-label="Pages" className="mt-3 flex items-center justify-between gap-2 text-sm text-muted-foreground">
            <span>
              Page {cursors.length} · {plural(items.length, 'product')} shown
            </span>
            <div className="flex gap-2">
              <Button variant="secondary" size="sm" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
                <ChevronLeft aria-hidden="true" /> Previous
              </Button>
              <Button
                variant="secondary"
                size="sm"
                disabled={!query.data?.nextCursor}
                busy={query.isFetching && !settled}
                onClick={() => query.data?.nextCursor && setCursors((c) => [...c, query.data.nextCursor])}
              >
                Next <ChevronRight aria-hidden="true" />
              </Button>
            </div>
          </nav>
        </>
      ) : null}
    </>
  )
}

function BulkBar({ ids, currency, onDone, onClear }: { ids: string[]; currency: string; onDone: (message: string) => void; onClear: () => void }) {
  const [tag, setTag] = useState('')
  const [price, setPrice] = useState('')
  const [by, setBy] = useState<'percent' | 'amount'>('percent')
  const bulk = useMutation({
    mutationFn: (action: BulkAction) => bulkEdit(ids, action),
    onSuccess: (r) => {
      const msg = `${plural(r.updated, 'product')} updated`
      toast.success(msg)
      onDone(msg)
    },
    onError: toast.error,
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
    <Card
      aria-label="Bulk actions"
      role="region"
      className="sticky top-14 z-20 mb-3 flex flex-wrap items-center gap-2 border-primary/40 bg-accent/40 p-3 md:top-2"
    >
      <strong className="mr-1 text-sm">{ids.length} selected</strong>
      <Button size="sm" onClick={() => bulk.mutate({ type: 'set_status', status: 'published' })}>
        Publish
      </Button>
      <Button size="sm" variant="secondary" onClick={() => bulk.mutate({ type: 'set_status', status: 'draft' })}>
        Unpublish
      </Button>
      <Button size="sm" variant="secondary" onClick={() => bulk.mutate({ type: 'set_status', status: 'archived' })}>
        Archive
      </Button>
      <span className="flex items-center gap-1">
        <Input className="h-8 w-28" aria-label="Tag to add or remove" placeholder="tag" value={tag} onChange={(e) => setTag(e.target.value)} />
        <Button size="sm" variant="secondary" disabled={!tag.trim()} onClick={() => bulk.mutate({ type: 'add_tags', tags: [tag.trim().toLowerCase()] })}>
          Add tag
        </Button>
        <Button size="sm" variant="secondary" disabled={!tag.trim()} onClick={() => bulk.mutate({ type: 'remove_tags', tags: [tag.trim().toLowerCase()] })}>
          Remove tag
        </Button>
      </span>
      <span className="flex items-center gap-1">
        <Picker
          className="h-8 w-28"
          aria-label="Change price by"
          value={by}
          onValueChange={setBy}
          options={[
            { value: 'percent', label: 'Price %' },
            { value: 'amount', label: `Price ${currency}` },
          ]}
        />
        <Input
          className="h-8 w-20"
          aria-label="Price change"
          placeholder={by === 'percent' ? '-10' : '-5.00'}
          value={price}
          onChange={(e) => setPrice(e.target.value)}
          inputMode="decimal"
        />
        <Button
          size="sm"
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
      <Dialog>
        <DialogTrigger asChild>
          <Button size="sm" variant="danger">
            Delete
          </Button>
        </DialogTrigger>
        <DialogContent
          title={`Delete ${plural(ids.length, 'product')}?`}
          description="They leave your storefront, links and bot at once. This cannot be undone."
        >
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Keep them</Button>
            </DialogClose>
            <DialogClose asChild>
              <Button variant="danger" onClick={() => bulk.mutate({ type: 'delete' })}>
                Delete
              </Button>
            </DialogClose>
          </div>
        </DialogContent>
      </Dialog>
      <Button size="sm" variant="ghost" className="ml-auto" onClick={onClear}>
        Clear selection
      </Button>
      {bulk.error ? <ErrorNote error={bulk.error} className="w-full" /> : null}
    </Card>
  )
}
