import { AppError } from '../errors'
import { storeMedia } from '../media/store-media'
import { defineJob, type JobRunContext } from '../queues/job-context'
import { jobTypes } from '../queues/job-types'
import { afterRenderHandlers } from './after-render'
import { callRenderNode } from './call-render-node'
import type { StoredRenderOutput } from './render-output'
import type { AfterRender } from './render-payload'

/**
 * The RENDER queue's job: read inputs from R2, call a render node, store what comes back in R2
 * (content-addressed, so a retried job re-stores nothing new) and record it in Postgres.
 */
export const renderJob = defineJob({
  queue: jobTypes.render.queue,
  payload: jobTypes.render.payload,
  retryDelaySeconds: (attempt) => Math.min(120, 2 ** attempt),
  async run(ctx: JobRunContext, payload) {
    const inputs = await Promise.all(
      payload.inputs.map(async ({ name, key }) => {
        const obj = await ctx.env.MEDIA.get(key)
        if (!obj) throw new AppError('not_found', `render input ${key} is missing from storage`)
        return { name, data: new Uint8Array(await obj.arrayBuffer()), contentType: obj.httpMetadata?.contentType }
      }),
    )
    await ctx.progress(10)
    const { result, files } = await callRenderNode(ctx.config, { jobId: ctx.job.id, job: payload.job, inputs })
    await ctx.progress(80)
    const stored: StoredRenderOutput[] = []
    for (const out of result.outputs) {
      const data = files.get(out.name) as Uint8Array
      if (ctx.job.merchantId) {
        const asset = await storeMedia(ctx, {
          merchantId: ctx.job.merchantId,
          data,
          sha256: out.sha256,
          contentType: out.contentType,
          kind: (out.meta?.kind as never) ?? 'other',
          width: out.width,
          height: out.height,
          durationMs: out.durationMs,
          meta: { ...out.meta, output: out.name, jobType: result.type },
        })
        stored.push({ ...out, key: asset.key, assetId: asset.id })
      } else {
        stored.push({ ...out, key: null, assetId: null })
      }
    }
    const then = payload.after as AfterRender
    await (afterRenderHandlers[then.kind] as (c: JobRunContext, t: AfterRender, o: StoredRenderOutput[], m: Record<string, unknown>) => Promise<void>)(
      ctx,
      then,
      stored,
      result.meta,
    )
    return { type: result.type, encoder: result.encoder ?? null, renderMs: Math.round(result.durationMs), meta: result.meta, outputs: stored }
  },
})
