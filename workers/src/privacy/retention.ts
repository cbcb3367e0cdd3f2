import { z } from 'zod'
import { getRetentionRow, type RetentionDays } from '../../../db/queries/privacy'
import type { Database } from '../../../db/types'

/**
 * How long a shop keeps data it does not need forever, in days, unless the owner changes it
 * (docs/privacy.md says why each default is what it is). 0 keeps forever.
 */
export const RETENTION_DEFAULTS: RetentionDays = {
  /** A year of chats: long enough for returns and repeat customers. */
  conversationDays: 365,
  /** 13 months of raw analytics events: a year-on-year comparison. */
  eventDays: 395,
  /** Proposals never approved (pending or rejected) after 90 days. */
  proposalDays: 90,
  /** Render intermediates (frames, previews) and finished job records after 30 days. */
  renderDays: 30,
}

const days = (max: number) => z.number().int().min(0).max(max)

export const retentionSchema = z.object({
  conversationDays: days(3650),
  eventDays: days(3650),
  proposalDays: days(3650),
  renderDays: days(3650),
})

export async function getRetention(db: Database, merchantId: string): Promise<RetentionDays & { defaults: RetentionDays }> {
  return { ...((await getRetentionRow(db, merchantId)) ?? RETENTION_DEFAULTS), defaults: RETENTION_DEFAULTS }
}
