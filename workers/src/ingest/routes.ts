import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { getJob, resetJobForRetry } from '../../../db/queries/jobs'
import {
  getBatchOfMerchant,
  getLinkOfMerchant,
  listBatches,
  listBatchLinks,
  listProposals,
  TERMINAL_LINK_STATUSES,
  updateLink,
} from '../../../db/queries/ingest'
import { createDb } from '../db'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { validate } from '../lib/validate'
import { mediaUrl } from '../media/store-media'
import { merchantIdOf, requireMember } from '../middleware/auth'
import { sendJobMessage } from '../queues/enqueue-job'
import { approveProposal, editProposal, mergeProposal, rejectProposal } from './approve-proposal'
import { createIngestBatch, splitPaste } from './create-batch'
import { approveProposalSchema, createBatchSchema, editProposalSchema, idParamSchema, listProposalsQuerySchema, mergeProposalSchema } from './schemas'

type BatchLinks = Awaited<ReturnType<typeof listBatchLinks>>

/** A link is settled when nothing more will happen without the merchant (terminal, or its job is dead). */
const isSettled = (l: BatchLinks[number]) => (TERMINAL_LINK_STATUSES as readonly string[]).includes(l.status) || l.jobStatus === 'dead'

function summarise(links: BatchLinks) {
  const counts: Record<string, number> = {}
  for (const l of links) {
    const s = l.jobStatus === 'dead' && l.status !== 'failed' ? 'failed' : l.status
    counts[s] = (counts[s] ?? 0) + 1
  }
  return { counts, settled: links.filter(isSettled).length, total: links.length, done: links.every(isSettled) }
}

const linkView = (l: BatchLinks[number]) => ({
  ...l,
  status: l.jobStatus === 'dead' && l.status !== 'failed' ? ('failed' as const) : l.status,
  reason: l.jobStatus === 'dead' && l.status !== 'failed' ? (l.jobError ?? l.reason) : l.reason,
  retryable: l.status === 'failed' || l.jobStatus === 'dead',
})

