import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ArrowLeft, CircleAlert, Download, FileText, RotateCw, Send, Store, Trash2 } from 'lucide-react'
import { Link, useNavigate, useParams } from 'react-router'
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  ConfirmDialog,
  CopyButton,
  ErrorNote,
  PageHeader,
  Section,
  Skeleton,
  Tabs,
  TabsContent,
  TabsList,
  TabsTrigger,
  toast,
} from '../../components/ui/ui'
import { call, client } from '../../lib/api-client'
import { hasRole, useMe } from '../../lib/use-me'
import {
  CUT_LABEL,
  type Cut,
  type CutQc,
  outputsOf,
  PLATFORM_LABEL,
  SETTLED,
  type StudioPlatform,
  type StudioVideo,
  sourceLabel,
  studioApi,
  targetOf,
  titleOf,
  usd,
} from './api'
import { PhaseStepper, StatusBadge } from './parts'
import { ScriptEditor } from './script-editor'
import { useVideoEvents } from './use-video-events'

const CUT_ORDER: Cut[] = ['storefront', 'clean', 'square', 'wide']

const backLink = (
  <Button asChild variant="ghost" size="sm" className="-ml-2 w-fit">
    <Link to="/studio">
      <ArrowLeft aria-hidden="true" />
      Back to the studio
    </Link>
  </Button>
)

const fileName = (title: string, suffix: string) => `${title.replace(/[\\/:*?"<>|]+/g, ' ').trim() || 'video'} (${suffix})`

/** The finished cuts in a player with a tab each, and their downloads. */
function Player({ video }: { video: StudioVideo }) {
  const { cuts: byCut, cover, srt } = outputsOf(video)
  const cuts = CUT_ORDER.filter((c) => byCut.has(c))
  if (!cuts.length) return null
  const title = titleOf(video)
  return (
    <Tabs defaultValue={cuts[0]} className="flex flex-col">
      <TabsList aria-label="Cuts" className="w-full flex-wrap sm:w-fit">
        {cuts.map((c) => (
          <TabsTrigger key={c} value={c}>
            {CUT_LABEL[c]}
          </TabsTrigger>
        ))}
      </TabsList>
      {cuts.map((c) => {
        const out = byCut.get(c)
        if (!out) return null
        const vertical = !out.width || !out.height || out.height >= out.width
        return (
          <TabsContent key={c} value={c} className="flex flex-col gap-3">
            {/* biome-ignore lint/a11y/useMediaCaption: the captions are burned into the picture; the SRT is offered as a download */}
            <video
              src={out.url}
              controls
              playsInline
              preload="metadata"
              poster={cover?.url}
              data-testid={`studio-video-${c}`}
              className={vertical ? 'aspect-[9/16] w-full max-w-[min(100%,22rem)] rounded-lg bg-black' : 'w-full max-w-2xl rounded-lg bg-black'}
            />
            <p className="max-w-[22rem] text-xs text-muted-foreground">
              {c === 'clean'
                ? 'No price badge, link or QR code, as TikTok’s guidelines ask: the price and call to action go in the caption.'
                : c === 'storefront'
                  ? 'With the price badge, call to action and QR code: for your storefront, WhatsApp Status and chats.'
                  : 'A clean export for other placements.'}
              {out.width && out.height ? ` ${out.width}×${out.height}` : ''}
              {out.durationMs ? `, ${(out.durationMs / 1000).toFixed(1)} s` : ''}
            </p>
            <div className="flex flex-wrap gap-2">
              <Button variant="secondary" size="sm" asChild>
                <a href={out.url} download={`${fileName(title, CUT_LABEL[c])}.mp4`}>
                  <Download aria-hidden="true" />
                  Download MP4
                </a>
              </Button>
              {srt ? (
                <Button variant="secondary" size="sm" asChild>
                  <a href={srt.url} download={`${fileName(title, 'captions')}.srt`}>
                    <FileText aria-hidden="true" />
                    Download captions (SRT)
                  </a>
                </Button>
              ) : null}
            </div>
          </TabsContent>
        )
      })}
    </Tabs>
  )
}

function PostCaptions({ video }: { video: StudioVideo }) {
  const post = video.post
  if (!post) return null
  const entries = (Object.keys(PLATFORM_LABEL) as StudioPlatform[]).flatMap((p) => (post.platforms[p] ? [[p, post.platforms[p]] as const] : []))
  if (!entries.length) return null
  return (
    <Section title="Post captions" description="Paste these with the video; the price and call to action live here, not in the platform-clean picture.">
      <div className="grid gap-3 xl:grid-cols-2">
        {entries.map(([platform, text]) => (
          <Card key={platform} data-testid="post-caption">
            <CardHeader className="pb-2">
              <CardTitle className="text-sm">{PLATFORM_LABEL[platform]}</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-2 text-sm">
              <p className="whitespace-pre-wrap break-words">{text}</p>
              <div className="flex flex-wrap gap-2">
                <CopyButton size="sm" text={text} label="Copy caption" done={`${PLATFORM_LABEL[platform]} caption copied`} />
                {post.hashtags.length ? <CopyButton size="sm" text={post.hashtags.join(' ')} label="Copy hashtags" done="Hashtags copied" /> : null}
              </div>
            </CardContent>
          </Card>
        ))}
      </div>
    </Section>
  )
}

