import type { StudioSource } from '../../../contracts/studio'
import { insertStudioVideos, type NewStudioVideo, ownedStudioProductIds, updateStudioVideo } from '../../../db/queries/studio'
import type { StudioVideo } from '../../../db/schema'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import type { Logger } from '../lib/logger'
import type { CreateVideoBody } from './schemas'
import { getBrandVoice, nextUtcMidnight, utcDayStart } from './studio-settings'
import type { StudioWorkflowParams } from './workflow-params'

export const productIdsOf = (source: StudioSource): string[] =>
  source.kind === 'product' ? [source.productId] : source.kind === 'collection' ? source.productIds : source.productIds

/**
 * Creates studio videos (one, or a batch) and starts one Workflow instance per video, named by
 * the video's id. The shop's daily quota is counted in the insert's transaction; past it the
 * answer is `429 rate_limited` with `Retry-After` at the next UTC midnight.
 */
export async function createStudioVideos(
  deps: { db: Database; env: Pick<Env, 'STUDIO_WORKFLOW'>; log?: Logger },
  input: { merchantId: string; actorId: string | null; items: Array<CreateVideoBody & { variant?: number }>; batch: boolean; now?: Date },
): Promise<{ batchId: string | null; rows: StudioVideo[] }> {
  const { db } = deps
  const now = input.now ?? new Date()
  const wanted = [...new Set(input.items.flatMap((i) => productIdsOf(i.source)))]
  const owned = new Set(await ownedStudioProductIds(db, input.merchantId, wanted))
  const missing = wanted.filter((id) => !owned.has(id))
  if (missing.length) throw new AppError('not_found', `no such product: ${missing.join(', ')}`)
  const voice = await getBrandVoice(db, input.merchantId)
  const videos: NewStudioVideo[] = input.items.map(({ source, variant, ...options }) => ({
    source,
    options: { ...options, variant: variant ?? 0 },
    productId: productIdsOf(source)[0] ?? null,
  }))
  const result = await insertStudioVideos(db, {
    merchantId: input.merchantId,
    createdBy: input.actorId,
    quota: voice.dailyQuota,
    dayStart: utcDayStart(now),
    batch: input.batch,
    videos,
  })
  if (result.limited) {
    const resetsAt = nextUtcMidnight(now)
    const left = Math.max(0, voice.dailyQuota - result.used)
    throw new AppError(
      'rate_limited',
      `the shop's daily studio quota is ${voice.dailyQuota} videos and ${left} ${left === 1 ? 'is' : 'are'} left today; it resets at ${resetsAt.toISOString()}`,
      {
        details: {
          retryAfterSeconds: Math.ceil((resetsAt.getTime() - now.getTime()) / 1000),
          quota: voice.dailyQuota,
          used: result.used,
          resetsAt: resetsAt.toISOString(),
        },
      },
    )
  }
  await startInstances(deps, result.rows)
  return { batchId: result.batchId, rows: result.rows }
}

/** Starts the instances of these rows; a row whose instance could not be created says so instead of staying `queued`. */
export async function startInstances(deps: { db: Database; env: Pick<Env, 'STUDIO_WORKFLOW'>; log?: Logger }, rows: StudioVideo[]) {
  const batch = rows.map((r) => ({ id: r.workflowInstanceId as string, params: { videoId: r.id, merchantId: r.merchantId } satisfies StudioWorkflowParams }))
  try {
    if (batch.length === 1) await deps.env.STUDIO_WORKFLOW.create(batch[0])
    else await deps.env.STUDIO_WORKFLOW.createBatch(batch)
  } catch (err) {
    deps.log?.error('could not start studio workflow', { error: err })
    for (const r of rows) {
      await updateStudioVideo(
        deps.db,
        r.id,
        { status: 'failed', error: 'the studio could not start this video; resubmit it' },
        { data: { error: 'start failed' } },
      )
    }
    throw new AppError('unavailable', 'the studio could not start the video; try again in a moment', { cause: err, details: { retryAfterSeconds: 5 } })
  }
}
