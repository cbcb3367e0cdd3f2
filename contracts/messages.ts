import { z } from 'zod'
import { renderJobSchema } from './render-jobs'

/**
 * The contract of every queue body and of the render node's job requests. The producer builds
 * bodies from these schemas and every consumer parses them again; the render node imports this
 * file for its half of the contract.
 */

export const QUEUE_NAMES = {
  ingest: 'linkhub-ingest',
  render: 'linkhub-render',
  bot: 'linkhub-bot',
  outbox: 'linkhub-outbox',
} as const
export type QueueKind = keyof typeof QUEUE_NAMES

/** Dead-letter queue of each work queue (declared in wrangler.toml). */
export const DEAD_LETTER_QUEUES: Record<string, QueueKind> = {
  'linkhub-ingest-dlq': 'ingest',
  'linkhub-render-dlq': 'render',
  'linkhub-bot-dlq': 'bot',
  'linkhub-outbox-dlq': 'outbox',
}

/** Every queue message is a pointer to a `jobs` row plus the validated payload of its type. */
export const jobMessageSchema = z.object({
  jobId: z.uuid(),
  type: z.string().min(1),
  merchantId: z.uuid().nullable(),
  payload: z.unknown(),
})
export type JobMessage = z.infer<typeof jobMessageSchema>

// ---- render node contract ----------------------------------------------------------------

/** An input file travelling with the job request as a multipart part named `input:<name>`. */
export const renderInputSchema = z.object({
  name: z.string().regex(/^[a-z0-9_-]{1,40}$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  contentType: z.string().max(100).optional(),
})
export type RenderInput = z.infer<typeof renderInputSchema>

export { type RenderJob, type RenderJobType, renderJobSchema } from './render-jobs'

/** The signed JSON part `job` of a render request. */
export const renderRequestSchema = z.object({
  jobId: z.uuid(),
  inputs: z.array(renderInputSchema).max(40).default([]),
  job: renderJobSchema,
})
export type RenderRequest = z.infer<typeof renderRequestSchema>

/** A produced file, returned as multipart part `output:<name>`; keys in R2 derive from `sha256`. */
export const renderOutputSchema = z.object({
  name: z.string().regex(/^[a-z0-9_.-]{1,80}$/),
  contentType: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  durationMs: z.number().int().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
})
export type RenderOutput = z.infer<typeof renderOutputSchema>

/** The JSON part `result` of a render response. */
export const renderResultSchema = z.object({
  jobId: z.uuid(),
  type: z.string(),
  outputs: z.array(renderOutputSchema).default([]),
  meta: z.record(z.string(), z.unknown()).default({}),
  encoder: z.string().optional(),
  durationMs: z.number().nonnegative(),
})
export type RenderResult = z.infer<typeof renderResultSchema>

export const RENDER_SIGNATURE_HEADER = 'x-render-signature'

/** A no-op message /api/health sends to prove a producer binding works. */
export const queuePingSchema = z.object({ ping: z.literal(true), at: z.number() })
