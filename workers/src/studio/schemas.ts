import { z } from '@hono/zod-openapi'
import {
  brandVoiceSchema,
  costLineSchema,
  STUDIO_LIMITS,
  STUDIO_PHASES,
  STUDIO_PLATFORMS,
  STUDIO_STATUSES,
  STUDIO_TONES,
  safetyVerdictSchema,
  scriptIssueSchema,
  studioScriptSchema,
  studioSourceSchema,
} from '../../../contracts/studio'

export const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })

export const STUDIO_CUTS = ['storefront', 'clean', 'square', 'wide'] as const

// ---- settings

export const brandVoiceBodySchema = brandVoiceSchema.openapi('StudioBrandVoice')

export const studioSettingsSchema = z
  .object({
    brandVoice: brandVoiceSchema,
    /** The shop stored its own OpenAI key (never returned). */
    hasOpenAiKey: z.boolean(),
    /** Whose OpenAI key studio jobs use now: the shop's, the hub's, or none (the offline path). */
    openAiSource: z.enum(['shop', 'hub', 'none']),
    usage: z.object({
      today: z.number().int(),
      quota: z.number().int(),
      /** The next UTC midnight, when the count starts again. */
      resetsAt: z.iso.datetime(),
    }),
    costThisMonth: z.object({
      since: z.iso.datetime(),
      totalUsd: z.number(),
      byProvider: z.array(z.object({ provider: z.string(), usd: z.number(), lines: z.number().int() })),
    }),
  })
  .openapi('StudioSettings')

export const openAiKeyBodySchema = z
  .object({
    /** An OpenAI secret key (`sk-…`), or null to remove the shop's key. */
    apiKey: z
      .string()
      .trim()
      .regex(/^sk-[A-Za-z0-9_-]{20,200}$/, 'an OpenAI key starts with "sk-" followed by at least 20 letters, digits, "-" or "_"')
      .nullable(),
  })
  .openapi('StudioOpenAiKey')

// ---- create

const videoOptionsShape = {
  targetSeconds: z.number().int().min(STUDIO_LIMITS.minSeconds).max(STUDIO_LIMITS.maxSeconds).optional(),
  platform: z.enum(STUDIO_PLATFORMS).optional(),
  tone: z.enum(STUDIO_TONES).optional(),
  /** Overrides the brand voice's `reviewRequired` for this video. */
  reviewRequired: z.boolean().optional(),
  /** Which cuts to assemble; `storefront` and `clean` by default, `square` / `wide` when asked. */
  cuts: z.array(z.enum(STUDIO_CUTS)).min(1).max(4).optional(),
  /** 540×960 makes a faster draft. */
  resolution: z.enum(['1080x1920', '540x960']).optional(),
}

export const createVideoBodySchema = z.object({ source: studioSourceSchema, ...videoOptionsShape }).openapi('StudioCreateVideo')
export type CreateVideoBody = z.infer<typeof createVideoBodySchema>

const batchTooBig = `a batch holds at most ${STUDIO_LIMITS.batchMax} videos; split it into several batches`

/** `{ items }` (one video each, at most 10) or `{ source, variants }` (2–3 variants of one source); one object, so a too-big batch gets its own message. */
export const createBatchBodySchema = z
  .object({
    items: z.array(createVideoBodySchema).min(1).max(STUDIO_LIMITS.batchMax, batchTooBig).optional(),
    source: studioSourceSchema.optional(),
    /** Variants of one source (different hooks and calls to action). */
    variants: z.number().int().min(2, 'ask for 2 or 3 variants').max(3, 'ask for 2 or 3 variants').optional(),
    ...videoOptionsShape,
  })
  .superRefine((b, ctx) => {
    const byItems = b.items !== undefined
    const byVariants = b.source !== undefined || b.variants !== undefined
    if (byItems === byVariants) ctx.addIssue({ code: 'custom', message: 'send either `items` or `source` with `variants`', path: [] })
    else if (byVariants && (b.source === undefined || b.variants === undefined))
      ctx.addIssue({ code: 'custom', message: '`source` and `variants` go together', path: [b.source ? 'variants' : 'source'] })
  })
  .openapi('StudioCreateBatch')
