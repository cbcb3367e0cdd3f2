import { and, eq, lt, sql } from 'drizzle-orm'
import { type Channel, channels, inboundReceipts, merchants } from '../schema'
import type { Database } from '../types'

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
    .where(and(eq(channels.kind, kind), eq(channels.externalId, externalId), eq(channels.enabled, true)))
  return row
}

export async function findChannelByWebhookKey(db: Database, webhookKey: string): Promise<Channel | undefined> {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.webhookKey, webhookKey), eq(channels.kind, 'telegram'), eq(channels.enabled, true)))
  return row
}

export async function findMerchantChannel(db: Database, merchantId: string, kind: 'whatsapp' | 'telegram'): Promise<Channel | undefined> {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.merchantId, merchantId), eq(channels.kind, kind), eq(channels.enabled, true)))
  return row
}

export async function listChannels(db: Database, merchantId: string): Promise<Channel[]> {
  return db.select().from(channels).where(eq(channels.merchantId, merchantId)).orderBy(channels.createdAt)
}

/** Creates or replaces the merchant's channel of a kind (one WhatsApp number / one bot per shop here). */
export async function upsertChannel(
  db: Database,
  input: { merchantId: string; kind: 'whatsapp' | 'telegram'; externalId: string; displayName: string; secretsEncrypted: string; webhookKey: string | null },
): Promise<Channel> {
  await db.delete(channels).where(and(eq(channels.merchantId, input.merchantId), eq(channels.kind, input.kind)))
  const [row] = await db
    .insert(channels)
    .values({ ...input, enabled: true })
    .returning()
  return row
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
 * Takes `cost` tokens from a token bucket (capacity `capacity`, refilled at `perSecond`), atomically
 * in one statement. Returns 0 when they were taken, else the seconds to wait before trying again.
 */
export async function takePacingTokens(db: Database, key: string, capacity: number, perSecond: number, cost = 1): Promise<number> {
  const res = (await db.execute(sql`
    with cur as (
      insert into outbox_pacing (key, tokens, refilled_at) values (${key}, ${capacity}, now())
      on conflict (key) do update set key = excluded.key
      returning tokens, refilled_at
    ), level as (
      select least(${capacity}::float8, tokens + extract(epoch from (now() - refilled_at)) * ${perSecond}::float8) as tokens from cur
    )
    update outbox_pacing p set
      tokens = case when level.tokens >= ${cost} then level.tokens - ${cost} else level.tokens end,
      refilled_at = now()
    from level where p.key = ${key}
    returning level.tokens as tokens, (level.tokens >= ${cost}) as taken`)) as unknown as { rows: { tokens: number; taken: boolean }[] }
  const row = res.rows[0]
  if (!row || row.taken) return 0
  return Math.max(0.05, (cost - Number(row.tokens)) / perSecond)
}
