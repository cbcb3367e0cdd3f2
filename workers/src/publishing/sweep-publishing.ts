import { channelsDueForImport } from '../../../db/queries/publishing'
import { updateTarget } from '../../../db/queries/publishing-posts'
import { pruneWebhookReceipts, targetsStuckSending } from '../../../db/queries/publishing-webhooks'
import type { Database } from '../../../db/types'
import type { Config } from '../config'
import type { Logger } from '../lib/logger'
import { enqueueJob } from '../queues/enqueue-job'
import { refreshMetrics } from './refresh-metrics'

/** A target sending with no change for this long is checked against its Workflow instance. */
export const STUCK_AFTER_MS = 60 * 60_000
const LIVE_INSTANCE = new Set(['queued', 'running', 'waiting', 'paused', 'waitingForPause'])

/**
 * The publishing part of the cron: every minute, the metrics of published posts that came due
 * (each is read hourly); once an hour, one import job per connected TikTok account not imported
 * in the last hour (deduped per channel and hour), webhook receipts past TikTok's 72 h retry
 * window forgotten, and targets left sending by a Workflow instance that no longer runs marked
 * `unconfirmed` (never sent again: the platform may have the post).
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
  let stuck = 0
  let pruned = 0
  if (hourly) {
    pruned = await pruneWebhookReceipts(deps.db, new Date(at.getTime() - 7 * 86_400_000))
    stuck = await sweepStuckTargets(deps, at)
  }
  return { metrics, imports, stuck, pruned }
}

/**
 * Targets still `publishing`/`processing` an hour after their last change whose instance ended
 * (errored, terminated, complete without recording) or is gone: `unconfirmed`, said honestly.
 */
export async function sweepStuckTargets(deps: { db: Database; env: Env; log?: Logger }, at: Date): Promise<number> {
  let marked = 0
  for (const t of await targetsStuckSending(deps.db, new Date(at.getTime() - STUCK_AFTER_MS))) {
    let state = 'gone'
    if (t.workflowInstanceId)
      try {
        state = (await (await deps.env.PUBLISH_WORKFLOW.get(t.workflowInstanceId)).status()).status
      } catch {
        state = 'gone'
      }
    if (LIVE_INSTANCE.has(state)) continue
    const row = await updateTarget(
      deps.db,
      t.id,
      t.workflowInstanceId,
      { status: 'unconfirmed', message: 'sending stopped without a final answer from the platform; check the account before posting again' },
      { kind: 'status', data: { sweep: true, instance: state } },
    )
    if (row) {
      marked++
      deps.log?.warn('publishing target left sending, marked unconfirmed', { targetId: t.id, instance: state })
    }
  }
  return marked
}
