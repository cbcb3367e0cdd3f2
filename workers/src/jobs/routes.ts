// GET /api/jobs/:id – a background job's status, progress, error and result
// POST /api/jobs/:id/retry – send a failed or dead job again
import { and, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import { resetJobForRetry } from '../../../db/queries/jobs'
import { jobs } from '../../../db/schema'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { validate } from '../lib/validate'
import { merchantIdOf, requireMember } from '../middleware/auth'
import { sendJobMessage } from '../queues/enqueue-job'

const idParam = z.object({ id: z.uuid({ message: 'job id must be a UUID' }) })

export function publicJob(job: typeof jobs.$inferSelect) {
  return {
    id: job.id,
    type: job.type,
    status: job.status,
    progress: job.progress,
    attempts: job.attempts,
    error: job.error,
    result: job.result,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    finishedAt: job.finishedAt,
  }
}

export const jobRoutes = new Hono<AppEnv>()
  .get('/:id', requireMember(), validate('param', idParam), async (c) => {
    const [job] = await c.var.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.id, c.req.valid('param').id), eq(jobs.merchantId, merchantIdOf(c))))
    if (!job) throw new AppError('not_found', 'no such job')
    return c.json({ job: publicJob(job) })
  })
  .post('/:id/retry', requireMember('staff'), validate('param', idParam), async (c) => {
    const job = await resetJobForRetry(c.var.db, c.req.valid('param').id, merchantIdOf(c))
    if (!job) {
      const [exists] = await c.var.db
        .select({ status: jobs.status })
        .from(jobs)
        .where(and(eq(jobs.id, c.req.valid('param').id), eq(jobs.merchantId, merchantIdOf(c))))
      if (!exists) throw new AppError('not_found', 'no such job')
      throw new AppError('conflict', `only failed or dead jobs can be retried; this one is ${exists.status}`)
    }
    await sendJobMessage(c.env, job)
    return c.json({ job: publicJob(job) }, 202)
  })
