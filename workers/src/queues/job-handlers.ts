import type { z } from 'zod'
import { botInboundJob } from '../bot/handle-inbound'
import { notifyMerchantJob, outboxSendJob } from '../bot/outbox-job'
import { ingestLinkJob } from '../ingest/ingest-link-job'
import { shopExportJob } from '../privacy/build-export'
import { publishingImportJob } from '../publishing/import-videos'
import { renderJob } from '../render/render-job'
import { webhookDeliverJob } from '../webhooks/deliver-job'
import type { JobHandler } from './job-context'
import type { JobType, jobTypes } from './job-types'

/**
 * The consumer side: the work of every job type, by name. Imported only by `handle-queue.ts`;
 * producers use `job-types.ts`. A handler must take the payload its entry there declares.
 */
export const jobHandlers = {
  render: renderJob,
  'ingest-link': ingestLinkJob,
  'bot.inbound': botInboundJob,
  'outbox.send': outboxSendJob,
  'bot.notify-merchant': notifyMerchantJob,
  'privacy.export': shopExportJob,
  'webhook.deliver': webhookDeliverJob,
  'publishing.import': publishingImportJob,
} satisfies { [T in JobType]: JobHandler<z.output<(typeof jobTypes)[T]['payload']>, z.input<(typeof jobTypes)[T]['payload']>> }
