import { createRouter, errors, json, memberRoute } from '../lib/openapi'
import { merchantIdOf } from '../middleware/auth'
import { getPublicJob, retryJob } from './retry-job'
import { jobIdParamSchema, jobResultSchema } from './schemas'

const tags: ['Jobs'] = ['Jobs']

// GET /api/jobs/:id – a background job's status, progress, error and result
const getJobRoute = memberRoute('viewer', {
  method: 'get',
  path: '/{id}',
  tags,
  summary: "A background job's status, progress, error and result",
  request: { params: jobIdParamSchema },
  responses: { 200: json(jobResultSchema, 'The job'), ...errors('not_found') },
})

// POST /api/jobs/:id/retry – send a failed or dead job again
const retryJobRoute = memberRoute('staff', {
  method: 'post',
  path: '/{id}/retry',
  tags,
  summary: 'Send a failed or dead job again',
  request: { params: jobIdParamSchema },
  responses: { 202: json(jobResultSchema, 'Queued again'), ...errors('not_found', 'conflict') },
})

/** /api/jobs: background jobs of the shop. */
export const jobRoutes = createRouter()
  .openapi(getJobRoute, async (c) => c.json({ job: await getPublicJob(c.var.db, merchantIdOf(c), c.req.valid('param').id) }, 200))
  .openapi(retryJobRoute, async (c) =>
    c.json({ job: await retryJob({ db: c.var.db, env: c.env }, { merchantId: merchantIdOf(c), jobId: c.req.valid('param').id }) }, 202),
  )
