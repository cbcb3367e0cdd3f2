import { z } from '@hono/zod-openapi'
import { WEBHOOK_EVENT_TYPES } from '../../../contracts/webhook-events'

export const webhookDeliverPayloadSchema = z.object({ deliveryId: z.uuid() })

export const eventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES).openapi({ example: 'order.created' })

export const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })

export const createEndpointSchema = z
  .object({
    url: z.string().trim().min(1).max(2000).openapi({ example: 'https://example.com/hooks/linkhub' }),
    description: z.string().trim().max(200).default(''),
    events: z.array(eventTypeSchema).min(1, 'choose at least one event').max(WEBHOOK_EVENT_TYPES.length),
  })
  .openapi('CreateWebhookEndpoint')
export type CreateEndpoint = z.infer<typeof createEndpointSchema>

export const updateEndpointSchema = z
  .object({
    url: z.string().trim().min(1).max(2000),
    description: z.string().trim().max(200),
    events: z.array(eventTypeSchema).min(1, 'choose at least one event').max(WEBHOOK_EVENT_TYPES.length),
    enabled: z.boolean(),
  })
  .partial()
  .openapi('UpdateWebhookEndpoint')
export type UpdateEndpoint = z.infer<typeof updateEndpointSchema>

export const endpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    /** Set when linkhub disabled the endpoint after repeated failure: the dashboard notice. */
    disabledReason: z.string().nullable(),
    disabledAt: z.string().nullable(),
    failingSince: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastFailureAt: z.string().nullable(),
    health: z.object({
      /** `healthy`, `failing` (recent attempts fail), `disabled`, or `new` (nothing sent yet). */
      state: z.enum(['healthy', 'failing', 'disabled', 'new']),
      attempts24h: z.number().int(),
      failures24h: z.number().int(),
      failedDeliveries: z.number().int(),
      pendingDeliveries: z.number().int(),
    }),
    createdAt: z.string(),
  })
  .openapi('WebhookEndpoint')

export const endpointListSchema = z.object({ items: z.array(endpointSchema), events: z.array(z.object({ type: z.string(), description: z.string() })) })

/** The endpoint and its signing secret: the only answer that carries the secret in clear. */
export const endpointWithSecretSchema = endpointSchema
  .extend({ secret: z.string().openapi({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }) })
  .openapi('WebhookEndpointWithSecret')
export const secretSchema = z.object({ secret: z.string() }).openapi('WebhookSecret')

export const attemptSchema = z
  .object({
    id: z.uuid(),
    deliveryId: z.uuid(),
    /** The `webhook-id` header: the same for every attempt and replay of a message. */
    webhookId: z.string(),
    eventType: z.string(),
    attempt: z.number().int(),
    succeeded: z.boolean(),
    statusCode: z.number().int().nullable(),
    latencyMs: z.number().int(),
    responseExcerpt: z.string().nullable(),
    error: z.string().nullable(),
    attemptedAt: z.string(),
    deliveryStatus: z.enum(['pending', 'sending', 'succeeded', 'failed']),
    nextAttemptAt: z.string().nullable(),
  })
  .openapi('WebhookAttempt')
export const attemptListSchema = z.object({ items: z.array(attemptSchema) })
export const attemptsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.iso.datetime({ offset: true }).optional(),
})

export const replaySchema = z
  .union([z.object({ deliveryId: z.uuid() }), z.object({ since: z.iso.datetime({ offset: true }) })])
  .openapi('WebhookReplay', { description: 'One delivery by id, or every failed delivery created since a time' })
export const replayedSchema = z.object({ replayed: z.number().int() })
export const testSentSchema = z.object({ deliveries: z.number().int() })
