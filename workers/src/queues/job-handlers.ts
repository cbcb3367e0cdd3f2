import { botInboundJob } from '../bot/handle-inbound'
import { notifyMerchantJob, outboxSendJob } from '../bot/outbox-job'
import { ingestLinkJob } from '../ingest/ingest-link-job'
import { renderJob } from '../render/render-job'

/** Every job type the queues carry, by name. Features register their jobs here. */
export const jobHandlers = {
  render: renderJob,
  'ingest-link': ingestLinkJob,
  'bot.inbound': botInboundJob,
  'outbox.send': outboxSendJob,
  'bot.notify-merchant': notifyMerchantJob,
}
export type JobType = keyof typeof jobHandlers
