import { z } from '@hono/zod-openapi'
import { sha256Hex, verifyHmacSha256Hex } from '../../../contracts/hmac'
import { markChannelReconnect } from '../../../db/queries/publishing'
import {
  applyWebhookToTarget,
  channelsByExternalId,
  forgetWebhookReceipt,
  recordWebhookReceipt,
  targetsByPlatformRef,
} from '../../../db/queries/publishing-webhooks'
import type { Database } from '../../../db/types'
import type { Config } from '../config'
import type { Logger } from '../lib/logger'
import { TIKTOK_ERRORS } from './platforms/tiktok'

/** How far a `TikTok-Signature` timestamp may be from now before the delivery is taken for a replay. */
export const TIKTOK_WEBHOOK_TOLERANCE_SECONDS = 300

/**
 * Checks `TikTok-Signature: t=<unix s>,s=<hex>`, where s = HMAC-SHA256(client secret, `t.rawBody`)
 * (TikTok's webhook verification), within the tolerance. False for anything else.
 */
export async function verifyTikTokSignature(secret: string, raw: string, header: string | undefined, now = Date.now()): Promise<boolean> {
  if (!secret || !header) return false
  const parts = Object.fromEntries(
    header.split(',').map((p) => {
      const i = p.indexOf('=')
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()]
    }),
  )
  const t = Number(parts.t)
  if (!Number.isInteger(t) || !parts.s) return false
  if (Math.abs(now / 1000 - t) > TIKTOK_WEBHOOK_TOLERANCE_SECONDS) return false
  return verifyHmacSha256Hex(secret, `${parts.t}.${raw}`, parts.s)
}

/** TikTok's webhook body; `content` is a JSON string whose shape depends on `event`. */
export const tiktokWebhookSchema = z
  .object({
    client_key: z.string(),
    event: z.string(),
    create_time: z.number().int(),
    user_openid: z.string(),
    content: z.string(),
  })
  .openapi('TikTokWebhook')

const contentSchema = z.object({
  publish_id: z.string().optional(),
  post_id: z.union([z.string(), z.number()]).optional(),
  reason: z.union([z.string(), z.number()]).optional(),
  publish_type: z.string().optional(),
})

/** Why TikTok removed an authorization (`authorization.removed`, `reason`). */
const REMOVED_REASONS: Record<number, string> = {
  0: 'TikTok removed the access',
  1: 'the account disconnected the app in TikTok',
  2: 'the TikTok account was deleted',
  3: "the TikTok account's age changed",
  4: 'the TikTok account was banned',
  5: 'the access was revoked',
}

// Where each event may move a target from: never backwards (a published post stays published).
const SENDING = ['publishing', 'processing', 'unconfirmed'] as const

export type TikTokWebhookOutcome = { duplicate?: true; ignored?: true; applied?: number }

type Deps = { db: Database; config: Config; log?: Logger }

/**
 * Handles one verified delivery, once: a copy of a delivery already handled does nothing. Post
 * outcomes move the target the `publish_id` belongs to (among the posts of the account the
 * webhook names): `publicly_available` → published with its post id (an `unconfirmed` post or an
 * inbox draft the creator posted included), `inbox_delivered` → in the inbox, `failed` → failed
 * with the reason in words; `authorization.removed` asks the shop to reconnect and pauses its
 * scheduled posts.
 */
export async function receiveTikTokWebhook(deps: Deps, raw: string, body: z.infer<typeof tiktokWebhookSchema>): Promise<TikTokWebhookOutcome> {
  const digest = await sha256Hex(raw)
  if (!(await recordWebhookReceipt(deps.db, digest, 'tiktok', body.event))) return { duplicate: true }
  try {
    return await handle(deps, body)
  } catch (err) {
    // Not handled: forget the receipt so TikTok's retry is handled (TikTok retries on non-200).
    await forgetWebhookReceipt(deps.db, digest)
    throw err
  }
}

async function handle(deps: Deps, body: z.infer<typeof tiktokWebhookSchema>): Promise<TikTokWebhookOutcome> {
  let content: z.infer<typeof contentSchema>
  try {
    const parsed = contentSchema.safeParse(JSON.parse(body.content))
    if (!parsed.success) return { ignored: true }
    content = parsed.data
  } catch {
    return { ignored: true }
  }
  const data = { event: body.event, createTime: body.create_time, ...content }

  if (body.event === 'authorization.removed') {
    const why = REMOVED_REASONS[Number(content.reason ?? 0)] ?? REMOVED_REASONS[0]
    let applied = 0
    for (const channel of await channelsByExternalId(deps.db, 'tiktok', body.user_openid)) {
      if (channel.status !== 'active') continue
      const paused = await markChannelReconnect(deps.db, channel.id, `${why}; connect TikTok again to resume your scheduled posts`)
      deps.log?.warn('tiktok authorization removed', { channelId: channel.id, reason: content.reason, paused: paused.length })
      applied++
    }
    return { applied }
  }

  if (!body.event.startsWith('post.publish.') || !content.publish_id) return { ignored: true }
  const targets = await targetsByPlatformRef(deps.db, 'tiktok', body.user_openid, content.publish_id)
  let applied = 0
  for (const { target, username } of targets) {
    const postId = content.post_id === undefined ? null : String(content.post_id)
    let row = null
    switch (body.event) {
      case 'post.publish.publicly_available':
        if (!postId) break
        row = await applyWebhookToTarget(
          deps.db,
          target.id,
          [...SENDING, 'inbox'],
          {
            status: 'published',
            platformPostId: postId,
            permalink: username ? `https://www.tiktok.com/@${username}/video/${postId}` : null,
            publishedAt: target.publishedAt ?? new Date(),
            nextMetricsAt: target.nextMetricsAt ?? new Date(Date.now() + 3600_000),
            message: null,
          },
          { message: target.status === 'inbox' ? 'posted from the TikTok inbox; now public' : 'TikTok says the post is public', data },
        )
        break
      case 'post.publish.inbox_delivered':
        row = await applyWebhookToTarget(
          deps.db,
          target.id,
          SENDING,
          { status: 'inbox', platformPostId: content.publish_id, publishedAt: new Date(), message: null },
          { message: "TikTok put the draft in the creator's inbox", data },
        )
        break
      case 'post.publish.failed': {
        const reason = String(content.reason ?? 'unknown')
        row = await applyWebhookToTarget(
          deps.db,
          target.id,
          SENDING,
          { status: 'failed', failReason: reason, message: TIKTOK_ERRORS[reason]?.message ?? `TikTok refused the post (${reason})` },
          { message: `TikTok says the post failed (${reason})`, data },
        )
        break
      }
      case 'post.publish.complete':
        // Direct Post: public ones get their id in `publicly_available` after moderation.
        row = await applyWebhookToTarget(deps.db, target.id, SENDING, {}, { message: 'TikTok finished processing the post', data })
        break
      case 'post.publish.no_longer_publicaly_available':
      case 'post.publish.no_longer_publicly_available':
        row = await applyWebhookToTarget(
          deps.db,
          target.id,
          ['published'],
          { message: 'no longer public on TikTok (made private or removed)' },
          { message: 'TikTok says the post is no longer public', data },
        )
        break
    }
    if (row) applied++
  }
  if (!targets.length) deps.log?.info('tiktok webhook for a post the hub does not know', { event: body.event })
  return { applied }
}
