import { type StudioBrief, type StudioScript, studioBriefSchema } from '../../../contracts/studio'
import { deleteStudioVideo, deleteUnsharedStudioAssets, getStudioVideo, logStudioSafety, updateStudioVideo } from '../../../db/queries/studio'
import type { StudioVideo } from '../../../db/schema'
import type { Database } from '../../../db/types'
import type { Config } from '../config'
import { AppError } from '../errors'
import type { Logger } from '../lib/logger'
import { deleteObjects } from '../privacy/purge-shop'
import { checkScript } from './check-script'
import { startInstances } from './create-videos'
import { openAiAccessOf } from './openai-access'
import type { ReviewEvent } from './schemas'
import { REVIEW_EVENT, studioTmpPrefix } from './workflow-params'

type Deps = { db: Database; env: Pick<Env, 'STUDIO_WORKFLOW' | 'MEDIA'>; config: Config; log?: Logger }

export async function getVideoOrThrow(db: Database, merchantId: string, id: string): Promise<StudioVideo> {
  const row = await getStudioVideo(db, merchantId, id)
  if (!row) throw new AppError('not_found', 'no such studio video')
  return row
}

function briefOrThrow(row: StudioVideo): StudioBrief {
  const parsed = studioBriefSchema.safeParse(row.brief)
  if (!parsed.success) throw new AppError('conflict', 'this video has no brief yet; wait for its script')
  return parsed.data
}

const EDITABLE = new Set(['awaiting_review', 'blocked', 'parked', 'failed'])

/**
 * Saves a merchant's edit of the script: validated against the catalog and safety-checked at
 * once (the verdict and issues come back for the editor), logged; the Workflow is not resumed
 * until `approve` (or, for a parked or failed video, `resubmit`).
 */
export async function saveScriptEdit(deps: Deps, input: { merchantId: string; id: string; script: StudioScript }) {
  const row = await getVideoOrThrow(deps.db, input.merchantId, input.id)
  if (!EDITABLE.has(row.status)) throw new AppError('conflict', `a ${row.status.replace('_', ' ')} video's script cannot be edited`)
  const brief = briefOrThrow(row)
  const { issues, verdict } = await checkScript(brief, input.script, await openAiAccessOf(deps, input.merchantId))
  await logStudioSafety(deps.db, {
    merchantId: row.merchantId,
    videoId: row.id,
    stage: 'edit',
    decision: verdict.decision,
    hits: verdict.hits,
    providers: verdict.providers,
  })
  const updated = await updateStudioVideo(
    deps.db,
    row.id,
    { script: input.script, scriptIssues: issues, safety: verdict, providers: { ...row.providers, script: 'edited by the merchant' } },
    { data: { edited: true, decision: verdict.decision, issues: issues.length } },
  )
  return { row: updated ?? row, issues, verdict }
}

/** Sends the waiting instance the merchant's decision. */
async function sendReview(deps: Deps, row: StudioVideo, payload: ReviewEvent) {
  if (row.status !== 'awaiting_review' && row.status !== 'blocked')
    throw new AppError('conflict', `the video is ${row.status.replace('_', ' ')}, not waiting for review`)
  if (!row.workflowInstanceId) throw new AppError('conflict', 'the video has no running workflow')
  const instance = await deps.env.STUDIO_WORKFLOW.get(row.workflowInstanceId)
  await instance.sendEvent({ type: REVIEW_EVENT, payload })
}

export async function approveVideo(deps: Deps, input: { merchantId: string; id: string; script?: StudioScript }) {
  const row = await getVideoOrThrow(deps.db, input.merchantId, input.id)
  await sendReview(deps, row, { action: 'approve', script: input.script })
  return row
}

export async function rejectVideo(deps: Deps, input: { merchantId: string; id: string; reason?: string }) {
  const row = await getVideoOrThrow(deps.db, input.merchantId, input.id)
  await sendReview(deps, row, { action: 'reject', reason: input.reason })
  return row
}