/** "1080×1920 · 15.2 s · h264/aac · -16.0 LUFS · captions in the safe area", from what was measured. */
function qcLine(q: CutQc) {
  const parts = [
    q.width && q.height ? `${q.width}×${q.height}` : null,
    typeof q.durationMs === 'number' ? `${(q.durationMs / 1000).toFixed(1)} s` : null,
    q.videoCodec ? `${q.videoCodec}/${q.audioCodec ?? 'no audio'}` : null,
    typeof q.lufs === 'number' ? `${q.lufs.toFixed(1)} LUFS` : null,
    q.captionsInSafeArea === undefined ? null : q.captionsInSafeArea ? 'captions in the safe area' : 'captions outside the safe area',
    q.blackStretches?.length || q.frozenStretches?.length
      ? `${q.blackStretches?.length ?? 0} black, ${q.frozenStretches?.length ?? 0} frozen stretches`
      : 'no black or frozen stretches',
  ]
  return parts.filter(Boolean).join(' · ')
}

const UNIT: Record<string, [string, string]> = {
  tokens: ['token', 'tokens'],
  characters: ['character', 'characters'],
  images: ['image', 'images'],
  render_seconds: ['render second', 'render seconds'],
  requests: ['request', 'requests'],
}
/** "1 request", "3.2 render seconds". */
function unitText(quantity: number, unit: string) {
  const [one, many] = UNIT[unit] ?? [unit, unit]
  const n = Math.round(quantity * 10) / 10
  return `${n.toLocaleString()} ${n === 1 ? one : many}`
}

