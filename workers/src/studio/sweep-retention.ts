import { deleteStudioVideo, listExpiredStudioDrafts } from '../../../db/queries/studio'
import type { Database } from '../../../db/types'
import { removeVideoMedia } from './manage-video'

/**
 * Hourly: deletes finished studio drafts nobody published (ready, failed, rejected or parked,
 * never sent to publishing nor on the storefront) older than their shop's `retentionDays`, with
 * their R2 objects. R2 lifecycle rules are not emulated locally, and would not know which
 * drafts were published; this sweep is the rule, a lifecycle rule at most a backstop.
 */
export async function sweepStudioRetention(deps: { db: Database; env: Pick<Env, 'MEDIA'> }, now = new Date(), limit = 200) {
  const expired = await listExpiredStudioDrafts(deps.db, now, limit)
  let deleted = 0
  for (const { id, merchantId } of expired) {
    const row = await deleteStudioVideo(deps.db, merchantId, id)
    if (!row) continue
    await removeVideoMedia(deps, row)
    deleted++
  }
  return { deleted }
}
