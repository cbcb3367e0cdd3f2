import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ExternalLink, Plus, WandSparkles, X } from 'lucide-react'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import {
  Badge,
  Button,
  Card,
  EmptyState,
  ErrorNote,
  Field,
  formatMoney,
  minorToInput,
  PageHeader,
  parseMoney,
  plural,
  Select,
  Skeleton,
  toast,
} from '../../components/ui/ui'
import { type Category, ingestApi, type Proposal, type ProposalDraft } from './api'

type ProductOption = { id: string; title: string }
type Variant = ProposalDraft['variants'][number]

/** Currencies offered for a proposal (ISO 4217); the draft's own is always in the list. */
const CURRENCIES = ['KES', 'NGN', 'GHS', 'UGX', 'TZS', 'RWF', 'ZAR', 'EGP', 'MAD', 'XOF', 'XAF', 'ETB', 'USD', 'EUR', 'GBP', 'INR', 'AED', 'CAD', 'AUD']

/** How a call to action read from the caption reads on the card. */
const CTA_LABEL: Record<string, string> = {
  dm_to_order: 'DM to order',
  link_in_bio: 'Link in bio',
  whatsapp: 'Order on WhatsApp',
  call_phone: 'Call to order',
  comment_keyword: 'Comment a keyword',
  shop_now: 'Shop now',
  visit_store: 'Visit the store',
  tiktok_shop: 'Buy on TikTok Shop',
  follow: 'Follow the shop',
}
const ctaText = (c: { type: string; keyword?: string }) => `${CTA_LABEL[c.type] ?? c.type.replace(/_/g, ' ')}${c.keyword ? ` “${c.keyword}”` : ''}`
const splitList = (text: string) =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)

