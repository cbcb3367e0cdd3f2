import { and, eq, inArray, lt } from 'drizzle-orm'
import { publishingChannels, publishingPostEvents, publishingPostTargets, publishingWebhookReceipts } from '../schema'
import type { PublishingPostTarget } from '../schema/publishing'
import type { Database } from '../types'

/**
 * Records a webhook delivery by the digest of its raw body. True the first time; false for a
 * copy already handled (TikTok delivers at least once, so duplicates are expected).
 */
export async function recordWebhookReceipt(db: Database, digest: string, platform: string, event: string): Promise<boolean> {
  const rows = await db
    .insert(publishingWebhookReceipts)
    .values({ digest, platform, event })
    .onConflictDoNothing({ target: publishingWebhookReceipts.digest })
    .returning({ digest: publishingWebhookReceipts.digest })
  return rows.length > 0
}

/** Forgets a receipt, so a delivery whose handling failed is handled when the platform retries it. */
export async function forgetWebhookReceipt(db: Database, digest: string) {
  await db.delete(publishingWebhookReceipts).where(eq(publishingWebhookReceipts.digest, digest))
}

/** Deletes receipts older than `before` (TikTok stops retrying after 72 h). */
export async function pruneWebhookReceipts(db: Database, before: Date): Promise<number> {
  const rows = await db
    .delete(publishingWebhookReceipts)
    .where(lt(publishingWebhookReceipts.receivedAt, before))
    .returning({ digest: publishingWebhookReceipts.digest })
  return rows.length
}

/** The connected channels (any shop) of one account on a platform, by the platform's user id. */
export async function channelsByExternalId(db: Database, platform: 'tiktok' | 'youtube' | 'instagram', externalId: string) {
  return db
    .select()
    .from(publishingChannels)
    .where(and(eq(publishingChannels.platform, platform), eq(publishingChannels.externalId, externalId)))
}

/**
 * The targets a platform reference (TikTok's `publish_id`) belongs to, only among the channels of
 * the account the webhook names: a webhook signed for one account never moves another's post.
 */
export async function targetsByPlatformRef(db: Database, platform: 'tiktok' | 'youtube' | 'instagram', externalId: string, platformRef: string) {
  const rows = await db
    .select({ target: publishingPostTargets, username: publishingChannels.username })
    .from(publishingPostTargets)
    .innerJoin(publishingChannels, eq(publishingChannels.id, publishingPostTargets.channelId))
    .where(
      and(
        eq(publishingPostTargets.platform, platform),
        eq(publishingPostTargets.platformRef, platformRef),
        eq(publishingChannels.platform, platform),
        eq(publishingChannels.externalId, externalId),
      ),
    )
  return rows
}

type WebhookPatch = Partial<Pick<PublishingPostTarget, 'status' | 'platformPostId' | 'permalink' | 'failReason' | 'message' | 'publishedAt' | 'nextMetricsAt'>>

/**
 * Applies what a webhook says to a target, only while it is in one of `from` (so a late or
 * repeated event never moves a post backwards), with an event on its log. With no patch, the
 * event alone is logged. Returns the updated row, or null when the target was in another state.
 */
export async function applyWebhookToTarget(
  db: Database,
  targetId: string,
  from: readonly string[],
  patch: WebhookPatch,
  event: { message: string; data: Record<string, unknown> },
): Promise<PublishingPostTarget | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(publishingPostTargets)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(publishingPostTargets.id, targetId), inArray(publishingPostTargets.status, [...from])))
      .returning()
    if (!row) return null
    await tx.insert(publishingPostEvents).values({
      targetId,
      merchantId: row.merchantId,
      kind: patch.status ? 'status' : 'info',
      status: row.status,
      message: event.message,
      data: event.data,
    })
    return row
  })
}

/**
 * Targets left in a sending state (`publishing`, `processing`) with no change since `before`:
 * the sweep asks their Workflow instance whether it still runs.
 */
export async function targetsStuckSending(db: Database, before: Date, limit = 50) {
  return db
    .select()
    .from(publishingPostTargets)
    .where(and(inArray(publishingPostTargets.status, ['publishing', 'processing']), lt(publishingPostTargets.updatedAt, before)))
    .limit(limit)
}
