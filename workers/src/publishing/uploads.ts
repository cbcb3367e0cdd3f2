import type { Context } from 'hono'
import { Mp4ProbeError, probeMp4 } from '../../../contracts/mp4-probe'
import { listShopVideoUploads } from '../../../db/queries/publishing-posts'
import type { MediaAsset } from '../../../db/schema'
import type { Database } from '../../../db/types'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { mediaUrl, storeMedia } from '../media/store-media'

/**
 * The largest video a merchant uploads to post. A Worker holds the file in memory to check and
 * store it (128 MB per isolate), so 50 MB — a minute of phone video at 1080p — is the cap here;
 * the studio's own videos do not pass through this route.
 */
export const MAX_VIDEO_UPLOAD_BYTES = 50 * 1024 * 1024
const tooBig = () => new AppError('payload_too_large', `videos can be at most ${MAX_VIDEO_UPLOAD_BYTES / 1024 / 1024} MB; trim or compress it`)

/** The bytes and name of an upload: the `file` field of a form, or the raw body. Refuses an oversized one before reading it when it says its size. */
export async function readVideoBody(c: Context<AppEnv>): Promise<{ data: Uint8Array; filename: string | null }> {
  if (Number(c.req.header('content-length') ?? 0) > MAX_VIDEO_UPLOAD_BYTES + 64 * 1024) throw tooBig()
  if ((c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
    const file = (await c.req.formData()).get('file')
    if (!file || typeof file === 'string') throw new AppError('bad_request', 'attach the video as the "file" field')
    if (file.size > MAX_VIDEO_UPLOAD_BYTES) throw tooBig()
    return { data: new Uint8Array(await file.arrayBuffer()), filename: file.name || null }
  }
  const data = new Uint8Array(await c.req.arrayBuffer())
  if (data.byteLength > MAX_VIDEO_UPLOAD_BYTES) throw tooBig()
  return { data, filename: null }
}

export type VideoUpload = {
  id: string
  url: string
  contentType: 'video/mp4' | 'video/quicktime'
  bytes: number
  durationMs: number
  width: number
  height: number
  filename: string | null
  createdAt: string
}

export const uploadView = (a: MediaAsset): VideoUpload => {
  const meta = (a.meta ?? {}) as { filename?: string | null }
  return {
    id: a.id,
    url: mediaUrl(a.key),
    contentType: a.contentType === 'video/quicktime' ? 'video/quicktime' : 'video/mp4',
    bytes: a.bytes,
    durationMs: a.durationMs ?? 0,
    width: a.width ?? 0,
    height: a.height ?? 0,
    filename: meta.filename ?? null,
    createdAt: a.createdAt.toISOString(),
  }
}

/**
 * Stores a merchant's own video for posting: it must be an MP4 or QuickTime file whose movie
 * header and video track can be read (so the platforms' duration and size rules can be applied
 * before sending); anything else is a 400 and nothing is stored.
 */
export async function uploadVideo(
  deps: { db: Database; env: Pick<Env, 'MEDIA'> },
  merchantId: string,
  upload: { data: Uint8Array; filename: string | null },
): Promise<VideoUpload> {
  if (!upload.data.byteLength) throw new AppError('bad_request', 'the file is empty')
  let info: ReturnType<typeof probeMp4>
  try {
    info = probeMp4(upload.data)
  } catch (err) {
    if (err instanceof Mp4ProbeError) throw new AppError('bad_request', `not a video we can read: ${err.message}. Upload an MP4 or MOV file`)
    throw err
  }
  const asset = await storeMedia(deps, {
    merchantId,
    data: upload.data,
    contentType: info.container === 'quicktime' ? 'video/quicktime' : 'video/mp4',
    kind: 'original',
    width: info.width,
    height: info.height,
    durationMs: info.durationMs,
    meta: { source: 'publishing-upload', filename: upload.filename?.slice(0, 200) ?? null, brand: info.brand, durationMs: info.durationMs },
  })
  return uploadView(asset)
}

export async function listVideoUploads(db: Database, merchantId: string) {
  return { items: (await listShopVideoUploads(db, merchantId)).map(uploadView) }
}
