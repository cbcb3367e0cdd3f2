// /api/webhooks – the shop's outbound webhook endpoints, their secrets, attempt log, replays and test events
import type { Context } from 'hono'
import { WEBHOOK_EVENTS } from '../../../contracts/webhook-events'
import { getWebhookEndpoint, listWebhookAttempts, listWebhookEndpoints } from '../../../db/queries/webhooks'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { createRouter, errors, json, jsonBody, memberRoute } from '../lib/openapi'
import { merchantIdOf } from '../middleware/auth'
import { createEndpoint } from './create-endpoint'
import { webhookIdOf } from './deliver-webhook'
import { endpointView } from './endpoint-view'
import { deleteEndpoint, rotateEndpointSecret, updateEndpoint } from './manage-endpoint'
import { replayDeliveries, sendTestEvent } from './replay-deliveries'
import {
  attemptListSchema,
  attemptsQuerySchema,
  createEndpointSchema,
  endpointListSchema,
  endpointSchema,
  endpointWithSecretSchema,
  idParam,
  replayedSchema,
  replaySchema,
  secretSchema,
  testSentSchema,
  updateEndpointSchema,
} from './schemas'

const tags: ['Webhooks (outbound)'] = ['Webhooks (outbound)']
const actorOf = (c: Context<AppEnv>) => c.get('principal')?.userId ?? null
const EVENT_LIST = Object.entries(WEBHOOK_EVENTS).map(([type, description]) => ({ type, description }))

// GET /api/webhooks – endpoints with their health, and the events one can subscribe to
const listRoute = memberRoute('staff', {
  method: 'get',
  path: '/',
  tags,
  summary: 'Webhook endpoints and their health',
  responses: { 200: json(endpointListSchema, 'Endpoints, oldest first, and the event catalogue') },
})

// POST /api/webhooks – register an endpoint; the answer carries its secret, once
const createRoute = memberRoute('owner', {
  method: 'post',
  path: '/',
  tags,
  summary: 'Register a webhook endpoint',
  description: 'The URL must be public https (checked by the SSRF guard). The signing secret (`whsec_…`) is in this answer only.',
  request: { body: jsonBody(createEndpointSchema) },
  responses: { 201: json(endpointWithSecretSchema, 'The endpoint and its signing secret') },
})

// GET /api/webhooks/{id}
const getRoute = memberRoute('staff', {
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One webhook endpoint',
  request: { params: idParam },
  responses: { 200: json(endpointSchema, 'The endpoint'), ...errors('not_found') },
})

// PATCH /api/webhooks/{id} – URL, events, description, enable / disable
const updateRoute = memberRoute('owner', {
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Change or enable / disable an endpoint',
  description: 'Enabling an endpoint linkhub disabled clears the notice; failed deliveries stay failed until replayed.',
  request: { params: idParam, body: jsonBody(updateEndpointSchema) },
  responses: { 200: json(endpointSchema, 'The endpoint after the change'), ...errors('not_found') },
})

// DELETE /api/webhooks/{id}
const deleteRoute = memberRoute('owner', {
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Delete an endpoint and its delivery log',
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errors('not_found') },
})

// POST /api/webhooks/{id}/secret – rotate the signing secret
const rotateRoute = memberRoute('owner', {
  method: 'post',
  path: '/{id}/secret',
  tags,
  summary: 'Rotate the signing secret',
  description: 'The new secret is in this answer only; the old one stops signing at once.',
  request: { params: idParam },
  responses: { 200: json(secretSchema, 'The new secret'), ...errors('not_found') },
})

// POST /api/webhooks/{id}/test – send a webhook.test event
const testRoute = memberRoute('staff', {
  method: 'post',
  path: '/{id}/test',
  tags,
  summary: 'Send a test event',
  request: { params: idParam },
  responses: { 202: json(testSentSchema, 'Queued'), ...errors('not_found', 'conflict') },
})

// GET /api/webhooks/{id}/attempts – the attempt log, newest first
const attemptsRoute = memberRoute('staff', {
  method: 'get',
  path: '/{id}/attempts',
  tags,
  summary: "An endpoint's delivery attempts",
  request: { params: idParam, query: attemptsQuerySchema },
  responses: { 200: json(attemptListSchema, 'Attempts, newest first'), ...errors('not_found') },
})

// POST /api/webhooks/{id}/replay – re-send one delivery, or every failed one since a time
const replayRoute = memberRoute('staff', {
  method: 'post',
  path: '/{id}/replay',
  tags,
  summary: 'Replay failed deliveries',
  description: 'Replays keep the message body and its `webhook-id`, and start the retry schedule again.',
  request: { params: idParam, body: jsonBody(replaySchema) },
  responses: { 202: json(replayedSchema, 'How many deliveries were queued again'), ...errors('not_found') },
})

export const webhookRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const rows = await listWebhookEndpoints(c.var.db, merchantIdOf(c))
    return c.json({ items: rows.map(endpointView), events: EVENT_LIST }, 200)
  })
  .openapi(createRoute, async (c) =>
    c.json(await createEndpoint({ db: c.var.db, config: c.var.config }, { ...c.req.valid('json'), merchantId: merchantIdOf(c), actorId: actorOf(c) }), 201),
  )
  .openapi(getRoute, async (c) => {
    const row = await getWebhookEndpoint(c.var.db, merchantIdOf(c), c.req.valid('param').id)
    if (!row) throw new AppError('not_found', 'no such webhook endpoint')
    return c.json(endpointView(row), 200)
  })
  .openapi(updateRoute, async (c) =>
    c.json(
      await updateEndpoint(
        { db: c.var.db, config: c.var.config },
        { merchantId: merchantIdOf(c), actorId: actorOf(c), id: c.req.valid('param').id, patch: c.req.valid('json') },
      ),
      200,
    ),
  )
  .openapi(deleteRoute, async (c) => {
    await deleteEndpoint(c.var.db, { merchantId: merchantIdOf(c), actorId: actorOf(c), id: c.req.valid('param').id })
    return c.body(null, 204)
  })
  .openapi(rotateRoute, async (c) =>
    c.json(
      await rotateEndpointSecret({ db: c.var.db, config: c.var.config }, { merchantId: merchantIdOf(c), actorId: actorOf(c), id: c.req.valid('param').id }),
      200,
    ),
  )
  .openapi(testRoute, async (c) =>
    c.json(await sendTestEvent({ db: c.var.db, env: c.env }, { merchantId: merchantIdOf(c), actorId: actorOf(c), endpointId: c.req.valid('param').id }), 202),
  )
  .openapi(attemptsRoute, async (c) => {
    const merchantId = merchantIdOf(c)
    const { id } = c.req.valid('param')
    if (!(await getWebhookEndpoint(c.var.db, merchantId, id))) throw new AppError('not_found', 'no such webhook endpoint')
    const { limit, before } = c.req.valid('query')
    const rows = await listWebhookAttempts(c.var.db, merchantId, id, { limit, before: before ? new Date(before) : undefined })
    return c.json(
      {
        items: rows.map((r) => ({
          ...r,
          webhookId: webhookIdOf(r.messageId),
          attemptedAt: r.attemptedAt.toISOString(),
          nextAttemptAt: r.nextAttemptAt?.toISOString() ?? null,
        })),
      },
      200,
    )
  })
  .openapi(replayRoute, async (c) =>
    c.json(
      await replayDeliveries(
        { db: c.var.db, env: c.env },
        { merchantId: merchantIdOf(c), actorId: actorOf(c), endpointId: c.req.valid('param').id, ...c.req.valid('json') },
      ),
      202,
    ),
  )
