import { recordInboundReceipt } from '../../../db/queries/bot'
import { insertJob } from '../../../db/queries/jobs'
import type { Database } from '../../../db/types'
import { sendJobMessage } from '../queues/enqueue-job'
import { jobTypes } from '../queues/job-types'
import type { InboundEvent } from './engine/inbound'
import { safeStrings } from './safe-text'

/**
 * Takes in one shopper message from a webhook: the provider's delivery id (the receipt that makes
 * a retried delivery a duplicate) and the `bot.inbound` job row are written in ONE transaction, so
 * a delivery whose job could not be stored leaves no receipt and Meta's / Telegram's retry is
 * processed, never counted as a duplicate. The queue message goes out after the commit (the
 * consumer can claim the row it names; if the send is lost, the sweep re-sends from the row).
 * Text is made storable first (no NUL, no lone surrogates).
 */
export async function takeInEvent(
  deps: { db: Database; env: Env },
  input: { provider: string; receiptId: string; merchantId: string | null; event: InboundEvent },
): Promise<'queued' | 'duplicate'> {
  const spec = jobTypes['bot.inbound']
  const payload = spec.payload.parse({ event: safeStrings(input.event) }) as Record<string, unknown>
  const taken = await deps.db.transaction(async (tx) => {
    if (!(await recordInboundReceipt(tx, input.provider, input.receiptId))) return null
    return insertJob(tx, { queue: spec.queue, type: 'bot.inbound', merchantId: input.merchantId, payload, dedupeKey: `bot:${input.event.externalId}` })
  })
  if (!taken) return 'duplicate'
  if (taken.created) await sendJobMessage(deps.env, taken.job)
  return 'queued'
}