function ProposalCard({ p, categories, products }: { p: Proposal; categories: Category[]; products: ProductOption[] }) {
  const qc = useQueryClient()
  const [title, setTitle] = useState(p.draft.title)
  const [currency, setCurrency] = useState(p.draft.currency)
  const [price, setPrice] = useState(minorToInput(p.draft.priceMinor, p.draft.currency))
  const [compareAt, setCompareAt] = useState(minorToInput(p.draft.compareAtMinor, p.draft.currency))
  const [category, setCategory] = useState(p.draft.category ?? '')
  const [tags, setTags] = useState(p.draft.tags.join(', '))
  const [codes, setCodes] = useState((p.draft.codes ?? []).join(', '))
  // Variant rows: a size and an optional own price (empty = the product's price).
  const [variants, setVariants] = useState(() =>
    (p.draft.variants ?? []).map((v) => ({
      size: v.options.size ?? Object.values(v.options)[0] ?? v.title ?? '',
      price: minorToInput(v.priceMinor, p.draft.currency),
    })),
  )
  const [mergeInto, setMergeInto] = useState(p.matchedProductId ?? '')
  const priceMinor = price.trim() ? parseMoney(price, currency) : null
  const compareMinor = compareAt.trim() ? parseMoney(compareAt, currency) : null
  const priceError = price.trim() && priceMinor === null ? `Write the price as a number, e.g. ${minorToInput(4500, currency)}` : null
  const compareError = compareAt.trim() && compareMinor === null ? 'Write the old price as a number' : null
  const variantRows = variants
    .filter((v) => v.size.trim())
    .map((v) => ({
      size: v.size.trim(),
      priceMinor: v.price.trim() ? parseMoney(v.price, currency) : priceMinor,
      bad: Boolean(v.price.trim()) && parseMoney(v.price, currency) === null,
    }))
  const variantError = variantRows.some((v) => v.bad) ? 'Write each size’s price as a number, or leave it empty' : null
  const edits = (): Partial<ProposalDraft> => ({
    title: title.trim(),
    currency,
    priceMinor,
    compareAtMinor: compareMinor,
    category: category || null,
    tags: splitList(tags),
    codes: splitList(codes).map((c) => c.toUpperCase()),
    variants: variantRows.map((v): Variant => ({ title: v.size, options: { size: v.size }, priceMinor: v.priceMinor, stock: null })),
  })
  // The merge list comes with the proposals: refetching them shows a product approved a moment ago.
  const done = (message: string) => () => {
    toast.success(message)
    return qc.invalidateQueries({ queryKey: ['ingest-proposals'] })
  }
  const approve = useMutation({
    mutationFn: (status: 'draft' | 'published') => ingestApi.approve(p.id, { draft: edits(), status }),
    onSuccess: (_r, status) => done(status === 'published' ? `“${title.trim()}” is live on your storefront` : `“${title.trim()}” saved as a draft`)(),
    onError: toast.error,
  })
  const merge = useMutation({ mutationFn: () => ingestApi.merge(p.id, mergeInto), onSuccess: done('Video added to the product'), onError: toast.error })
  const reject = useMutation({ mutationFn: () => ingestApi.reject(p.id), onSuccess: done('Proposal rejected'), onError: toast.error })
  const error = approve.error ?? merge.error ?? reject.error
  const busy = approve.isPending || merge.isPending || reject.isPending
  const invalid = Boolean(priceError || compareError || variantError || !title.trim())
  const currencies = CURRENCIES.includes(currency) ? CURRENCIES : [currency, ...CURRENCIES]

  return (
    <Card as="article" className="proposal grid gap-4 p-4 md:grid-cols-[12rem_minmax(0,1fr)]" data-testid="proposal">
      <div className="flex flex-col gap-2">
        {p.coverUrl ? (
          <img
            src={p.coverUrl}
            alt={`Cover of the TikTok video for ${p.draft.title}`}
            loading="lazy"
            className="aspect-[9/16] max-h-80 w-full rounded-lg bg-muted object-cover md:max-h-none"
          />
        ) : (
          <div className="flex aspect-[9/16] max-h-48 w-full items-center justify-center rounded-lg bg-muted text-sm text-muted-foreground">No cover</div>
        )}
        <a href={p.videoUrl} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 text-sm font-medium text-primary hover:underline">
          <ExternalLink className="size-4" aria-hidden="true" /> Open on TikTok
        </a>
      </div>
      <div className="flex min-w-0 flex-col gap-4">
        {p.caption ? <p className="line-clamp-4 rounded-md bg-muted/60 px-3 py-2 text-sm text-foreground italic">“{p.caption}”</p> : null}
        {p.matchedProductTitle ? (
          <p className="rounded-md bg-accent px-3 py-2 text-sm text-accent-foreground">
            Looks like your product <strong>{p.matchedProductTitle}</strong>: merge to add this video to it.
          </p>
        ) : null}
        {p.draft.ctas?.length ? (
          <p className="flex flex-wrap items-center gap-1.5 text-sm" data-testid="proposal-ctas">
            <span className="text-muted-foreground">Caption asks shoppers to:</span>
            {p.draft.ctas.map((c) => (
              <Badge key={`${c.type}-${c.keyword ?? ''}`} tone="primary">
                {ctaText(c)}
              </Badge>
            ))}
          </p>
        ) : null}
        <Field label="Title" value={title} onChange={(e) => setTitle(e.target.value)} error={title.trim() ? null : 'A product needs a title'} />
        <div className="grid gap-3 sm:grid-cols-[8rem_1fr_1fr]">
          <Select label="Currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
            {currencies.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </Select>
          <Field
            label={`Price (${currency})`}
            inputMode="decimal"
            value={price}
            onChange={(e) => setPrice(e.target.value)}
            error={priceError}
            hint={priceMinor ? formatMoney(priceMinor, currency) : 'No price found in the caption'}
          />
          <Field label="Was (optional)" inputMode="decimal" value={compareAt} onChange={(e) => setCompareAt(e.target.value)} error={compareError} />
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <Select label="Category" value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">None</option>
            {categories.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.name}
              </option>
            ))}
          </Select>
          <Field label="Tags (comma separated)" value={tags} onChange={(e) => setTags(e.target.value)} />
        </div>
        <Field
          label="Discount codes (comma separated)"
          value={codes}
          onChange={(e) => setCodes(e.target.value)}
          hint="Shown on the product page, e.g. “Use code KICKS10”"
          data-testid="proposal-codes"
        />
        <fieldset className="flex flex-col gap-2 rounded-lg border p-3" data-testid="proposal-variants">
          <legend className="px-1 text-sm font-medium">Sizes (become variants)</legend>
          {variants.length === 0 ? <p className="text-sm text-muted-foreground">No sizes in the caption; add some if the product has them.</p> : null}
          {variants.map((v, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional and edited in place
            <div className="grid grid-cols-[1fr_1fr_auto] items-end gap-2" key={i}>
              <Field
                label={`Size ${i + 1}`}
                value={v.size}
                onChange={(e) => setVariants((list) => list.map((x, j) => (j === i ? { ...x, size: e.target.value } : x)))}
              />
              <Field
                label={`Price of size ${i + 1} (optional)`}
                inputMode="decimal"
                value={v.price}
                onChange={(e) => setVariants((list) => list.map((x, j) => (j === i ? { ...x, price: e.target.value } : x)))}
              />
              <Button
                variant="ghost"
                size="icon"
                onClick={() => setVariants((list) => list.filter((_, j) => j !== i))}
                aria-label={`Remove size ${v.size || i + 1}`}
              >
                <X aria-hidden="true" />
              </Button>
            </div>
          ))}
          {variantError ? <p className="text-sm text-destructive">{variantError}</p> : null}
          <Button variant="secondary" size="sm" className="self-start" onClick={() => setVariants((list) => [...list, { size: '', price: '' }])}>
            <Plus aria-hidden="true" /> Add size
          </Button>
        </fieldset>
        {error ? <ErrorNote error={error} /> : null}
        <div className="flex flex-wrap gap-2">
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
        <div className="flex flex-wrap items-end gap-2 border-t pt-4">
          <Select label="Or merge into an existing product" className="min-w-56 flex-1" value={mergeInto} onChange={(e) => setMergeInto(e.target.value)}>
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
    </Card>
  )
}

