import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { Button, EmptyState, ErrorNote, Field, formatMoney, Loading, minorToInput, parseMoney, Select } from '../../components/ui/ui'
import { call, client } from '../../lib/api-client'
import { type Category, ingestApi, type Proposal, type ProposalDraft } from './api'

/** The catalog's products, for "merge into"; empty when the list is unavailable (the page still works). */
const fetchMergeTargets = () =>
  call(client.api.products.$get({ query: { limit: '100' } }))
    .then((r) => r.items.map((p) => ({ id: p.id, title: p.title })))
    .catch(() => [])
type ProductOption = Awaited<ReturnType<typeof fetchMergeTargets>>[number]

function ProposalCard({ p, categories, products }: { p: Proposal; categories: Category[]; products: ProductOption[] }) {
  const qc = useQueryClient()
  const [title, setTitle] = useState(p.draft.title)
  const [price, setPrice] = useState(minorToInput(p.draft.priceMinor, p.draft.currency))
  const [compareAt, setCompareAt] = useState(minorToInput(p.draft.compareAtMinor, p.draft.currency))
  const [category, setCategory] = useState(p.draft.category ?? '')
  const [tags, setTags] = useState(p.draft.tags.join(', '))
  const [mergeInto, setMergeInto] = useState(p.matchedProductId ?? '')
  const priceMinor = price.trim() ? parseMoney(price, p.draft.currency) : null
  const compareMinor = compareAt.trim() ? parseMoney(compareAt, p.draft.currency) : null
  const priceError = price.trim() && priceMinor === null ? `Write the price as a number, e.g. ${minorToInput(4500, p.draft.currency)}` : null
  const compareError = compareAt.trim() && compareMinor === null ? 'Write the old price as a number' : null
  const edits = (): Partial<ProposalDraft> => ({
    title: title.trim(),
    priceMinor,
    compareAtMinor: compareMinor,
    category: category || null,
    tags: tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  })
  const done = () => qc.invalidateQueries({ queryKey: ['ingest-proposals'] })
  const approve = useMutation({ mutationFn: (status: 'draft' | 'published') => ingestApi.approve(p.id, { draft: edits(), status }), onSuccess: done })
  const merge = useMutation({ mutationFn: () => ingestApi.merge(p.id, mergeInto), onSuccess: done })
  const reject = useMutation({ mutationFn: () => ingestApi.reject(p.id), onSuccess: done })
  const error = approve.error ?? merge.error ?? reject.error
  const busy = approve.isPending || merge.isPending || reject.isPending
  const invalid = Boolean(priceError || compareError || !title.trim())

  return (
    <li className="card proposal" data-testid="proposal">
      <div className="proposal-media">
        {p.coverUrl ? (
          <img src={p.coverUrl} alt={`Cover of the TikTok video for ${p.draft.title}`} loading="lazy" />
        ) : (
          <div className="proposal-nocover">No cover</div>
        )}
        <a href={p.videoUrl} target="_blank" rel="noreferrer">
          Open on TikTok
        </a>
      </div>
      <div className="proposal-body">
        {p.caption ? <p className="muted proposal-caption">“{p.caption}”</p> : null}
        {p.matchedProductTitle ? (
          <p className="proposal-match">
            Looks like your product <strong>{p.matchedProductTitle}</strong>: merge to add this video to it.
          </p>
        ) : null}
        <Field label="Title" value={title} onChange={(e) => setTitle(e.target.value)} error={title.trim() ? null : 'A product needs a title'} />
        <div className="proposal-prices">
          <Field
            label={`Price (${p.draft.currency})`}
            inputMode="decimal"
            value={price}
            onChange={(e) => setPrice(e.target.value)}
            error={priceError}
            hint={priceMinor ? formatMoney(priceMinor, p.draft.currency) : 'No price found in the caption'}
          />
          <Field label="Was (optional)" inputMode="decimal" value={compareAt} onChange={(e) => setCompareAt(e.target.value)} error={compareError} />
        </div>
        <Select label="Category" value={category} onChange={(e) => setCategory(e.target.value)}>
          <option value="">None</option>
          {categories.map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.name}
            </option>
          ))}
        </Select>
        <Field label="Tags (comma separated)" value={tags} onChange={(e) => setTags(e.target.value)} />
        {error ? <ErrorNote error={error} /> : null}
        <div className="proposal-actions">
          <Button
            busy={approve.isPending && approve.variables === 'published'}
            disabled={busy || invalid || !priceMinor}
            onClick={() => approve.mutate('published')}
            title={priceMinor ? undefined : 'Set a price to publish'}
          >
            Approve &amp; publish
          </Button>
          <Button
            variant="secondary"
            busy={approve.isPending && approve.variables === 'draft'}
            disabled={busy || invalid}
            onClick={() => approve.mutate('draft')}
          >
            Approve as draft
          </Button>
          <Button variant="danger" busy={reject.isPending} disabled={busy} onClick={() => reject.mutate()}>
            Reject
          </Button>
        </div>
        <div className="proposal-merge">
          <Select label="Or merge into an existing product" value={mergeInto} onChange={(e) => setMergeInto(e.target.value)}>
            <option value="">Choose a product…</option>
            {p.matchedProductId && !products.some((x) => x.id === p.matchedProductId) ? (
              <option value={p.matchedProductId}>{p.matchedProductTitle}</option>
            ) : null}
            {products.map((x) => (
              <option key={x.id} value={x.id}>
                {x.title}
              </option>
            ))}
          </Select>
          <Button variant="secondary" busy={merge.isPending} disabled={busy || !mergeInto} onClick={() => merge.mutate()}>
            Merge
          </Button>
        </div>
      </div>
    </li>
  )
}

/** /import/proposals – review what the hub proposes from imported videos. */
export function ProposalsPage() {
  const [params] = useSearchParams()
  const batchId = params.get('batch') ?? undefined
  const proposals = useQuery({ queryKey: ['ingest-proposals', batchId], queryFn: () => ingestApi.proposals({ status: 'pending', batchId }) })
  const categories = useQuery({ queryKey: ['categories'], queryFn: ingestApi.categories })
  const products = useQuery({ queryKey: ['ingest-merge-products'], queryFn: fetchMergeTargets })
  return (
    <section className="ingest">
      <div className="page-head">
        <div>
          <h1>Product proposals</h1>
          <p className="muted">Check the title and price the hub read from each caption, then approve, merge or reject.</p>
        </div>
        <Link to="/import">Import more links</Link>
      </div>
      {batchId ? (
        <p className="muted">
          Showing one import. <Link to="/import/proposals">Show all pending proposals</Link>
        </p>
      ) : null}
      {proposals.isLoading ? <Loading label="Loading proposals…" /> : null}
      {proposals.error ? (
        <ErrorNote
          error={proposals.error}
          action={
            <Button variant="secondary" onClick={() => proposals.refetch()}>
              Try again
            </Button>
          }
        />
      ) : null}
      {proposals.data && !proposals.data.items.length ? (
        <EmptyState title="Nothing to review" action={<Link to="/import">Import TikTok links</Link>}>
          Proposals appear here once imported videos have been read.
        </EmptyState>
      ) : null}
      <ul className="proposals">
        {proposals.data?.items.map((p) => (
          <ProposalCard key={p.id} p={p} categories={categories.data?.items ?? []} products={products.data ?? []} />
        ))}
      </ul>
    </section>
  )
}
