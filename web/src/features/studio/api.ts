import type { ClientResponse, InferRequestType, InferResponseType } from 'hono/client'
import {
  type BrandVoice,
  STUDIO_PHASES,
  type STUDIO_PLATFORMS,
  type STUDIO_TONES,
  type StudioPhase,
  type StudioScript,
  type StudioSource,
  type StudioStatus,
} from '../../../../contracts/studio'
import { ApiError, call, client } from '../../lib/api-client'

export type StudioTone = (typeof STUDIO_TONES)[number]
export type StudioPlatform = (typeof STUDIO_PLATFORMS)[number]

// Every shape here comes from the Worker's route declarations (workers/src/studio/schemas.ts).
const studio = client.api.studio
const video = studio.videos[':id']

export type StudioSettings = InferResponseType<typeof studio.settings.$get, 200>
export type StudioVideoSummary = InferResponseType<typeof studio.videos.$get, 200>['items'][number]
export type StudioVideo = InferResponseType<(typeof video)['$get'], 200>
export type StudioOutput = StudioVideo['outputs'][number]
export type NewVideo = InferRequestType<typeof studio.videos.$post>['json']
export type NewBatch = InferRequestType<typeof studio.batches.$post>['json']
export type Cut = NewVideo['cuts'] extends (infer C)[] | undefined ? C : never

type Stretch = { startSeconds: number; endSeconds: number }

/** What the render node measured of one cut (render-node/src/media/studio/qc.ts; the API passes it through). */
export type CutQc = {
  ok: boolean
  width?: number | null
  height?: number | null
  durationMs?: number | null
  videoCodec?: string | null
  audioCodec?: string | null
  lufs?: number | null
  blackStretches?: Stretch[]
  frozenStretches?: Stretch[]
  captionsInSafeArea?: boolean
  problems: string[]
}

const param = (id: string) => ({ param: { id } })

export const studioApi = {
  settings: () => call(studio.settings.$get()),
  saveSettings: (voice: BrandVoice) => call(studio.settings.$put({ json: voice })),
  setOpenAiKey: (apiKey: string | null) => call(studio['openai-key'].$put({ json: { apiKey } })),
  videos: (status?: StudioStatus) => call(studio.videos.$get({ query: status ? { status } : {} })),
  video: (id: string) => call(video.$get(param(id))),
  create: (json: NewVideo) => withRetryAfter(studio.videos.$post({ json })),
  createBatch: (json: NewBatch) => withRetryAfter(studio.batches.$post({ json })),
  saveScript: (id: string, script: StudioScript) => call(video.script.$put({ ...param(id), json: { script } })),
  approve: (id: string, script?: StudioScript) => call(video.approve.$post({ ...param(id), json: script ? { script } : {} })),
  reject: (id: string, reason?: string) => call(video.reject.$post({ ...param(id), json: reason ? { reason } : {} })),
  resubmit: (id: string) => call(video.resubmit.$post(param(id))),
  publishing: (id: string, onStorefront?: boolean) => call(video.publishing.$post({ ...param(id), json: onStorefront === undefined ? {} : { onStorefront } })),
  remove: (id: string) => call(video.$delete(param(id))),
}

/** An API error with the `Retry-After` of a 429 (the daily quota), in seconds. */
export type QuotaError = ApiError & { retryAfterSeconds?: number }

/** `call`, keeping a 429's Retry-After so the form can say when the quota resets. */
async function withRetryAfter<R extends ClientResponse<unknown, number, string>>(request: Promise<R>) {
  let retryAfter: string | null = null
  const tapped = request.then((res) => {
    retryAfter = res.headers.get('retry-after')
    return res
  })
  try {
    return await call(tapped)
  } catch (err) {
    if (err instanceof ApiError && retryAfter) (err as QuotaError).retryAfterSeconds = Number(retryAfter)
    throw err
  }
}

