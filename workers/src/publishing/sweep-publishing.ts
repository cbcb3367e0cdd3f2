import { channelsDueForImport } from '../../../db/queries/publishing'
import type { Database } from '../../../db/types'
import type { Config } from '../config'
import type { Logger } from '../lib/logger'
import { enqueueJob } from '../queues/enqueue-job'
import { refreshMetrics } from './refresh-metrics'

/**
 * The publishing part of the cron: every minute, the metrics of published posts that came due
 * (each is read hourly); once an hour, one import job per connected TikTok account not imported
 * in the last hour (deduped per channel and hour).
 */
export async function sweepPublishing(deps: { db: Database; env: Env; config: Config; log?: Logger }, at: Date, hourly: boolean) {
  const metrics = await refreshMetrics(deps, { now: at, limit: 100 })
  let imports = 0
  if (hourly) {
    const hour = at.toISOString().slice(0, 13)
    for (const c of await channelsDueForImport(deps.db, new Date(at.getTime() - 55 * 60_000))) {
      const { created } = await enqueueJob(deps, {
        type: 'publishing.import',
        merchantId: c.merchantId,
        payload: { channelId: c.id },
        dedupeKey: `publishing-import:${c.id}:${hour}`,
      })
      if (created) imports++
    }
  }
  return { metrics, imports }
}
