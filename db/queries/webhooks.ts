import { and, desc, eq, gte, inArray, lt, lte, or, sql } from 'drizzle-orm'
import { type WebhookDelivery, type WebhookEndpoint, webhookAttempts, webhookDeliveries, webhookEndpoints, webhookMessages } from '../schema'
import { type Database, rowsOf } from '../types'

// ---- endpoints ------------------------------------------------------------------------------

export type NewWebhookEndpoint = { merchantId: string; url: string; description: string; events: string[]; secretEncrypted: string }

export async function insertWebhookEndpoint(db: Database, input: NewWebhookEndpoint): Promise<WebhookEndpoint> {
  const [row] = await db.insert(webhookEndpoints).values(input).returning()
  return row
}

/** An endpoint of the merchant (undefined for another merchant's id). */
export async function getWebhookEndpoint(db: Database, merchantId: string, id: string): Promise<WebhookEndpoint | undefined> {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.merchantId, merchantId)))
  return row
}

export type WebhookEndpointHealth = WebhookEndpoint & { attempts24h: number; failures24h: number; failedDeliveries: number; pendingDeliveries: number }

/** The shop's endpoints, oldest first, each with its last day of attempts and its open deliveries. */
// Column references in these subqueries are spelled out: drizzle renders a bare column inside `sql` as `"id"`,
// which the subquery would read as its own table's id.
export async function listWebhookEndpoints(db: Database, merchantId: string): Promise<WebhookEndpointHealth[]> {
  const attempts = sql<number>`(select count(*)::int from ${webhookAttempts} a where a.endpoint_id = "webhook_endpoints"."id" and a.attempted_at > now() - interval '24 hours')`
  const failures = sql<number>`(select count(*)::int from ${webhookAttempts} a where a.endpoint_id = "webhook_endpoints"."id" and a.attempted_at > now() - interval '24 hours' and not a.succeeded)`
  const failed = sql<number>`(select count(*)::int from ${webhookDeliveries} d where d.endpoint_id = "webhook_endpoints"."id" and d.status = 'failed')`
  const pending = sql<number>`(select count(*)::int from ${webhookDeliveries} d where d.endpoint_id = "webhook_endpoints"."id" and d.status in ('pending', 'sending'))`
  const rows = await db
    .select({ endpoint: webhookEndpoints, attempts24h: attempts, failures24h: failures, failedDeliveries: failed, pendingDeliveries: pending })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.merchantId, merchantId))
    .orderBy(webhookEndpoints.createdAt)
  return rows.map((r) => ({
    ...r.endpoint,
    attempts24h: r.attempts24h,
    failures24h: r.failures24h,
    failedDeliveries: r.failedDeliveries,
    pendingDeliveries: r.pendingDeliveries,
  }))
}

export type WebhookEndpointPatch = Partial<{ url: string; description: string; events: string[]; enabled: boolean; secretEncrypted: string }>

/** Changes an endpoint; enabling it again clears the hub's disable notice and its failure streak. */
export async function updateWebhookEndpoint(db: Database, merchantId: string, id: string, patch: WebhookEndpointPatch): Promise<WebhookEndpoint | undefined> {
  const reset = patch.enabled === true ? { disabledReason: null, disabledAt: null, failingSince: null, consecutiveExhausted: 0 } : {}
  const disabled = patch.enabled === false ? { disabledReason: null, disabledAt: new Date() } : {}
  const [row] = await db
    .update(webhookEndpoints)
    .set({ ...patch, ...reset, ...disabled })
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.merchantId, merchantId)))
    .returning()
  return row
}

export async function deleteWebhookEndpoint(db: Database, merchantId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.merchantId, merchantId)))
    .returning({ id: webhookEndpoints.id })
  return rows.length > 0
}

// ---- emitting -------------------------------------------------------------------------------

export type WebhookBody = { type: string; timestamp: string; data: Record<string, unknown> }

/**
 * Records an event for every enabled endpoint of the shop subscribed to its type, in one
 * statement: the message row and one delivery per endpoint, due now. Nothing is written when no
 * endpoint wants it. `endpointId` narrows it to one endpoint (the dashboard's test event).
 */
export async function recordWebhookEvent(
  db: Database,
  input: { merchantId: string; body: WebhookBody; endpointId?: string },
): Promise<Array<{ id: string; attempts: number }>> {
  const only = input.endpointId ? sql`and id = ${input.endpointId}` : sql`and events ? ${input.body.type}`
  return rowsOf<{ id: string; attempts: number }>(
    db,
    sql`with ep as (
          select id from ${webhookEndpoints} where merchant_id = ${input.merchantId} and enabled ${only}
        ), msg as (
          insert into ${webhookMessages} (merchant_id, type, body)
          select ${input.merchantId}, ${input.body.type}, ${JSON.stringify(input.body)}::jsonb where exists (select 1 from ep)
          returning id
        )
        insert into ${webhookDeliveries} (merchant_id, message_id, endpoint_id, next_attempt_at)
        select ${input.merchantId}, msg.id, ep.id, now() from msg, ep
        returning id, attempts`,
  )
}