/** /import/proposals – review what the hub proposes from imported videos. */
export function ProposalsPage() {
  const [params] = useSearchParams()
  const batchId = params.get('batch') ?? undefined
  const proposals = useQuery({ queryKey: ['ingest-proposals', batchId], queryFn: () => ingestApi.proposals({ status: 'pending', batchId }) })
  const categories = useQuery({ queryKey: ['categories'], queryFn: ingestApi.categories })
  return (
    <>
      <PageHeader
        title="Product proposals"
        description={
          proposals.data?.items.length
            ? `${plural(proposals.data.items.length, 'proposal')} to review. Check the title and price the hub read from each caption, then approve, merge or reject.`
            : 'Check the title and price the hub read from each caption, then approve, merge or reject.'
        }
        actions={
          <Button variant="secondary" asChild>
            <Link to="/import">Import more links</Link>
          </Button>
        }
      />
      {batchId ? (
        <p className="mb-4 text-sm text-muted-foreground">
          Showing one import.{' '}
          <Link className="font-medium text-primary hover:underline" to="/import/proposals">
            Show all pending proposals
          </Link>
        </p>
      ) : null}
      {proposals.isLoading ? (
        <div role="status" aria-label="Loading proposals…" className="flex flex-col gap-4">
          <Skeleton className="h-72" />
          <Skeleton className="h-72" />
        </div>
      ) : null}
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
        <EmptyState
          icon={<WandSparkles />}
          title="Nothing to review"
          action={
            <Button asChild>
              <Link to="/import">Import TikTok links</Link>
            </Button>
          }
        >
          Proposals appear here once imported videos have been read.
        </EmptyState>
      ) : null}
      <ul className="flex flex-col gap-4">
        {proposals.data?.items.map((p) => (
          <li key={p.id}>
            <ProposalCard p={p} categories={categories.data?.items ?? []} products={proposals.data?.mergeTargets ?? []} />
          </li>
        ))}
      </ul>
    </>
  )
}