function QualityAndCost({ video }: { video: StudioVideo }) {
  const qc = (Object.entries(video.qc ?? {}) as [Cut, CutQc][]).sort(([a], [b]) => CUT_ORDER.indexOf(a) - CUT_ORDER.indexOf(b))
  const made = Object.entries(video.providers)
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {qc.length ? (
        <Card data-testid="studio-qc">
          <CardHeader className="pb-2">
            <CardTitle className="text-sm">Quality check</CardTitle>
            <CardDescription>Every cut is measured before it is offered.</CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="flex flex-col gap-2 text-sm">
              {qc.map(([cut, q]) => (
                <li key={cut} className="flex flex-col gap-0.5">
                  <span className="flex items-center gap-2 font-medium">
                    {CUT_LABEL[cut]} <Badge tone={q.ok ? 'success' : 'danger'}>{q.ok ? 'Passed' : 'Failed'}</Badge>
                  </span>
                  <span className="text-xs text-muted-foreground tabular-nums">{qcLine(q)}</span>
                  {q.problems.length ? <span className="text-xs text-destructive">{q.problems.join('; ')}</span> : null}
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}
      <Card data-testid="studio-cost">
        <CardHeader className="pb-2">
          <CardTitle className="flex items-center justify-between text-sm">
            Cost of this video <span className="tabular-nums">{usd(video.costs.totalUsd)}</span>
          </CardTitle>
          <CardDescription>Per step: offline steps cost nothing and are listed too.</CardDescription>
          {made.length ? (
            <p className="text-xs text-muted-foreground" data-testid="studio-providers">
              {made.map(([what, who]) => `${what}: ${who}`).join(' · ')}
            </p>
          ) : null}
        </CardHeader>
        <CardContent>
          {video.costs.lines.length ? (
            <ul className="flex flex-col gap-1 text-xs">
              {video.costs.lines.map((l, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: cost lines have no id and never reorder
                <li key={i} className="flex justify-between gap-3 tabular-nums">
                  <span>
                    {l.step} · {l.provider} · {unitText(l.quantity, l.unit)}
                  </span>
                  <span>{usd(l.usd)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-muted-foreground">Nothing recorded yet.</p>
          )}
        </CardContent>
      </Card>
    </div>
  )
}

function ReadyActions({ video, canEdit }: { video: StudioVideo; canEdit: boolean }) {
  const qc = useQueryClient()
  const send = useMutation({
    mutationFn: (to: 'publishing' | 'storefront') => studioApi.publishing(video.id, to === 'storefront' ? true : undefined),
    onSuccess: (_r, to) => {
      toast.success(to === 'storefront' ? 'Shown on your storefront and queued for publishing' : 'Sent to the publishing queue')
      void qc.invalidateQueries({ queryKey: ['studio', 'video', video.id] })
    },
    onError: toast.error,
  })
  if (!canEdit) return null
  return (
    <div className="flex flex-wrap gap-2">
      <Button onClick={() => send.mutate('publishing')} busy={send.isPending && send.variables === 'publishing'} disabled={!!video.sentToPublishingAt}>
        <Send aria-hidden="true" />
        {video.sentToPublishingAt ? 'In the publishing queue' : 'Send to publishing'}
      </Button>
      <Button
        variant="secondary"
        onClick={() => send.mutate('storefront')}
        busy={send.isPending && send.variables === 'storefront'}
        disabled={video.onStorefront}
      >
        <Store aria-hidden="true" />
        {video.onStorefront ? 'On your storefront' : 'Show on storefront'}
      </Button>
    </div>
  )
}

/** /studio/:id – one video: live progress, the script to review, the finished cuts. */
export function StudioVideoPage() {
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const qc = useQueryClient()
  const { data: me } = useMe()
  const canEdit = hasRole(me, 'staff')
  const video = useQuery({
    queryKey: ['studio', 'video', id],
    queryFn: () => studioApi.video(id),
    // The stream moves it; a slow poll catches anything a dropped connection missed.
    refetchInterval: (q) => (q.state.data && SETTLED.includes(q.state.data.status) ? false : 5000),
  })
  const v = video.data
  const productId = v?.source.kind === 'product' ? v.source.productId : null
  const product = useQuery({
    queryKey: ['studio', 'product', productId],
    queryFn: () => call(client.api.products[':id'].$get({ param: { id: productId ?? '' } })),
    enabled: Boolean(productId),
    staleTime: 60_000,
  })
  const live = useVideoEvents(id, Boolean(v && !['ready', 'failed', 'rejected'].includes(v.status)))
  const resubmit = useMutation({
    mutationFn: () => studioApi.resubmit(id),
    onSuccess: () => {
      toast.success('Started again')
      void qc.invalidateQueries({ queryKey: ['studio'] })
    },
    onError: toast.error,
  })
  const remove = useMutation({
    mutationFn: () => studioApi.remove(id),
    onSuccess: () => {
      toast.success('Video deleted')
      void qc.invalidateQueries({ queryKey: ['studio', 'videos'] })
      navigate('/studio')
    },
    onError: toast.error,
  })

  if (video.isLoading)
    return (
      <div className="flex flex-col gap-4" role="status" aria-busy="true">
        <span className="sr-only">Loading the video…</span>
        {backLink}
        <Skeleton className="h-10 w-2/3" />
        <Skeleton className="h-24" />
      </div>
    )
  if (video.error || !v)
    return (
      <div className="flex flex-col gap-4">
        {backLink}
        <ErrorNote error={video.error ?? new Error('Video not found')} />
      </div>
    )
  const reviewing = (v.status === 'awaiting_review' || v.status === 'blocked') && v.script && canEdit
  const target = targetOf(v)
  const stopped = v.status === 'failed' || v.status === 'parked' || v.status === 'rejected'
  return (
    <div className="flex flex-col gap-5">
      {backLink}
      <PageHeader
        className="mb-0"
        title={product.data?.title ?? titleOf(v)}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <StatusBadge status={v.status} />
            {sourceLabel(v.source)}
            {target ? ` · ${target} s` : ''}
            {v.options.platform ? ` for ${PLATFORM_LABEL[v.options.platform]}` : ''}
            {live ? <span className="text-xs">· live</span> : null}
          </span>
        }
        actions={
          canEdit ? (
            <ConfirmDialog
              title="Delete this video?"
              description="Its cuts, captions and cover are deleted from storage. This cannot be undone."
              confirmLabel="Delete video"
              onConfirm={() => remove.mutateAsync()}
            >
              <Button variant="ghost">
                <Trash2 aria-hidden="true" />
                Delete
              </Button>
            </ConfirmDialog>
          ) : null
        }
      />
      {v.status !== 'ready' ? (
        <Card className="p-4">
          <PhaseStepper phase={v.phase} percent={v.percent} status={v.status} />
        </Card>
      ) : null}

      {stopped ? (
        <div
          role="alert"
          className="flex flex-wrap items-start gap-3 rounded-lg border border-destructive/30 bg-danger-soft p-3 text-sm"
          data-testid="studio-stopped"
        >
          <CircleAlert className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden="true" />
          <div className="flex min-w-0 flex-1 flex-col gap-1">
            <strong className="font-medium">
              {v.status === 'parked' ? 'Parked: the script waited too long for review.' : v.status === 'rejected' ? 'Rejected.' : 'This video failed.'}
            </strong>
            {v.error ? <span>{v.error}</span> : null}
          </div>
          {canEdit && v.status !== 'rejected' ? (
            <Button variant="secondary" size="sm" onClick={() => resubmit.mutate()} busy={resubmit.isPending}>
              <RotateCw aria-hidden="true" />
              Resubmit
            </Button>
          ) : null}
        </div>
      ) : null}

      {reviewing ? <ScriptEditor key={`${v.status}-${v.workflowInstanceId}`} video={v} /> : null}
      {v.status === 'ready' ? (
        <>
          <div className="grid gap-5 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
            <Player video={v} />
            <div className="flex flex-col gap-4">
              <ReadyActions video={v} canEdit={canEdit} />
              <PostCaptions video={v} />
            </div>
          </div>
          <QualityAndCost video={v} />
        </>
      ) : !reviewing ? (
        <QualityAndCost video={v} />
      ) : null}
    </div>
  )
}
