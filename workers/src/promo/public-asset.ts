import type { MediaAsset } from '../../../db/schema'
import { mediaUrl } from '../media/store-media'

/** A media asset as the API shows it (`publicAssetSchema`): its public URL instead of its R2 key. */
export const toPublicAsset = (a: MediaAsset) => ({
  id: a.id,
  url: mediaUrl(a.key),
  kind: a.kind,
  contentType: a.contentType,
  bytes: a.bytes,
  width: a.width,
  height: a.height,
  durationMs: a.durationMs,
  meta: a.meta,
  createdAt: a.createdAt,
})