/**
 * A parked, blocked or failed video starts again on a fresh instance (`<id>-r<n>`), on the same
 * row; a script the merchant saved is kept (re-validated and re-checked), otherwise a new one is
 * written. The old instance, if it still waits, is terminated.
 */
export async function resubmitVideo(deps: Deps, input: { merchantId: string; id: string }) {
  const row = await getVideoOrThrow(deps.db, input.merchantId, input.id)
  if (!['parked', 'blocked', 'failed'].includes(row.status))
    throw new AppError('conflict', `only parked, blocked or failed videos can be resubmitted (this one is ${row.status})`)
  if (row.workflowInstanceId) await terminateQuietly(deps, row.workflowInstanceId)
  const attempt = row.attempt + 1
  const updated = await updateStudioVideo(
    deps.db,
    row.id,
    {
      attempt,
      workflowInstanceId: `${row.id}-r${attempt}`,
      status: 'queued',
      phase: 'queued',
      percent: 0,
      error: null,
      finishedAt: null,
      outputs: [],
      qc: null,
    },
    { data: { resubmitted: attempt } },
  )
  if (!updated) throw new AppError('not_found', 'no such studio video')
  await startInstances(deps, [updated])
  return updated
}

async function terminateQuietly(deps: Deps, instanceId: string) {
  try {
    const instance = await deps.env.STUDIO_WORKFLOW.get(instanceId)
    const { status } = await instance.status()
    if (!['complete', 'errored', 'terminated'].includes(status)) await instance.terminate()
  } catch (err) {
    deps.log?.warn('could not terminate a studio instance', { instanceId, error: err })
  }
}

/**
 * Marks a ready video for the publishing queue (and, if asked, the storefront). Its texts are
 * safety-checked again first: a rule added since the render may block it now.
 */
export async function sendToPublishing(deps: Deps, input: { merchantId: string; id: string; onStorefront?: boolean }) {
  const row = await getVideoOrThrow(deps.db, input.merchantId, input.id)
  if (row.status !== 'ready') throw new AppError('conflict', 'only a ready video can be sent to publishing')
  const brief = briefOrThrow(row)
  const { verdict } = await checkScript(brief, row.script as StudioScript, await openAiAccessOf(deps, input.merchantId))
  await logStudioSafety(deps.db, {
    merchantId: row.merchantId,
    videoId: row.id,
    stage: 'publish',
    decision: verdict.decision,
    hits: verdict.hits,
    providers: verdict.providers,
  })
  if (verdict.decision === 'block') {
    await updateStudioVideo(deps.db, row.id, { safety: verdict })
    throw new AppError('unprocessable', `the safety check blocks publishing: ${verdict.hits.map((h) => h.message).join('; ')}`, {
      details: { safety: verdict },
    })
  }
  const updated = await updateStudioVideo(
    deps.db,
    row.id,
    { sentToPublishingAt: row.sentToPublishingAt ?? new Date(), onStorefront: input.onStorefront ?? row.onStorefront, safety: verdict },
    { data: { publishing: true, onStorefront: input.onStorefront ?? row.onStorefront } },
  )
  return updated ?? row
}

/** Deletes a video: its row, its outputs no other video shares (R2 and media rows), its intermediates; stops its instance. */
export async function deleteVideo(deps: Deps, input: { merchantId: string; id: string }) {
  const row = await deleteStudioVideo(deps.db, input.merchantId, input.id)
  if (!row) throw new AppError('not_found', 'no such studio video')
  if (row.workflowInstanceId) await terminateQuietly(deps, row.workflowInstanceId)
  await removeVideoMedia(deps, row)
}

/** R2 objects and media rows of a deleted video (also the retention sweep's). */
export async function removeVideoMedia(deps: { db: Database; env: Pick<Env, 'MEDIA'> }, row: StudioVideo) {
  const keys = await deleteUnsharedStudioAssets(
    deps.db,
    row.merchantId,
    row.outputs.map((o) => o.key),
  )
  const tmp = await deps.env.MEDIA.list({ prefix: studioTmpPrefix(row.merchantId, row.id) })
  await deleteObjects(deps.env.MEDIA, [...keys, ...tmp.objects.map((o) => o.key)])
}