/** The outputs of a video by what they are. */
export function outputsOf(v: StudioVideo) {
  const cuts = new Map<string, StudioOutput>()
  for (const o of v.outputs) if (o.kind === 'cut' && o.cut) cuts.set(o.cut, o)
  return { cuts, cover: v.outputs.find((o) => o.kind === 'cover') ?? null, srt: v.outputs.find((o) => o.kind === 'srt') ?? null }
}

/** The video's target length: the script's once written, else what was asked. */
export const targetOf = (v: StudioVideo) => v.script?.targetSeconds ?? v.options.targetSeconds ?? null

/** A title for a video: its hook line once written, else what it is about. */
export const titleOf = (v: Pick<StudioVideoSummary, 'title' | 'source'>) => v.title ?? (v.source.kind === 'topic' ? v.source.topic : 'New video')

/** Where a video's progress stream is, for an EventSource. */
export const videoEventsPath = (id: string) => video.events.$path({ ...param(id), query: {} })
/** Where a batch's progress stream is (every video of the batch), for an EventSource. */
export const batchEventsPath = (id: string) => studio.batches[':id'].events.$path({ ...param(id), query: {} })

/** The phases a merchant sees in the stepper (queued and done are the ends, not steps). */
export const STEPPER_PHASES = STUDIO_PHASES.filter((p) => p !== 'queued' && p !== 'done')

export const PHASE_LABEL: Record<StudioPhase, string> = {
  queued: 'Queued',
  brief: 'Brief',
  script: 'Script',
  safety: 'Safety check',
  review: 'Your review',
  voice: 'Voice-over',
  visuals: 'Visuals',
  assembly: 'Assembly',
  quality: 'Quality check',
  package: 'Packaging',
  done: 'Done',
}

export const STATUS_LABEL: Record<StudioStatus, string> = {
  queued: 'Queued',
  running: 'Working',
  awaiting_review: 'Awaiting review',
  blocked: 'Blocked by safety',
  parked: 'Parked',
  rejected: 'Rejected',
  failed: 'Failed',
  ready: 'Ready',
}

export const STATUS_TONE: Record<StudioStatus, 'neutral' | 'primary' | 'success' | 'outline' | 'danger'> = {
  queued: 'neutral',
  running: 'primary',
  awaiting_review: 'outline',
  blocked: 'danger',
  parked: 'neutral',
  rejected: 'neutral',
  failed: 'danger',
  ready: 'success',
}

/** Statuses after which nothing more happens without the merchant. */
export const SETTLED: readonly StudioStatus[] = ['awaiting_review', 'blocked', 'parked', 'rejected', 'failed', 'ready']

export const TONE_LABEL: Record<StudioTone, string> = { friendly: 'Friendly', premium: 'Premium', urgent: 'Urgent', playful: 'Playful' }
export const PLATFORM_LABEL: Record<StudioPlatform, string> = {
  tiktok: 'TikTok',
  youtube: 'YouTube Shorts',
  instagram: 'Instagram Reels',
  storefront: 'Storefront / WhatsApp',
}
export const CUT_LABEL: Record<Cut, string> = { storefront: 'Storefront cut', clean: 'Platform-clean cut', square: 'Square 1:1', wide: 'Wide 16:9' }

/** "$0.00", "$0.0123": small provider costs keep their digits. */
export const usd = (n: number) => (n === 0 ? '$0.00' : n < 0.01 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`)

/** What a source is, in words ("Product", "Collection of 3", "Topic: …"). */
export function sourceLabel(s: StudioSource) {
  if (s.kind === 'product') return 'Product'
  if (s.kind === 'collection') return `Collection of ${s.productIds.length}`
  return `Topic: ${s.topic}`
}

/** "in 3 h 20 min" until a reset time. */
export function untilText(iso: string, now = Date.now()) {
  const mins = Math.max(1, Math.round((new Date(iso).getTime() - now) / 60_000))
  const h = Math.floor(mins / 60)
  const m = mins % 60
  return h ? `in ${h} h${m ? ` ${m} min` : ''}` : `in ${m} min`
}
