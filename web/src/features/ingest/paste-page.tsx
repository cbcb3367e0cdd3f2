import { useMutation, useQuery } from '@tanstack/react-query'
import { ArrowRight, ChevronRight, FileUp, Import, Inbox } from 'lucide-react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import {
  Badge,
  Button,
  buttonVariants,
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
  cn,
  EmptyState,
  ErrorNote,
  PageHeader,
  plural,
  SkeletonRows,
  TextArea,
  toast,
} from '../../components/ui/ui'
import { fieldErrors } from '../../lib/api-client'
import { ingestApi, MAX_LINKS, nonEmptyLines, STATUS_LABEL } from './api'

const TONE: Record<string, 'success' | 'warning' | 'danger' | 'neutral'> = { proposed: 'success', duplicate: 'warning', rejected: 'danger', failed: 'danger' }

/** /import – paste TikTok links (or upload a CSV) and see recent pastes. */
export function PastePage() {
  const navigate = useNavigate()
  const [text, setText] = useState('')
  const [fileNote, setFileNote] = useState<string | null>(null)
  const count = nonEmptyLines(text).length
  const tooMany = count > MAX_LINKS
  const batches = useQuery({ queryKey: ['ingest-batches'], queryFn: ingestApi.batches })
  const create = useMutation({
    mutationFn: () => ingestApi.createBatch(text),
    onSuccess: (r) => {
      toast.success(`Importing ${plural(r.batch.total, 'link')}`)
      navigate(`/import/batches/${r.batch.id}`)
    },
    onError: toast.error,
  })
  const apiError = fieldErrors(create.error).text

  async function onFile(file: File | undefined) {
    if (!file) return
    if (file.size > 2 * 1024 * 1024) return setFileNote('That file is over 2 MB; a CSV of 500 links is far smaller. Check you picked the right file.')
    const content = await file.text()
    setText((t) => (t.trim() ? `${t.trim()}\n${content}` : content))
    setFileNote(`Added ${plural(nonEmptyLines(content).length, 'line')} from ${file.name}.`)
  }

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Import from TikTok"
        description="Paste links to your videos; each one becomes a product proposal you can approve."
        className="mb-0"
        actions={
          <Button asChild variant="secondary">
            <Link to="/import/proposals">
              Review proposals
              <ArrowRight aria-hidden="true" />
            </Link>
          </Button>
        }
      />
      <Card>
        <CardHeader>
          <CardTitle>Paste links</CardTitle>
          <CardDescription>Up to {MAX_LINKS} at a time. We read each caption for the product name, price and category.</CardDescription>
        </CardHeader>
        <form
          onSubmit={(e) => {
            e.preventDefault()
            if (count && !tooMany) create.mutate()
          }}
        >
          <CardContent className="flex flex-col gap-3">
            <TextArea
              label="TikTok links, one per line"
              name="links"
              rows={8}
              value={text}
              className="[&_textarea]:font-mono [&_textarea]:text-xs sm:[&_textarea]:text-sm"
              onChange={(e) => setText(e.target.value)}
              placeholder={'https://www.tiktok.com/@yourshop/video/7234567890123456789\nhttps://vm.tiktok.com/ZMabc123/'}
              hint={`${count} of ${MAX_LINKS} links. Long links, short links (vm.tiktok.com, vt.tiktok.com, tiktok.com/t/) and embed links all work.`}
              error={tooMany ? `That is ${count} links; paste at most ${MAX_LINKS} at a time.` : (apiError ?? null)}
            />
            {fileNote ? (
              <p className="text-sm text-muted-foreground" role="status">
                {fileNote}
              </p>
            ) : null}
            {create.error && !apiError ? <ErrorNote error={create.error} /> : null}
          </CardContent>
          <CardFooter className="flex-wrap justify-between">
            <label
              className={cn(
                buttonVariants({ variant: 'secondary' }),
                'ingest-file has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-ring',
              )}
            >
              <FileUp aria-hidden="true" />
              Upload CSV
              <input
                type="file"
                accept=".csv,text/csv,text/plain"
                className="sr-only"
                onChange={(e) => void onFile(e.target.files?.[0])}
                data-testid="csv-input"
              />
            </label>
            <Button type="submit" busy={create.isPending} disabled={!count || tooMany}>
              {create.isPending ? null : <Import aria-hidden="true" />}
              {create.isPending ? 'Starting…' : `Import ${count || ''} link${count === 1 ? '' : 's'}`}
            </Button>
          </CardFooter>
        </form>
      </Card>

      <section className="flex flex-col gap-3" aria-labelledby="recent-imports">
        <h2 id="recent-imports" className="text-base font-semibold">
          Recent imports
        </h2>
        {batches.isLoading ? (
          <Card>
            <SkeletonRows rows={3} label="Loading recent imports…" />
          </Card>
        ) : null}
        {batches.error ? (
          <ErrorNote
            error={batches.error}
            action={
              <Button variant="secondary" onClick={() => batches.refetch()}>
                Try again
              </Button>
            }
          />
        ) : null}
        {batches.data && !batches.data.items.length ? (
          <EmptyState title="No imports yet" icon={<Inbox aria-hidden="true" />}>
            Paste your first TikTok links above; each one turns into a product proposal.
          </EmptyState>
        ) : null}
        {batches.data?.items.length ? (
          <Card>
            <ul className="ingest-batches divide-y">
              {batches.data.items.map((b) => (
                <li key={b.id} className="block">
                  <Link
                    to={`/import/batches/${b.id}`}
                    className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 text-sm no-underline transition-colors hover:bg-muted/60 focus-visible:outline-offset-[-2px]"
                  >
                    <span className="flex min-w-0 flex-1 flex-col gap-0.5">
                      <span className="font-medium">{plural(b.total, 'link')}</span>
                      <span className="text-xs text-muted-foreground">{new Date(b.createdAt).toLocaleString()}</span>
                    </span>
                    <span className="flex flex-wrap items-center gap-1.5">
                      {Object.entries(b.counts).map(([s, n]) => (
                        <Badge key={s} tone={TONE[s] ?? 'neutral'}>
                          {n} {(STATUS_LABEL as Record<string, string>)[s]?.toLowerCase() ?? s}
                        </Badge>
                      ))}
                    </span>
                    <ChevronRight className="size-4 text-muted-foreground" aria-hidden="true" />
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
      </section>
    </div>
  )
}
