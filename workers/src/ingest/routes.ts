import { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import { listBatches } from '../../../db/queries/ingest'
import { actorOf } from '../catalog/actor'
import type { AppEnv } from '../env'
import { createRouter, errors, json, memberRoute } from '../lib/openapi'
import { merchantIdOf } from '../middleware/auth'
import { catalogChanged } from '../storefront/catalog-version'
import { approveProposal, editProposal, mergeProposal, rejectProposal } from './approve-proposal'
import { findBatchOrThrow } from './batch-view'
import { createIngestBatch, splitPaste } from './create-batch'
import { getBatch } from './get-batch'
import { listProposalViews } from './list-proposals'
import { retryLink } from './retry-link'
import {
  approveProposalSchema,
  batchListSchema,
  batchViewSchema,
  createBatchSchema,
  createdBatchSchema,
  editProposalSchema,
  idParamSchema,
  listProposalsQuerySchema,
  mergeProposalSchema,
  proposalDecisionSchema,
  proposalListSchema,
  proposalResultSchema,
  retriedLinkSchema,
} from './schemas'
import { watchBatch } from './watch-batch'

const tags: ['Imports'] = ['Imports']
const jsonBody = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true }) as const

// POST /api/ingest/batches – paste up to 500 links (array or text, one per line / CSV rows)
const createBatchRoute = memberRoute('staff', {
  method: 'post',
  path: '/batches',
  tags,
  summary: 'Paste TikTok links to import',
  description: 'Up to 500 links, as an array or as text (one per line, or CSV rows whose first link-like cell counts). Every line is answered at once.',
  request: { body: jsonBody(createBatchSchema) },
  responses: { 201: json(createdBatchSchema, 'The paste, with each line queued, refused or found a duplicate'), ...errors('payload_too_large') },
})

// GET /api/ingest/batches – recent pastes
const listBatchesRoute = memberRoute('viewer', {
  method: 'get',
  path: '/batches',
  tags,
  summary: 'Recent pastes',
  responses: { 200: json(batchListSchema, 'The 20 newest pastes with a count per link status') },
})

// GET /api/ingest/batches/:id – one paste, per-line status
const getBatchRoute = memberRoute('viewer', {
  method: 'get',
  path: '/batches/{id}',
  tags,
  summary: 'One paste with the status of each line',
  request: { params: idParamSchema },
  responses: { 200: json(batchViewSchema, 'The paste'), ...errors('not_found') },
})

// GET /api/ingest/batches/:id/events – live per-link status (Server-Sent Events)
const batchEventsRoute = memberRoute('viewer', {
  method: 'get',
  path: '/batches/{id}/events',
  tags,
  summary: "A paste's progress, live (Server-Sent Events)",
  description:
    'Events: `link` (an `IngestLink` that changed), `progress` (an `IngestBatchSummary`, every half second) and `done` (the summary once every line is settled; the stream ends). A stream lasts at most 10 minutes; EventSource reconnects.',
  request: { params: idParamSchema },
  responses: {
    200: { description: 'The event stream', content: { 'text/event-stream': { schema: z.string() } } },
    ...errors('not_found'),
  },
})

// POST /api/ingest/links/:id/retry – send a failed link's job again
const retryLinkRoute = memberRoute('staff', {
  method: 'post',
  path: '/links/{id}/retry',
  tags,
  summary: "Retry a failed line's import",
  request: { params: idParamSchema },
  responses: { 202: json(retriedLinkSchema, 'Queued again'), ...errors('not_found', 'conflict') },
})

// GET /api/ingest/proposals – proposals to review
const listProposalsRoute = memberRoute('viewer', {
  method: 'get',
  path: '/proposals',
  tags,
  summary: 'Product proposals made from imported videos',
  request: { query: listProposalsQuerySchema },
  responses: { 200: json(proposalListSchema, 'Proposals, newest first') },
})

// PATCH /api/ingest/proposals/:id – edit the draft
const editProposalRoute = memberRoute('staff', {
  method: 'patch',
  path: '/proposals/{id}',
  tags,
  summary: "Edit a pending proposal's draft",
  request: { params: idParamSchema, body: jsonBody(editProposalSchema) },
  responses: { 200: json(proposalResultSchema, 'The edited proposal'), ...errors('not_found', 'conflict') },
})