// ---- delivering -----------------------------------------------------------------------------

export type ClaimedDelivery = {
  delivery: WebhookDelivery
  endpoint: WebhookEndpoint
  messageId: string
  body: WebhookBody
}

/** A `sending` claim older than this is taken to be abandoned (the consumer died mid-request). */
export const WEBHOOK_CLAIM_STALE_SECONDS = 60

/**
 * Claims a due delivery for one attempt (a conditional UPDATE: of two consumers holding the same
 * message, one gets it). Undefined when it is not due at `now`, already being sent, or finished.
 */
export async function claimWebhookDelivery(db: Database, id: string, now: Date): Promise<ClaimedDelivery | undefined> {
  const stale = new Date(now.getTime() - WEBHOOK_CLAIM_STALE_SECONDS * 1000)
  const [delivery] = await db
    .update(webhookDeliveries)
    .set({ status: 'sending', claimedAt: now })
    .where(
      and(
        eq(webhookDeliveries.id, id),
        or(
          and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)),
          and(eq(webhookDeliveries.status, 'sending'), lt(webhookDeliveries.claimedAt, stale)),
        ),
      ),
    )
    .returning()
  if (!delivery) return undefined
  const [row] = await db
    .select({ endpoint: webhookEndpoints, body: webhookMessages.body })
    .from(webhookEndpoints)
    .innerJoin(webhookMessages, eq(webhookMessages.id, delivery.messageId))
    .where(eq(webhookEndpoints.id, delivery.endpointId))
  if (!row) return undefined
  return { delivery, endpoint: row.endpoint, messageId: delivery.messageId, body: row.body }
}

export type WebhookAttemptRecord = {
  attempt: number
  succeeded: boolean
  statusCode: number | null
  latencyMs: number
  responseExcerpt: string | null
  error: string | null
  attemptedAt: Date
}

export type WebhookAttemptOutcome = {
  attempt: WebhookAttemptRecord
  /** `pending` with `nextAttemptAt` to retry, `succeeded`, or `failed` (schedule exhausted, or the endpoint is off). */
  status: 'pending' | 'succeeded' | 'failed'
  step: number
  nextAttemptAt: Date | null
  /** The whole schedule failed: counts towards disabling the endpoint. */
  exhausted: boolean
}

/**
 * Records one attempt and its consequences in one transaction: the attempt row, the delivery's
 * new state, and the endpoint's health. An exhausted delivery disables the endpoint when it has
 * failed since `disableAfter.failingSince` or this makes `disableAfter.exhaustedInARow` in a row;
 * returns whether it did.
 */
