import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { ArrowLeft, Clapperboard, Download } from 'lucide-react'
import { useCallback, useEffect, useState } from 'react'
import { Link, useParams } from 'react-router'
import {
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  Checkbox,
  EmptyState,
  ErrorNote,
  Field,
  Label,
  Section,
  Skeleton,
  toast,
} from '../../components/ui/ui'
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
    onSuccess: (r) => {
      setJobId(r.job.id)
      toast.info('Making the promo video; it takes about a minute')
    },
    onError: toast.error,
  })
  const retry = useMutation({ mutationFn: () => call(client.api.jobs[':id'].retry.$post({ param: { id: jobId ?? '' } })) })
  const job = useJob(jobId)
  const status = job.data?.status
  const working = Boolean(jobId) && (status === undefined || status === 'queued' || status === 'running')
  useEffect(() => {
    if (status === 'succeeded') {
      onDone()
      toast.success('Promo video ready')
    }
  }, [status, onDone])
  return (
    <Card as="section" aria-label="Make a promo video">
      <CardHeader>
        <CardTitle>Promo video</CardTitle>
        <CardDescription>A 15-second 9:16 video (1080×1920) from the product’s images, title and price, ready for TikTok, Reels and Status.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <div className="flex flex-wrap items-end gap-4">
          <Field label="Call to action" className="min-w-56 flex-1" value={callToAction} maxLength={80} onChange={(e) => setCallToAction(e.target.value)} />
          <Label className="flex h-9 cursor-pointer items-center gap-2 font-normal">
            <Checkbox checked={voiceOver} onCheckedChange={(c) => setVoiceOver(c === true)} /> Add a voice-over
          </Label>
          <Button onClick={() => start.mutate()} busy={start.isPending || working} disabled={!callToAction.trim()}>
            {working ? 'Making promo video…' : 'Make promo video'}
          </Button>
        </div>
        {start.error ? <ErrorNote error={start.error} /> : null}
        {jobId && job.data ? (
          <div className="flex flex-col gap-2" data-testid="promo-progress">
            <progress className="h-2 w-full accent-primary" max={100} value={job.data.progress} aria-label="Promo video progress" />
            <span className="text-sm text-muted-foreground">
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
      </CardContent>
    </Card>
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
  if (media.isPending)
    return (
      <div role="status" aria-label="Loading media…" className="flex flex-col gap-4">
        <Skeleton className="h-8 w-72" />
        <Skeleton className="h-48" />
      </div>
    )
  if (media.error)
    return (
      <ErrorNote
        error={media.error}
        action={
          <Button variant="secondary" size="sm" asChild>
            <Link to="/products">Back to products</Link>
          </Button>
        }
      />
    )
  const m = media.data
  const thumbs = m.thumbnails.filter((t) => t.contentType === 'image/webp')
  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-col gap-1">
        <Link to={`/products/${m.product.id}`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-4" aria-hidden="true" /> {m.product.title}
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight">Media of {m.product.title}</h1>
      </header>
      <PromoMaker productId={m.product.id} onDone={refresh} />

      <Section title="Promo videos">
        {m.promos.length === 0 ? (
          <EmptyState icon={<Clapperboard />} title="No promo video yet">
            Press “Make promo video” above; it takes about a minute.
          </EmptyState>
        ) : (
          <div className="flex flex-wrap gap-4">
            {m.promos.map((p) => (
              <figure key={p.id} className="flex w-[284px] flex-col gap-2 rounded-xl border bg-card p-2">
                {/* biome-ignore lint/a11y/useMediaCaption: the promo's words (title, price, call to action) are drawn into its frames */}
                <video src={p.url} controls playsInline preload="metadata" data-testid="promo-video" width={270} className="rounded-lg bg-black" />
                <figcaption className="flex items-center justify-between gap-2 px-1 text-xs text-muted-foreground">
                  {sizeText(p)}
                  <a href={p.url} download={`${m.product.title}.mp4`} className="inline-flex items-center gap-1 font-medium text-primary hover:underline">
                    <Download className="size-3.5" aria-hidden="true" /> Download
                  </a>
                </figcaption>
              </figure>
            ))}
          </div>
        )}
      </Section>

      <Section title="Preview clips">
        {m.previews.length === 0 ? (
          <p className="text-sm text-muted-foreground">Preview clips appear here when a video of the product is processed.</p>
        ) : (
          <div className="flex flex-wrap gap-3 [&>*]:rounded-lg">
            {m.previews.map((p) =>
              p.contentType === 'video/mp4' ? (
                <video key={p.id} src={p.url} muted loop autoPlay playsInline width={180} />
              ) : (
                <img key={p.id} src={p.url} alt="Animated preview" width={180} />
              ),
            )}
          </div>
        )}
      </Section>

      <Section title="Thumbnails">
        {thumbs.length === 0 && m.images.length === 0 ? (
          <p className="text-sm text-muted-foreground">Upload product images to get thumbnails in every size.</p>
        ) : (
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-6">
            {(thumbs.length ? thumbs : m.images).map((t) => (
              <figure key={t.id} className="flex flex-col gap-1">
                <img src={t.url} alt="" loading="lazy" className="aspect-square w-full rounded-lg border bg-muted object-cover" />
                <figcaption className="text-xs text-muted-foreground">{sizeText(t)}</figcaption>
              </figure>
            ))}
          </div>
        )}
      </Section>
    </div>
  )
}
