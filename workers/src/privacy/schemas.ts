import { z } from '@hono/zod-openapi'
import { retentionSchema } from './retention'

/** Payload of the `privacy.export` job. */
export const exportPayloadSchema = z.object({ exportId: z.uuid() })

export const exportIdParam = z.object({ id: z.uuid({ message: 'not an export id' }) })
export const conversationIdParam = z.object({ id: z.uuid({ message: 'not a conversation id' }) })

export const shopExportSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(['queued', 'running', 'ready', 'failed', 'expired']),
    rowsDone: z.number().int(),
    rowsTotal: z.number().int(),
    bytes: z.number().int().nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    /** Where to download it (owners, with their session), while it is ready. */
    downloadUrl: z.string().nullable(),
  })
  .openapi('ShopExport')

export const shopExportListSchema = z.object({ items: z.array(shopExportSchema) })

export const deletionSchema = z
  .object({
    scheduled: z.boolean(),
    requestedAt: z.string().nullable(),
    purgeAfter: z.string().nullable(),
    shopName: z.string(),
  })
  .openapi('ShopDeletion')

export const requestDeletionBody = z.object({
  /** The shop's name, typed to confirm. */
  confirmName: z.string().min(1).max(200),
  password: z.string().min(1).max(200),
})

export const retentionBody = retentionSchema.openapi('Retention')
export const retentionResponseSchema = retentionSchema.extend({ defaults: retentionSchema }).openapi('RetentionSettings')

export const shopperExportSchema = z
  .object({
    exportedAt: z.string(),
    profile: z.record(z.string(), z.unknown()),
    messages: z.array(z.record(z.string(), z.unknown())),
    orders: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi('ShopperExport')

export const erasureResultSchema = z.object({ erasedAt: z.string(), messages: z.number().int(), orders: z.number().int() })
