import { sha256Hex } from '../../../contracts/hmac'
import { insertMediaAsset } from '../../../db/queries/media'
import type { MediaAsset } from '../../../db/schema'
import type { Database } from '../../../db/types'

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/gif': 'gif',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'application/json': 'json',
  'text/csv': 'csv',
}

/** Content-addressed R2 key: the same bytes always get the same key, so re-runs never duplicate. */
export function mediaKey(merchantId: string, sha256: string, contentType: string) {
  return `m/${merchantId}/${sha256}.${EXTENSIONS[contentType] ?? 'bin'}`
}

export type StoreMediaInput = {
  merchantId: string
  data: Uint8Array
  contentType: string
  kind?: MediaAsset['kind']
  width?: number
  height?: number
  durationMs?: number
  parentId?: string | null
  meta?: Record<string, unknown>
  sha256?: string
}

/** Puts bytes in R2 under their content hash and records a media asset (once per merchant and key). */
export async function storeMedia(deps: { db: Database; env: Pick<Env, 'MEDIA'> }, input: StoreMediaInput): Promise<MediaAsset> {
  const sha256 = input.sha256 ?? (await sha256Hex(input.data))
  const key = mediaKey(input.merchantId, sha256, input.contentType)
  if (!(await deps.env.MEDIA.head(key))) {
    await deps.env.MEDIA.put(key, input.data, {
      httpMetadata: { contentType: input.contentType, cacheControl: 'public, max-age=31536000, immutable' },
      sha256,
    })
  }
  return insertMediaAsset(deps.db, {
    merchantId: input.merchantId,
    key,
    kind: input.kind ?? 'original',
    contentType: input.contentType,
    bytes: input.data.byteLength,
    sha256,
    width: input.width,
    height: input.height,
    durationMs: input.durationMs,
    parentId: input.parentId ?? null,
    meta: input.meta ?? {},
  })
}

/** Public URL path of a stored object, served by the media route. */
export const mediaUrl = (key: string) => `/media/${key}`
