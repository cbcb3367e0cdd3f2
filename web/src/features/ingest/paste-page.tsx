import { useMutation, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { Button, EmptyState, ErrorNote, Loading, TextArea } from '../../components/ui/ui'
import { ingestApi, MAX_LINKS, nonEmptyLines } from './api'

/** /import – paste TikTok links (or upload a CSV) and see recent pastes. */
export function PastePage() {
  const navigate = useNavigate()
  const [text, setText] = useState('')
  const [fileNote, setFileNote] = useState<string | null>(null)
  const count = nonEmptyLines(text).length
  const tooMany = count > MAX_LINKS
  const batches = useQuery({ queryKey: ['ingest-batches'], queryFn: ingestApi.batches })
  const create = useMutation({ mutationFn: () => ingestApi.createBatch(text), onSuccess: (r) => navigate(`/import/batches/${r.batch.id}`) })

  async function onFile(file: File | undefined) {
    if (!file) return
    if (file.size > 2 * 1024 * 1024) return setFileNote('That file is over 2 MB; a CSV of 500 links is far smaller. Check you picked the right file.')
    const content = await file.text()
    setText((t) => (t.trim() ? `${t.trim()}\n${content}` : content))
    setFileNote(`Added ${nonEmptyLines(content).length} lines from ${file.name}.`)
  }

  return (
    <section className="ingest">
      <div className="page-head">
        <div>
          <h1>Import from TikTok</h1>
          <p className="muted">Paste links to your videos; each one becomes a product proposal you can approve.</p>
        </div>
        <Link to="/import/proposals">Review proposals →</Link>
      </div>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault()
          if (count && !tooMany) create.mutate()
        }}
      >
        <TextArea
          label="TikTok links, one per line"
          name="links"
          rows={8}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={'https://www.tiktok.com/@yourshop/video/7234567890123456789\nhttps://vm.tiktok.com/ZMabc123/'}
          hint={`${count} of ${MAX_LINKS} links. Long links, short links (vm.tiktok.com, vt.tiktok.com, tiktok.com/t/) and embed links all work.`}
          error={tooMany ? `That is ${count} links; paste at most ${MAX_LINKS} at a time.` : null}
        />
        <div className="ingest-actions">
          <label className="btn btn-secondary ingest-file">
            Upload CSV
            <input type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void onFile(e.target.files?.[0])} data-testid="csv-input" />
          </label>
          <Button type="submit" busy={create.isPending} disabled={!count || tooMany}>
            {create.isPending ? 'Starting…' : `Import ${count || ''} link${count === 1 ? '' : 's'}`}
          </Button>
        </div>
        {fileNote ? <p className="muted">{fileNote}</p> : null}
        {create.error ? <ErrorNote error={create.error} /> : null}
      </form>

      <h2>Recent imports</h2>
      {batches.isLoading ? <Loading /> : null}
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
      {batches.data && !batches.data.items.length ? <EmptyState title="No imports yet">Paste your first TikTok links above.</EmptyState> : null}
      {batches.data?.items.length ? (
        <ul className="ingest-batches">
          {batches.data.items.map((b) => (
            <li key={b.id} className="card">
              <Link to={`/import/batches/${b.id}`}>
                {new Date(b.createdAt).toLocaleString()} · {b.total} link{b.total === 1 ? '' : 's'}
              </Link>
              <span className="muted">
                {Object.entries(b.counts)
                  .map(([s, n]) => `${n} ${s}`)
                  .join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