/** /api/ingest: pastes of TikTok links, their progress (JSON and SSE), retries and product proposals. */
export const ingestRoutes = new Hono<AppEnv>()
  // POST /api/ingest/batches – paste up to 500 links (array or text, one per line / CSV rows)
  .post('/batches', requireMember('staff'), validate('json', createBatchSchema), async (c) => {
    const principal = c.get('principal')
    const { batch, links } = await createIngestBatch(
      { db: c.var.db, env: c.env },
      {
        merchantId: merchantIdOf(c),
        userId: principal?.userId ?? null,
        lines: splitPaste(c.req.valid('json')),
      },
    )
    const counts: Record<string, number> = {}
    for (const l of links) counts[l.status] = (counts[l.status] ?? 0) + 1
    return c.json(
      {
        batch: { id: batch.id, total: batch.total, createdAt: batch.createdAt },
        counts,
        links: links.map((l) => ({ id: l.id, line: l.line, input: l.input, status: l.status, reason: l.reason })),
      },
      201,
    )
  })
  // GET /api/ingest/batches – recent pastes
  .get('/batches', requireMember(), async (c) => c.json({ items: await listBatches(c.var.db, merchantIdOf(c)) }))
  // GET /api/ingest/batches/:id – one paste, per-line status
  .get('/batches/:id', requireMember(), validate('param', idParamSchema), async (c) => {
    const merchantId = merchantIdOf(c)
    const batch = await getBatchOfMerchant(c.var.db, merchantId, c.req.valid('param').id)
    if (!batch) throw new AppError('not_found', 'no such paste')
    const links = await listBatchLinks(c.var.db, merchantId, batch.id)
    return c.json({ batch: { id: batch.id, total: batch.total, createdAt: batch.createdAt }, ...summarise(links), links: links.map(linkView) })
  })
  // GET /api/ingest/batches/:id/events – live per-link status (Server-Sent Events)
  .get('/batches/:id/events', requireMember(), validate('param', idParamSchema), async (c) => {
    const merchantId = merchantIdOf(c)
    const batchId = c.req.valid('param').id
    const batch = await getBatchOfMerchant(c.var.db, merchantId, batchId)
    if (!batch) throw new AppError('not_found', 'no such paste')
    c.header('cache-control', 'no-cache, no-transform')
    return streamSSE(c, async (stream) => {
      // The request's pool closes when the response starts; the stream needs its own.
      // Workers have no LISTEN/NOTIFY over this driver and no shared memory across isolates,
      // so the stream polls Postgres (one indexed query per 500 ms) and sends what changed.
      const { db, close } = createDb(c.env)
      const seen = new Map<string, string>()
      const deadline = Date.now() + 10 * 60_000
      let aborted = false
      stream.onAbort(() => {
        aborted = true
      })
      try {
        let id = 0
        while (!aborted && Date.now() < deadline) {
          const links = await listBatchLinks(db, merchantId, batchId)
          for (const l of links) {
            const view = linkView(l)
            const sig = `${view.status}|${view.reason ?? ''}|${view.proposalId ?? ''}|${view.proposalStatus ?? ''}`
            if (seen.get(l.id) === sig) continue
            seen.set(l.id, sig)
            await stream.writeSSE({ event: 'link', id: String(++id), data: JSON.stringify(view) })
          }
          const summary = summarise(links)
          await stream.writeSSE({ event: 'progress', data: JSON.stringify(summary) })
          if (summary.done) {
            await stream.writeSSE({ event: 'done', data: JSON.stringify(summary) })
            break
          }
          await stream.sleep(500)
        }
      } finally {
        await close().catch(() => {})
      }
    })
  })
  // POST /api/ingest/links/:id/retry – send a failed link's job again
  .post('/links/:id/retry', requireMember('staff'), validate('param', idParamSchema), async (c) => {
    const merchantId = merchantIdOf(c)
    const link = await getLinkOfMerchant(c.var.db, merchantId, c.req.valid('param').id)
    if (!link) throw new AppError('not_found', 'no such link')
    const current = link.jobId ? await getJob(c.var.db, link.jobId) : undefined
    const failed = link.status === 'failed' || current?.status === 'dead' || current?.status === 'failed'
    if (!failed || !link.jobId) throw new AppError('conflict', `only failed links can be retried (this one is ${link.status})`)
    const job = await resetJobForRetry(c.var.db, link.jobId, merchantId)
    if (!job) throw new AppError('conflict', 'the job is not in a failed state')
    await updateLink(c.var.db, link.id, { status: 'queued', reason: null })
    await sendJobMessage(c.env, job)
    return c.json({ id: link.id, status: 'queued' }, 202)
  })
  // GET /api/ingest/proposals – proposals to review
  .get('/proposals', requireMember(), validate('query', listProposalsQuerySchema), async (c) => {
    const rows = await listProposals(c.var.db, merchantIdOf(c), c.req.valid('query'))
    return c.json({ items: rows.map(({ coverKey, ...p }) => ({ ...p, coverUrl: coverKey ? mediaUrl(coverKey) : null })) })
  })
  // PATCH /api/ingest/proposals/:id – edit the draft
  .patch('/proposals/:id', requireMember('staff'), validate('param', idParamSchema), validate('json', editProposalSchema), async (c) => {
    const proposal = await editProposal(c.var.db, { merchantId: merchantIdOf(c), proposalId: c.req.valid('param').id, edits: c.req.valid('json') })
    return c.json({ proposal })
  })
  // POST /api/ingest/proposals/:id/approve – create the product
  .post('/proposals/:id/approve', requireMember('staff'), validate('param', idParamSchema), validate('json', approveProposalSchema), async (c) => {
    const body = c.req.valid('json')
    const result = await approveProposal(c.var.db, { merchantId: merchantIdOf(c), proposalId: c.req.valid('param').id, edits: body.draft, status: body.status })
    return c.json({ proposal: result.proposal, productId: result.productId }, result.created ? 201 : 200)
  })
  // POST /api/ingest/proposals/:id/merge – attach the video to an existing product instead
  .post('/proposals/:id/merge', requireMember('staff'), validate('param', idParamSchema), validate('json', mergeProposalSchema), async (c) => {
    const result = await mergeProposal(c.var.db, { merchantId: merchantIdOf(c), proposalId: c.req.valid('param').id, productId: c.req.valid('json').productId })
    return c.json(result)
  })
  // POST /api/ingest/proposals/:id/reject
  .post('/proposals/:id/reject', requireMember('staff'), validate('param', idParamSchema), async (c) => {
    const proposal = await rejectProposal(c.var.db, { merchantId: merchantIdOf(c), proposalId: c.req.valid('param').id })
    return c.json({ proposal })
  })