export type CreateBatchBody = z.infer<typeof createBatchBodySchema>

// ---- views

const outputSchema = z.object({
  name: z.string(),
  kind: z.enum(['cut', 'cover', 'srt', 'ass']),
  cut: z.string().optional(),
  key: z.string(),
  /** `/media/<key>`: plays, downloads. */
  url: z.string(),
  assetId: z.string(),
  contentType: z.string(),
  bytes: z.number().int(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  durationMs: z.number().int().optional(),
})

export const studioVideoSummarySchema = z
  .object({
    id: z.uuid(),
    batchId: z.uuid().nullable(),
    position: z.number().int(),
    status: z.enum(STUDIO_STATUSES),
    phase: z.enum(STUDIO_PHASES),
    percent: z.number().int(),
    source: studioSourceSchema,
    productId: z.uuid().nullable(),
    /** The hook line once a script exists (a title for lists). */
    title: z.string().nullable(),
    /** The cover frame, once rendered. */
    coverUrl: z.string().nullable(),
    error: z.string().nullable(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    sentToPublishingAt: z.iso.datetime().nullable(),
    onStorefront: z.boolean(),
  })
  .openapi('StudioVideoSummary')

export const studioVideoSchema = studioVideoSummarySchema
  .extend({
    options: z.object({ ...videoOptionsShape, variant: z.number().int().optional() }),
    workflowInstanceId: z.string().nullable(),
    script: studioScriptSchema.nullable(),
    scriptIssues: z.array(scriptIssueSchema),
    safety: safetyVerdictSchema.nullable(),
    /** The voice-over's timing: each chunk's start and end on the video's timeline (the captions are cued to them). */
    voice: z
      .object({
        engine: z.string(),
        durationMs: z.number().int(),
        chunks: z.array(z.object({ id: z.string(), sceneId: z.string(), startMs: z.number().int(), endMs: z.number().int() })),
      })
      .nullable(),
    outputs: z.array(outputSchema),
    qc: z.record(z.string(), z.object({ ok: z.boolean(), problems: z.array(z.string()) }).catchall(z.unknown())).nullable(),
    post: z.object({ caption: z.string(), hashtags: z.array(z.string()), platforms: z.record(z.string(), z.string()) }).nullable(),
    /** Who did the work: `writer`, `voice`, `moderation`, and any fallback with its reason. */
    providers: z.record(z.string(), z.string()),
    costs: z.object({ totalUsd: z.number(), lines: z.array(costLineSchema.extend({ at: z.iso.datetime() })) }),
    updatedAt: z.iso.datetime(),
  })
  .openapi('StudioVideo')

export const videoListQuerySchema = z.object({
  status: z.enum(STUDIO_STATUSES).optional(),
  batchId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** ISO time: videos created before it (the next page). */
  before: z.iso.datetime().optional(),
})

export const videoListSchema = z.object({ items: z.array(studioVideoSummarySchema) }).openapi('StudioVideoList')
export const createdVideoSchema = z.object({ video: studioVideoSummarySchema }).openapi('StudioCreatedVideo')
export const createdBatchSchema = z.object({ batchId: z.uuid(), videos: z.array(studioVideoSummarySchema) }).openapi('StudioCreatedBatch')

// ---- review

export const scriptBodySchema = z.object({ script: studioScriptSchema }).openapi('StudioScriptEdit')
export const scriptCheckSchema = z
  .object({ video: studioVideoSchema, issues: z.array(scriptIssueSchema), safety: safetyVerdictSchema })
  .openapi('StudioScriptCheck')
export const approveBodySchema = z.object({ script: studioScriptSchema.optional() }).openapi('StudioApprove')
export const rejectBodySchema = z.object({ reason: z.string().trim().max(500).optional() }).openapi('StudioReject')
export const publishingBodySchema = z.object({ onStorefront: z.boolean().optional() }).openapi('StudioPublishing')

/** What the API sends the waiting Workflow (`review` events). */
export const reviewEventSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve'), script: studioScriptSchema.optional() }),
  z.object({ action: z.literal('reject'), reason: z.string().max(500).optional() }),
])
export type ReviewEvent = z.infer<typeof reviewEventSchema>
