import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useCallback, useEffect, useState } from 'react'
import { Link, useParams } from 'react-router'
import { Button, EmptyState, ErrorNote, Field, Loading } from '../../components/ui/ui'
import { call, client } from '../../lib/api-client'

type ProductMedia = InferResponseType<(typeof client.api.products)[':id']['media']['$get'], 200>
type Asset = ProductMedia['images'][number]
type Job = InferResponseType<(typeof client.api.jobs)[':id']['$get'], 200>['job']

const STATUS_TEXT: Record<Job['status'], string> = {
  queued: 'Waiting for a render node…',
  running: 'Rendering…',
  succeeded: 'Done',
  failed: 'Failed',
  dead: 'Failed after several tries',
}

/** Follows a render job until it ends. */
function useJob(jobId: string | null) {
  return useQuery({
    queryKey: ['job', jobId],
    queryFn: async () => (await call(client.api.jobs[':id'].$get({ param: { id: jobId ?? '' } }))).job,
    enabled: Boolean(jobId),
    refetchInterval: (q) => (q.state.data && ['succeeded', 'failed', 'dead'].includes(q.state.data.status) ? false : 1000),
  })
}

function PromoMaker({ productId, onDone }: { productId: string; onDone: () => void }) {
  const [jobId, setJobId] = useState<string | null>(null)
  const [callToAction, setCallToAction] = useState('Order on WhatsApp')
  const [voiceOver, setVoiceOver] = useState(false)
  const start = useMutation({
    mutationFn: () => call(client.api.products[':id'].promo.$post({ param: { id: productId }, json: { callToAction, voiceOver } })),
    onSuccess: (r) => setJobId(r.job.id),
  })
  const retry = useMutation({ mutationFn: () => call(client.api.jobs[':id'].retry.$post({ param: { id: jobId ?? '' } })) })
  const job = useJob(jobId)
  const status = job.data?.status
  const working = Boolean(jobId) && (status === undefined || status === 'queued' || status === 'running')
  useEffect(() => {
    if (status === 'succeeded') onDone()
  }, [status, onDone])
  return (
    <section className="card promo-maker" aria-label="Make a promo video">
      <h2>Promo video</h2>
      <p className="muted">A 15-second 9:16 video (1080×1920) from the product’s images, title and price, ready for TikTok, Reels and Status.</p>
      <div className="promo-form">
        <Field label="Call to action" value={callToAction} maxLength={80} onChange={(e) => setCallToAction(e.target.value)} />
        <label className="checkbox">
          <input type="checkbox" checked={voiceOver} onChange={(e) => setVoiceOver(e.target.checked)} /> Add a voice-over
        </label>
        <Button onClick={() => start.mutate()} busy={start.isPending || working} disabled={!callToAction.trim()}>
          {working ? 'Making promo video…' : 'Make promo video'}
        </Button>
      </div>
      {start.error ? <ErrorNote error={start.error} /> : null}
      {jobId && job.data ? (
        <div className="job-progress" data-testid="promo-progress">
          <progress max={100} value={job.data.progress} aria-label="Promo video progress" />
          <span>
            {STATUS_TEXT[job.data.status]} {job.data.progress}%{job.data.attempts > 1 ? ` (try ${job.data.attempts})` : ''}
          </span>
          {status === 'failed' || status === 'dead' ? (
            <ErrorNote
              error={job.data.error ?? 'The render failed'}
              action={
                <Button variant="secondary" onClick={() => retry.mutate()}>
                  Try again
                </Button>
              }
            />
          ) : null}
        </div>
      ) : null}
    </section>
  )
}

const sizeText = (a: Asset) =>
  `${a.width ?? '?'}×${a.height ?? '?'}${a.durationMs ? `, ${(a.durationMs / 1000).toFixed(1)} s` : ''}, ${(a.bytes / 1024).toFixed(0)} KB`

/** A product's media: its images, generated thumbnails, preview clips and promo videos. */
export function ProductMediaPage() {
  const { id } = useParams()
  const queryClient = useQueryClient()
  const media = useQuery({ queryKey: ['product-media', id], queryFn: () => call(client.api.products[':id'].media.$get({ param: { id: id ?? '' } })) })
  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: ['product-media', id] }), [queryClient, id])
  if (media.isPending) return <Loading label="Loading media…" />
  if (media.error) return <ErrorNote error={media.error} action={<Link to="/products">Back to products</Link>} />
  const m = media.data
  const thumbs = m.thumbnails.filter((t) => t.contentType === 'image/webp')
  return (
    <div className="product-media">
      <p>
        <Link to={`/products/${m.product.id}`}>← {m.product.title}</Link>
      </p>
      <h1>Media of {m.product.title}</h1>
      <PromoMaker productId={m.product.id} onDone={refresh} />

      <section aria-label="Promo videos">
        <h2>Promo videos</h2>
        {m.promos.length === 0 ? (
          <EmptyState title="No promo video yet">Press “Make promo video” above; it takes about a minute.</EmptyState>
        ) : (
          <div className="video-grid">
            {m.promos.map((p) => (
              <figure key={p.id} className="card">
                {/* biome-ignore lint/a11y/useMediaCaption: the promo's words (title, price, call to action) are drawn into its frames */}
                <video src={p.url} controls playsInline preload="metadata" data-testid="promo-video" width={270} />
                <figcaption>
                  {sizeText(p)} ·{' '}
                  <a href={p.url} download={`${m.product.title}.mp4`}>
                    Download
                  </a>
                </figcaption>
              </figure>
            ))}
          </div>
        )}
      </section>

      <section aria-label="Preview clips">
        <h2>Preview clips</h2>
        {m.previews.length === 0 ? (
          <p className="muted">Preview clips appear here when a video of the product is processed.</p>
        ) : (
          <div className="video-grid">
            {m.previews.map((p) =>
              p.contentType === 'video/mp4' ? (
                <video key={p.id} src={p.url} muted loop autoPlay playsInline width={180} />
              ) : (
                <img key={p.id} src={p.url} alt="Animated preview" width={180} />
              ),
            )}
          </div>
        )}
      </section>

      <section aria-label="Thumbnails">
        <h2>Thumbnails</h2>
        {thumbs.length === 0 && m.images.length === 0 ? (
          <p className="muted">Upload product images to get thumbnails in every size.</p>
        ) : (
          <div className="thumb-grid">
            {(thumbs.length ? thumbs : m.images).map((t) => (
              <figure key={t.id}>
                <img src={t.url} alt="" loading="lazy" />
                <figcaption className="muted">{sizeText(t)}</figcaption>
              </figure>
            ))}
          </div>
        )}
      </section>
    </div>
  )
}
