import { and, eq, inArray } from 'drizzle-orm'
import { type Video, videos } from '../schema'
import type { Database } from '../types'

/** Videos of a merchant by TikTok id (for duplicate checks of a paste). */
export async function findVideosByExternalIds(db: Database, merchantId: string, externalIds: string[]): Promise<Pick<Video, 'id' | 'externalId' | 'status'>[]> {
  if (!externalIds.length) return []
  return db
    .select({ id: videos.id, externalId: videos.externalId, status: videos.status })
    .from(videos)
    .where(and(eq(videos.merchantId, merchantId), eq(videos.platform, 'tiktok'), inArray(videos.externalId, externalIds)))
}

/**
 * Admits a video for a link: inserts it unless the merchant has it already (unique on merchant,
 * platform, external id). `admitted` is true when the row belongs to this link, also on a second
 * delivery of the same job, because the row remembers the link that created it.
 */
export async function admitVideo(
  db: Database,
  input: { merchantId: string; externalId: string; url: string; sourceLinkId: string },
): Promise<{ video: Video; admitted: boolean }> {
  // One round trip when the video is new: the insert returns the row; only a conflict reads it.
  const [created] = await db
    .insert(videos)
    .values({ merchantId: input.merchantId, platform: 'tiktok', externalId: input.externalId, url: input.url, sourceLinkId: input.sourceLinkId })
    .onConflictDoNothing({ target: [videos.merchantId, videos.platform, videos.externalId] })
    .returning()
  const [video] = created
    ? [created]
    : await db
        .select()
        .from(videos)
        .where(and(eq(videos.merchantId, input.merchantId), eq(videos.platform, 'tiktok'), eq(videos.externalId, input.externalId)))
  return { video, admitted: video.sourceLinkId === input.sourceLinkId }
}

export async function getVideo(db: Database, id: string): Promise<Video | undefined> {
  const [v] = await db.select().from(videos).where(eq(videos.id, id))
  return v
}

export async function updateVideo(db: Database, id: string, patch: Partial<Omit<Video, 'id' | 'merchantId' | 'createdAt'>>): Promise<Video> {
  const [v] = await db.update(videos).set(patch).where(eq(videos.id, id)).returning()
  return v
}

/** Ids among `ids` of the merchant's own videos. */
export async function ownedVideoIds(db: Database, merchantId: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return []
  const rows = await db
    .select({ id: videos.id })
    .from(videos)
    .where(and(eq(videos.merchantId, merchantId), inArray(videos.id, ids)))
  return rows.map((r) => r.id)
}