// POST /api/ingest/proposals/:id/approve – create the product
const approveProposalRoute = memberRoute('staff', {
  method: 'post',
  path: '/proposals/{id}/approve',
  tags,
  summary: 'Approve a proposal: create its product',
  description: 'Creates the product with the cover and the video in one transaction. Approving again returns the same product (200).',
  request: { params: idParamSchema, body: jsonBody(approveProposalSchema) },
  responses: {
    200: json(proposalDecisionSchema, 'Approved before; the same product'),
    201: json(proposalDecisionSchema, 'The product was created'),
    ...errors('not_found', 'conflict', 'unprocessable'),
  },
})

// POST /api/ingest/proposals/:id/merge – attach the video to an existing product instead
const mergeProposalRoute = memberRoute('staff', {
  method: 'post',
  path: '/proposals/{id}/merge',
  tags,
  summary: 'Merge a proposal into an existing product',
  description: "Links the video to the product and adds the video's cover and tags to it.",
  request: { params: idParamSchema, body: jsonBody(mergeProposalSchema) },
  responses: { 200: json(proposalDecisionSchema, 'Merged'), ...errors('not_found', 'conflict') },
})

// POST /api/ingest/proposals/:id/reject
const rejectProposalRoute = memberRoute('staff', {
  method: 'post',
  path: '/proposals/{id}/reject',
  tags,
  summary: 'Reject a proposal',
  description: 'Rejecting again changes nothing.',
  request: { params: idParamSchema },
  responses: { 200: json(proposalResultSchema, 'Rejected'), ...errors('not_found', 'conflict') },
})

const originsOf = (c: Context<AppEnv>) => ({ origins: [new URL(c.req.url).origin, c.var.config.APP_URL] })

/** /api/ingest: pastes of TikTok links, their progress (JSON and SSE), retries and product proposals. */
export const ingestRoutes = createRouter()
  .openapi(createBatchRoute, async (c) => {
    const { batch, links } = await createIngestBatch(
      { db: c.var.db, env: c.env },
      { merchantId: merchantIdOf(c), userId: c.var.principal?.userId ?? null, lines: splitPaste(c.req.valid('json')) },
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
  .openapi(listBatchesRoute, async (c) => c.json({ items: await listBatches(c.var.db, merchantIdOf(c)) }, 200))
  .openapi(getBatchRoute, async (c) => c.json(await getBatch(c.var.db, merchantIdOf(c), c.req.valid('param').id), 200))
  .openapi(batchEventsRoute, async (c) => {
    const merchantId = merchantIdOf(c)
    const batch = await findBatchOrThrow(c.var.db, merchantId, c.req.valid('param').id)
    c.header('cache-control', 'no-cache, no-transform')
    return streamSSE(c, (stream) => watchBatch(c.var.config, { merchantId, batchId: batch.id }, stream))
  })
  .openapi(retryLinkRoute, async (c) =>
    c.json(await retryLink({ db: c.var.db, env: c.env }, { merchantId: merchantIdOf(c), linkId: c.req.valid('param').id }), 202),
  )
  .openapi(listProposalsRoute, async (c) => c.json(await listProposalViews(c.var.db, merchantIdOf(c), c.req.valid('query')), 200))
  .openapi(editProposalRoute, async (c) => {
    const proposal = await editProposal(c.var.db, { merchantId: merchantIdOf(c), proposalId: c.req.valid('param').id, edits: c.req.valid('json') })
    return c.json({ proposal }, 200)
  })
  .openapi(approveProposalRoute, async (c) => {
    const body = c.req.valid('json')
    const result = await approveProposal(c.var.db, {
      ...actorOf(c),
      proposalId: c.req.valid('param').id,
      edits: body.draft,
      currency: body.currency,
      status: body.status,
    })
    if (result.created) await catalogChanged(c.var.db, merchantIdOf(c), originsOf(c))
    const out = { proposal: result.proposal, productId: result.productId }
    return result.created ? c.json(out, 201) : c.json(out, 200)
  })
  .openapi(mergeProposalRoute, async (c) => {
    const result = await mergeProposal(c.var.db, { ...actorOf(c), proposalId: c.req.valid('param').id, productId: c.req.valid('json').productId })
    await catalogChanged(c.var.db, merchantIdOf(c), originsOf(c))
    return c.json(result, 200)
  })
  .openapi(rejectProposalRoute, async (c) => {
    const proposal = await rejectProposal(c.var.db, { ...actorOf(c), proposalId: c.req.valid('param').id })
    return c.json({ proposal }, 200)
  })
