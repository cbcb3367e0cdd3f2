import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm'
import { type PublishingChannel, publishingChannels, publishingOauthStates, publishingPostTargets, publishingSettings } from '../schema'
import type { Database } from '../types'

// Channels (connected accounts), connect flows in progress and the shop's publishing settings.

type Platform = PublishingChannel['platform']

// ---- settings

export async function getPublishingTimeZone(db: Database, merchantId: string): Promise<string> {
  const [row] = await db.select({ timeZone: publishingSettings.timeZone }).from(publishingSettings).where(eq(publishingSettings.merchantId, merchantId))
  return row?.timeZone ?? 'UTC'
}

export async function savePublishingTimeZone(db: Database, merchantId: string, timeZone: string) {
  await db
    .insert(publishingSettings)
    .values({ merchantId, timeZone })
    .onConflictDoUpdate({ target: publishingSettings.merchantId, set: { timeZone, updatedAt: new Date() } })
}

// ---- connect flows

export async function insertOauthState(
  db: Database,
  row: { state: string; merchantId: string; userId: string; sessionId: string; platform: Platform; codeVerifier: string; expiresAt: Date },
) {
  // Old flows of any shop go on the way (they expire in minutes).
  await db.delete(publishingOauthStates).where(lt(publishingOauthStates.expiresAt, new Date()))
  await db.insert(publishingOauthStates).values(row)
}

/** Takes (deletes and returns) a flow's state: a state can be used once. */
export async function takeOauthState(db: Database, state: string) {
  const [row] = await db.delete(publishingOauthStates).where(eq(publishingOauthStates.state, state)).returning()
  return row ?? null
}

// ---- channels

export async function listChannels(db: Database, merchantId: string) {
  return db
    .select()
    .from(publishingChannels)
    .where(eq(publishingChannels.merchantId, merchantId))
    .orderBy(asc(publishingChannels.platform), asc(publishingChannels.createdAt))
}

export async function getChannel(db: Database, merchantId: string, id: string) {
  const [row] = await db
    .select()
    .from(publishingChannels)
    .where(and(eq(publishingChannels.merchantId, merchantId), eq(publishingChannels.id, id)))
  return row ?? null
}

export async function getChannelById(db: Database, id: string) {
  const [row] = await db.select().from(publishingChannels).where(eq(publishingChannels.id, id))
  return row ?? null
}

/** The shop's usable channel of a platform (the newest active one). */
export async function activeChannelOf(db: Database, merchantId: string, platform: Platform) {
  const [row] = await db
    .select()
    .from(publishingChannels)
    .where(and(eq(publishingChannels.merchantId, merchantId), eq(publishingChannels.platform, platform), eq(publishingChannels.status, 'active')))
    .orderBy(sql`${publishingChannels.updatedAt} desc`)
    .limit(1)
  return row ?? null
}

export type ChannelTokensPatch = {
  tokensEncrypted: string
  accessExpiresAt: Date | null
  refreshExpiresAt: Date | null
}

/**
 * Creates the channel of an account, or reconnects it (new tokens, active again). Its targets
 * paused by a failed refresh go back to `scheduled`; the caller restarts their instances.
 */
export async function upsertChannel(
  db: Database,
  row: ChannelTokensPatch & {
    merchantId: string
    platform: Platform
    externalId: string
    displayName: string
    username: string | null
    avatarUrl: string | null
    scopes: string[]
    connectedBy: string | null
  },
): Promise<{ channel: PublishingChannel; resumed: string[] }> {
  return db.transaction(async (tx) => {
    const now = new Date()
    const [channel] = await tx
      .insert(publishingChannels)
      .values({ ...row, status: 'active', lastRefreshedAt: now })
      .onConflictDoUpdate({
        target: [publishingChannels.merchantId, publishingChannels.platform, publishingChannels.externalId],
        set: {
          displayName: row.displayName,
          username: row.username,
          avatarUrl: row.avatarUrl,
          scopes: row.scopes,
          tokensEncrypted: row.tokensEncrypted,
          accessExpiresAt: row.accessExpiresAt,
          refreshExpiresAt: row.refreshExpiresAt,
          status: 'active',
          statusReason: null,
          lastRefreshedAt: now,
          connectedBy: row.connectedBy,
          updatedAt: now,
        },
      })
      .returning()
    const resumed = await tx
      .update(publishingPostTargets)
      .set({ status: 'scheduled', message: null, updatedAt: now })
      .where(and(eq(publishingPostTargets.channelId, channel.id), eq(publishingPostTargets.status, 'paused')))
      .returning({ id: publishingPostTargets.id })
    return { channel, resumed: resumed.map((r) => r.id) }
  })
}

