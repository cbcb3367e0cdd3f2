import { z } from 'zod'
import type { QueueKind } from '../../../contracts/messages'
import { inboundEventSchema } from '../bot/engine/inbound'
import { notifyMerchantPayloadSchema } from '../bot/notify-payload'
import { ingestLinkPayloadSchema } from '../ingest/schemas'
import { exportPayloadSchema } from '../privacy/schemas'
import { importPayloadSchema } from '../publishing/import-payload'
import { renderPayloadSchema } from '../render/render-payload'
import { webhookDeliverPayloadSchema } from '../webhooks/schemas'

/**
 * The producer side of the queues: each job type's queue and the zod schema of its payload.
 * `enqueueJob` reads only this map, so producers never import handlers (and handlers may enqueue
 * without an import circle). The handlers (`job-handlers.ts`, consumer side) are checked against it.
 */
export const jobTypes = {
  render: { queue: 'render', payload: renderPayloadSchema },
  'ingest-link': { queue: 'ingest', payload: ingestLinkPayloadSchema },
  'bot.inbound': { queue: 'bot', payload: z.object({ event: inboundEventSchema }) },
  'outbox.send': { queue: 'outbox', payload: z.object({ messageId: z.uuid(), attempt: z.number().int().min(0).default(0) }) },
  'bot.notify-merchant': { queue: 'outbox', payload: notifyMerchantPayloadSchema },
  'privacy.export': { queue: 'ingest', payload: exportPayloadSchema },
  'webhook.deliver': { queue: 'outbox', payload: webhookDeliverPayloadSchema },
  'publishing.import': { queue: 'ingest', payload: importPayloadSchema },
} as const satisfies Record<string, { queue: QueueKind; payload: z.ZodType }>

export type JobType = keyof typeof jobTypes

export const isJobType = (type: string): type is JobType => Object.hasOwn(jobTypes, type)
