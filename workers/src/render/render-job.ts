import { defineJob, type JobRunContext } from '../queues/job-context'
import { jobTypes } from '../queues/job-types'
import { afterRenderHandlers } from './after-render'
import type { StoredRenderOutput } from './render-output'
import type { AfterRender } from './render-payload'
import { runRender } from './run-render'

/**
 * The RENDER queue's job: read inputs from R2, call a render node, store what comes back in R2
 * (content-addressed, so a retried job re-stores nothing new) and record it in Postgres.
 */
export const renderJob = defineJob({
  queue: jobTypes.render.queue,
  payload: jobTypes.render.payload,
  retryDelaySeconds: (attempt) => Math.min(120, 2 ** attempt),
  async run(ctx: JobRunContext, payload) {
    await ctx.progress(10)
    const { result, stored } = await runRender(ctx, { jobId: ctx.job.id, merchantId: ctx.job.merchantId, job: payload.job, inputs: payload.inputs })
    await ctx.progress(80)
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