/**
 * Runs `fn` holding the channel's row lock (`SELECT … FOR UPDATE`) inside one transaction, so
 * one refresh at a time runs per channel and the rotated token `fn` saves (through `tx`) is
 * committed with it. A second caller waits, then sees the row as the first left it.
 */
export async function withChannelLock<T>(db: Database, channelId: string, fn: (tx: Database, row: PublishingChannel) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(publishingChannels).where(eq(publishingChannels.id, channelId)).for('update')
    if (!row) throw new Error('channel not found')
    return fn(tx as unknown as Database, row)
  })
}

export async function saveRefreshedTokens(db: Database, channelId: string, patch: ChannelTokensPatch) {
  const now = new Date()
  await db
    .update(publishingChannels)
    .set({ ...patch, lastRefreshedAt: now, refreshCount: sql`${publishingChannels.refreshCount} + 1`, updatedAt: now })
    .where(eq(publishingChannels.id, channelId))
}

/**
 * Marks a channel `reconnect_required` (a refresh was refused) and pauses its scheduled targets,
 * with the reason on each, in one transaction. Returns the paused target ids.
 */
export async function markChannelReconnect(db: Database, channelId: string, reason: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    const now = new Date()
    await tx.update(publishingChannels).set({ status: 'reconnect_required', statusReason: reason, updatedAt: now }).where(eq(publishingChannels.id, channelId))
    const paused = await tx
      .update(publishingPostTargets)
      .set({ status: 'paused', message: `paused: ${reason}`, updatedAt: now })
      .where(and(eq(publishingPostTargets.channelId, channelId), inArray(publishingPostTargets.status, ['scheduled'])))
      .returning({ id: publishingPostTargets.id })
    return paused.map((p) => p.id)
  })
}

/** Forgets the tokens of a disconnected channel and cancels its targets not yet sent. */
export async function markChannelDisconnected(db: Database, channelId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const now = new Date()
    await tx
      .update(publishingChannels)
      .set({
        status: 'disconnected',
        statusReason: 'disconnected by the merchant',
        tokensEncrypted: null,
        accessExpiresAt: null,
        refreshExpiresAt: null,
        updatedAt: now,
      })
      .where(eq(publishingChannels.id, channelId))
    await tx
      .update(publishingPostTargets)
      .set({ status: 'cancelled', message: 'the account was disconnected', updatedAt: now })
      .where(and(eq(publishingPostTargets.channelId, channelId), inArray(publishingPostTargets.status, ['scheduled', 'paused'])))
  })
}

/** Active TikTok channels due for an import of their videos. */
export async function channelsDueForImport(db: Database, before: Date, limit = 50) {
  return db
    .select()
    .from(publishingChannels)
    .where(
      and(
        eq(publishingChannels.platform, 'tiktok'),
        eq(publishingChannels.status, 'active'),
        sql`(${publishingChannels.lastImportedAt} is null or ${publishingChannels.lastImportedAt} < ${before})`,
      ),
    )
    .limit(limit)
}

export async function saveImportCursor(db: Database, channelId: string, cursor: string | null) {
  await db
    .update(publishingChannels)
    .set({ importCursor: cursor ?? sql`${publishingChannels.importCursor}`, lastImportedAt: new Date() })
    .where(eq(publishingChannels.id, channelId))
}
