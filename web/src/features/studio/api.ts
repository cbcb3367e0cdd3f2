import {
  type BrandVoice,
  type CostLine,
  type SafetyVerdict,
  type ScriptIssue,
  SPOKEN_WORDS_PER_MINUTE,
  STUDIO_PHASES,
  type STUDIO_PLATFORMS,
  type STUDIO_TONES,
  type StudioPhase,
  type StudioScript,
  type StudioSource,
  type StudioStatus,
} from '../../../../contracts/studio'
import { ApiError, type ApiErrorBody } from '../../lib/api-client'

export type StudioTone = (typeof STUDIO_TONES)[number]
export type StudioPlatform = (typeof STUDIO_PLATFORMS)[number]

// Shapes of /api/studio (workers/src/studio/routes.ts). PROVISIONAL: written against
// contracts/studio.ts before the routes existed; replaced by types inferred from the client.

export type Cut = 'storefront' | 'clean' | 'square' | 'wide'
export type CutOutput = { url: string; width: number | null; height: number | null; durationMs: number | null }
export type CutQc = {
  ok: boolean
  width: number
  height: number
  durationMs: number
  videoCodec: string
  audioCodec: string
  lufs: number
  blackStretches: number
  frozenStretches: number
  captionsInSafeArea: boolean
  problems: string[]
}
export type StudioVideoSummary = {
  id: string
  title: string
  status: StudioStatus
  phase: StudioPhase
  percent: number
  source: StudioSource
  coverUrl: string | null
  createdAt: string
  error: string | null
}
export type StudioVideo = StudioVideoSummary & {
  batchId: string | null
  targetSeconds: number
  platform: StudioPlatform
  tone: StudioTone
  reviewRequired: boolean
  script: StudioScript | null
  issues: ScriptIssue[]
  safety: SafetyVerdict | null
  outputs: {
    cuts: Partial<Record<Cut, CutOutput>>
    coverUrl: string | null
    srtUrl: string | null
    captions: Partial<Record<StudioPlatform, { caption: string; hashtags: string[] }>>
  } | null
  qc: Partial<Record<Cut, CutQc>> | null
  costs: { lines: CostLine[]; totalUsd: number }
  sentToPublishingAt: string | null
  onStorefront: boolean
  finishedAt: string | null
}
export type StudioSettings = {
  voice: BrandVoice
  hasOpenAiKey: boolean
  usage: { today: number; quota: number; resetsAt: string }
  costThisMonth: { totalUsd: number; byProvider: { provider: string; usd: number }[] }
}
export type NewVideo = {
  source: StudioSource
  targetSeconds?: number
  platform?: StudioPlatform
  tone?: StudioTone
  reviewRequired?: boolean
}
export type NewBatch =
  | { items: NewVideo[] }
  | { source: StudioSource; variants: number; targetSeconds?: number; platform?: StudioPlatform; tone?: StudioTone; reviewRequired?: boolean }

async function req<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.')
  }
  if (res.status === 204) return undefined as T
  const json = (await res.json().catch(() => null)) as unknown
  if (!res.ok) {
    const e = (json as ApiErrorBody | null)?.error
    const err = new ApiError(res.status, e?.code ?? 'unknown', e?.message ?? `Request failed (${res.status})`, e?.requestId, e?.details)
    ;(err as ApiError & { retryAfter?: string | null }).retryAfter = res.headers.get('retry-after')
    throw err
  }
  return json as T
}

const base = '/api/studio'
export const studioApi = {
  settings: () => req<StudioSettings>('GET', `${base}/settings`),
  saveSettings: (voice: Partial<BrandVoice>) => req<StudioSettings>('PUT', `${base}/settings`, voice),
  setOpenAiKey: (apiKey: string | null) => req<{ hasOpenAiKey: boolean }>('PUT', `${base}/openai-key`, { apiKey }),
  videos: (status?: StudioStatus) => req<{ items: StudioVideoSummary[] }>('GET', `${base}/videos${status ? `?status=${status}` : ''}`),
  video: (id: string) => req<StudioVideo>('GET', `${base}/videos/${id}`),
  create: (body: NewVideo) => req<{ id: string }>('POST', `${base}/videos`, body),
  createBatch: (body: NewBatch) => req<{ id: string; videoIds: string[] }>('POST', `${base}/batches`, body),
  saveScript: (id: string, script: StudioScript) => req<{ issues: ScriptIssue[]; safety: SafetyVerdict }>('PUT', `${base}/videos/${id}/script`, { script }),
  approve: (id: string, script?: StudioScript) => req<StudioVideo>('POST', `${base}/videos/${id}/approve`, script ? { script } : {}),
  reject: (id: string, reason?: string) => req<StudioVideo>('POST', `${base}/videos/${id}/reject`, reason ? { reason } : {}),
  resubmit: (id: string) => req<StudioVideo>('POST', `${base}/videos/${id}/resubmit`, {}),
  publishing: (id: string, onStorefront: boolean) => req<StudioVideo>('POST', `${base}/videos/${id}/publishing`, { onStorefront }),
  remove: (id: string) => req<void>('DELETE', `${base}/videos/${id}`),
}

/** Where a video's progress stream is, for an EventSource. */
export const videoEventsPath = (id: string) => `${base}/videos/${id}/events`

/** Seconds a line takes to say at the voice's pace (the estimate the writer uses). */
export const spokenSeconds = (say: string) => {
  const words = say.trim().split(/\s+/).filter(Boolean).length
  return Math.max(0.5, Math.round((words / SPOKEN_WORDS_PER_MINUTE) * 60 * 10) / 10)
}

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

export const STATUS_TONE: Record<StudioStatus, 'neutral' | 'primary' | 'success' | 'warning' | 'danger'> = {
  queued: 'neutral',
  running: 'primary',
  awaiting_review: 'warning',
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
