import { and, eq, inArray, lt, sql } from 'drizzle-orm'
import { type Channel, channels, events, inboundReceipts, merchants, messages } from '../schema'
import type { Database } from '../types'
import { takeBucketTokens } from './analytics'

/** A shop being deleted answers no shopper and sends nothing: its channels are as good as gone. */
const shopOpen = sql`not exists (select 1 from merchants m where m.id = ${channels.merchantId} and m.delete_requested_at is not null)`

/**
 * Records a provider delivery id (wamid, status id, Telegram update id). Returns false when it was
 * seen before: `insert … on conflict do nothing` makes concurrent deliveries race safely.
 */
export async function recordInboundReceipt(db: Database, provider: string, externalId: string): Promise<boolean> {
  const rows = await db.insert(inboundReceipts).values({ provider, externalId }).onConflictDoNothing().returning({ id: inboundReceipts.externalId })
  return rows.length > 0
}

/** Drops receipts older than the provider's retry window (Meta retries for up to 7 days; we keep 8). */
export async function pruneInboundReceipts(db: Database, olderThanDays = 8) {
  await db.delete(inboundReceipts).where(lt(inboundReceipts.receivedAt, sql`now() - make_interval(days => ${olderThanDays})`))
}

export async function findChannelByExternalId(db: Database, kind: 'whatsapp' | 'telegram', externalId: string): Promise<Channel | undefined> {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.kind, kind), eq(channels.externalId, externalId), eq(channels.enabled, true), shopOpen))
  return row
}

export async function findChannelByWebhookKey(db: Database, webhookKey: string): Promise<Channel | undefined> {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.webhookKey, webhookKey), eq(channels.kind, 'telegram'), eq(channels.enabled, true), shopOpen))
  return row
}

export async function findMerchantChannel(db: Database, merchantId: string, kind: 'whatsapp' | 'telegram'): Promise<Channel | undefined> {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.merchantId, merchantId), eq(channels.kind, kind), eq(channels.enabled, true), shopOpen))
  return row
}

export async function listChannels(db: Database, merchantId: string): Promise<Channel[]> {
  return db.select().from(channels).where(eq(channels.merchantId, merchantId)).orderBy(channels.createdAt)
}

/**
 * Creates or replaces the merchant's channel of a kind (one WhatsApp number / one bot per shop
 * here) in one transaction: when the insert is refused (the number or bot belongs to another
 * shop), the shop's previous channel is still there. The merchant row is locked, so two connects
 * of one shop run one after the other. Pass a transaction to make more work part of the same one.
 */
export async function upsertChannel(
  db: Database,
  input: { merchantId: string; kind: 'whatsapp' | 'telegram'; externalId: string; displayName: string; secretsEncrypted: string; webhookKey: string | null },
): Promise<Channel> {
  return db.transaction(async (tx) => {
    await tx.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, input.merchantId)).for('update')
    await tx.delete(channels).where(and(eq(channels.merchantId, input.merchantId), eq(channels.kind, input.kind)))
    const [row] = await tx
      .insert(channels)
      .values({ ...input, enabled: true })
      .returning()
    return row
  })
}

export async function deleteChannel(db: Database, merchantId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(channels)
    .where(and(eq(channels.merchantId, merchantId), eq(channels.id, id)))
    .returning({ id: channels.id })
  return rows.length > 0
}

export async function getMerchant(db: Database, merchantId: string) {
  const [row] = await db.select().from(merchants).where(eq(merchants.id, merchantId))
  return row
}

/** Replaces `settings.bot` and leaves the rest of the merchant's settings alone. */
export async function setMerchantBotSettings(db: Database, merchantId: string, bot: Record<string, unknown>) {
  await db
    .update(merchants)
    .set({ settings: sql`jsonb_set(coalesce(${merchants.settings}, '{}'::jsonb), '{bot}', ${JSON.stringify(bot)}::jsonb, true)` })
    .where(eq(merchants.id, merchantId))
}

/**
 * The outbox pacer: takes `cost` tokens from the bucket `key` (refilled at `perSecond` up to
 * `capacity`), or says how long to wait (0 = taken). The same bucket as the beacon limiter
 * (`takeBucketTokens`: a conditional UPDATE, safe under concurrency). The earlier version
 * inserted and updated the row in one statement; Postgres ignored the second change and the code
 * read "no row" as "taken", so nothing was ever limited.
 */
export const takePacingTokens = (db: Database, key: string, capacity: number, perSecond: number, cost = 1): Promise<number> =>
  takeBucketTokens(db, key, capacity, perSecond, cost)

/**
 * Outbound replies to one inbound message (by its provider id) that are stored but not (fully)
 * sent: `queued`, or `sending` when a send was cut off midway (the OUTBOX resumes at the next bubble).
 */
export async function listQueuedReplyIds(db: Database, conversationId: string, inReplyTo: string): Promise<string[]> {
  const rows = await db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(eq(messages.conversationId, conversationId), inArray(messages.status, ['queued', 'sending']), sql`${messages.payload}->>'inReplyTo' = ${inReplyTo}`),
    )
  return rows.map((r) => r.id)
}

/**
 * Notes a shopper message the bot does not answer (opted out, or a person is handling the chat):
 * times and unread count, and the shopper's latest name when given.
 */
export async function noteUnansweredMessage(db: Database, conversationId: string, at: Date, name?: string) {
  if (name === undefined) {
    await db.execute(sql`update conversations set last_inbound_at = ${at}, last_message_at = ${at}, unread = unread + 1 where id = ${conversationId}`)
    return
  }
  await db.execute(
    sql`update conversations set last_inbound_at = ${at}, last_message_at = ${at}, unread = unread + 1, name = ${name} where id = ${conversationId}`,
  )
}

/** Saves what one bot turn decided about the conversation; the first attribution ref sticks. */
export async function saveTurnOutcome(
  db: Database,
  conversationId: string,
  o: { state: Record<string, unknown>; handoff: boolean; optedOut: boolean; ref: string | null; name: string; at: Date },
) {
  await db.execute(sql`update conversations set
        state = ${JSON.stringify(o.state)}::jsonb,
        handoff = ${o.handoff},
        opted_out = ${o.optedOut},
        ref = coalesce(ref, ${o.ref}),
        name = ${o.name},
        last_inbound_at = ${o.at}, last_message_at = ${o.at},
        unread = unread + 1,
        updated_at = now()
        where id = ${conversationId}`)
}

export type BotEvent = {
  merchantId: string
  type: 'chat_started' | 'order_placed'
  conversationId: string
  productId: string | null
  videoId: string | null
  linkId: string | null
  orderId: string | null
  ref: string | null
  meta: Record<string, unknown>
}

/** Records the analytics events of a bot turn (chat_started, order_placed). */
export async function insertBotEvents(db: Database, rows: BotEvent[]) {
  for (const row of rows) await db.insert(events).values(row)
}
