import { z } from '@hono/zod-openapi'

export const jobIdParamSchema = z.object({ id: z.uuid({ message: 'job id must be a UUID' }) })

/** A background job as the API shows it (status, progress, error and result). */
export const publicJobSchema = z
  .object({
    id: z.uuid(),
    type: z.string(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'dead']),
    progress: z.number().int().min(0).max(100),
    attempts: z.number().int(),
    error: z.string().nullable(),
    result: z.record(z.string(), z.unknown()).nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .openapi('Job')

export const jobResultSchema = z.object({ job: publicJobSchema })