export async function recordWebhookAttempt(
  db: Database,
  claimed: ClaimedDelivery,
  outcome: WebhookAttemptOutcome,
  disableAfter: { failingBefore: Date; exhaustedInARow: number; reason: string },
): Promise<{ disabled: boolean }> {
  const { delivery, endpoint } = claimed
  const at = outcome.attempt.attemptedAt
  return db.transaction(async (tx) => {
    await tx
      .insert(webhookAttempts)
      .values({ merchantId: delivery.merchantId, deliveryId: delivery.id, endpointId: endpoint.id, ...outcome.attempt })
      .onConflictDoNothing()
    await tx
      .update(webhookDeliveries)
      .set({
        status: outcome.status,
        step: outcome.step,
        attempts: sql`greatest(${webhookDeliveries.attempts}, ${outcome.attempt.attempt})`,
        nextAttemptAt: outcome.nextAttemptAt,
        claimedAt: null,
        lastStatusCode: outcome.attempt.statusCode,
        lastError: outcome.attempt.error,
      })
      .where(eq(webhookDeliveries.id, delivery.id))
    if (outcome.attempt.succeeded) {
      await tx.update(webhookEndpoints).set({ lastSuccessAt: at, failingSince: null, consecutiveExhausted: 0 }).where(eq(webhookEndpoints.id, endpoint.id))
      return { disabled: false }
    }
    const [after] = await tx
      .update(webhookEndpoints)
      .set({
        lastFailureAt: at,
        failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${at})`,
        consecutiveExhausted: outcome.exhausted ? sql`${webhookEndpoints.consecutiveExhausted} + 1` : webhookEndpoints.consecutiveExhausted,
      })
      .where(eq(webhookEndpoints.id, endpoint.id))
      .returning()
    if (!outcome.exhausted || !after?.enabled) return { disabled: false }
    const failingLong = after.failingSince !== null && after.failingSince <= disableAfter.failingBefore
    if (!failingLong && after.consecutiveExhausted < disableAfter.exhaustedInARow) return { disabled: false }
    await tx.update(webhookEndpoints).set({ enabled: false, disabledAt: at, disabledReason: disableAfter.reason }).where(eq(webhookEndpoints.id, endpoint.id))
    return { disabled: true }
  })
}

/** Deliveries due at `now` (and claims gone stale), oldest first: what the sweep hands to the queue. */
export async function listDueWebhookDeliveries(db: Database, now: Date, limit = 200): Promise<Array<{ id: string; merchantId: string; attempts: number }>> {
  const stale = new Date(now.getTime() - WEBHOOK_CLAIM_STALE_SECONDS * 1000)
  return db
    .select({ id: webhookDeliveries.id, merchantId: webhookDeliveries.merchantId, attempts: webhookDeliveries.attempts })
    .from(webhookDeliveries)
    .where(
      or(
        and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)),
        and(eq(webhookDeliveries.status, 'sending'), lt(webhookDeliveries.claimedAt, stale)),
      ),
    )
    .orderBy(webhookDeliveries.nextAttemptAt)
    .limit(limit)
}

// ---- the log and replays --------------------------------------------------------------------

export type WebhookAttemptLogRow = {
  id: string
  deliveryId: string
  messageId: string
  eventType: string
  attempt: number
  succeeded: boolean
  statusCode: number | null
  latencyMs: number
  responseExcerpt: string | null
  error: string | null
  attemptedAt: Date
  deliveryStatus: WebhookDelivery['status']
  nextAttemptAt: Date | null
}

/** An endpoint's attempts, newest first, with their delivery's current state. */
export async function listWebhookAttempts(
  db: Database,
  merchantId: string,
  endpointId: string,
  options: { limit?: number; before?: Date } = {},
): Promise<WebhookAttemptLogRow[]> {
  return db
    .select({
      id: webhookAttempts.id,
      deliveryId: webhookAttempts.deliveryId,
      messageId: webhookDeliveries.messageId,
      eventType: webhookMessages.type,
      attempt: webhookAttempts.attempt,
      succeeded: webhookAttempts.succeeded,
      statusCode: webhookAttempts.statusCode,
      latencyMs: webhookAttempts.latencyMs,
      responseExcerpt: webhookAttempts.responseExcerpt,
      error: webhookAttempts.error,
      attemptedAt: webhookAttempts.attemptedAt,
      deliveryStatus: webhookDeliveries.status,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
    })
    .from(webhookAttempts)
    .innerJoin(webhookDeliveries, eq(webhookDeliveries.id, webhookAttempts.deliveryId))
    .innerJoin(webhookMessages, eq(webhookMessages.id, webhookDeliveries.messageId))
    .where(
      and(
        eq(webhookAttempts.merchantId, merchantId),
        eq(webhookAttempts.endpointId, endpointId),
        options.before ? lt(webhookAttempts.attemptedAt, options.before) : undefined,
      ),
    )
    .orderBy(desc(webhookAttempts.attemptedAt), desc(webhookAttempts.attempt))
    .limit(options.limit ?? 50)
}

/**
 * Puts finished deliveries back on the schedule from its first step, due at `now`: one
 * (`deliveryId`) or every failed one of the endpoint created since `since`. Deliveries in flight
 * are left alone. Returns what was re-queued.
 */
export async function requeueWebhookDeliveries(
  db: Database,
  input: { merchantId: string; endpointId: string; now: Date } & ({ deliveryId: string } | { since: Date }),
): Promise<Array<{ id: string; attempts: number }>> {
  const which =
    'deliveryId' in input
      ? and(eq(webhookDeliveries.id, input.deliveryId), inArray(webhookDeliveries.status, ['failed', 'succeeded']))
      : and(eq(webhookDeliveries.status, 'failed'), gte(webhookDeliveries.createdAt, input.since))
  return db
    .update(webhookDeliveries)
    .set({ status: 'pending', step: 0, nextAttemptAt: input.now, claimedAt: null })
    .where(and(eq(webhookDeliveries.merchantId, input.merchantId), eq(webhookDeliveries.endpointId, input.endpointId), which))
    .returning({ id: webhookDeliveries.id, attempts: webhookDeliveries.attempts })
}

/** A delivery of the merchant's endpoint (undefined for another merchant's or endpoint's id). */
export async function getWebhookDelivery(db: Database, merchantId: string, endpointId: string, id: string): Promise<WebhookDelivery | undefined> {
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.merchantId, merchantId), eq(webhookDeliveries.endpointId, endpointId)))
  return row
}
