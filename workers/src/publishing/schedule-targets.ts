import { nextTargetInstance, updateTarget } from '../../../db/queries/publishing-posts'
import type { Database } from '../../../db/types'
import type { Logger } from '../lib/logger'
import type { PublishWorkflowParams } from './workflow-params'

/**
 * Starts one publish Workflow instance per target, named `pub-<target>-<generation>`: a new
 * generation for every (re)schedule, so an instance asleep for an old time finds on waking that
 * a newer one drives the row and ends without sending. Creating an id that exists is a no-op.
 */
export async function restartTargets(deps: { db: Database; env: Pick<Env, 'PUBLISH_WORKFLOW'>; log?: Logger }, targetIds: string[]) {
  for (const targetId of targetIds) {
    const id = await nextTargetInstance(deps.db, targetId)
    try {
      await deps.env.PUBLISH_WORKFLOW.create({ id, params: { targetId } satisfies PublishWorkflowParams })
    } catch (err) {
      if (String(err).includes('already exists')) continue
      deps.log?.error('could not start a publish workflow', { targetId, error: err })
      await updateTarget(
        deps.db,
        targetId,
        id,
        { status: 'failed', message: 'publishing could not be started; reschedule the post to try again' },
        { kind: 'error', data: { start: String(err).slice(0, 200) } },
      )
    }
  }
}
