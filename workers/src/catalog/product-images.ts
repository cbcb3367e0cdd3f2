import { attachProductMedia } from '../../../db/queries/products'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { storeMedia } from '../media/store-media'
import { enqueueJob } from '../queues/enqueue-job'

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024

/** The image type from the file's first bytes (what the browser claims is not trusted). */
export function sniffImageType(b: Uint8Array): string | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to))
  if (b[0] === 0x89 && ascii(1, 4) === 'PNG') return 'image/png'
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp'
  if (ascii(0, 4) === 'GIF8') return 'image/gif'
  if (ascii(4, 8) === 'ftyp' && /^avi[fs]$/.test(ascii(8, 12))) return 'image/avif'
  return null
}

/**
 * Stores a product photo in R2 (content-addressed), attaches it to the product after its other
 * images, and enqueues a `thumbnails` render whose outputs are filed under the original.
 * Attaching the same bytes twice is a no-op.
 */
export async function attachProductImage(
  deps: { db: Database; env: Env },
  input: { merchantId: string; productId: string; data: Uint8Array; sourceUrl?: string },
) {
  if (input.data.byteLength > MAX_IMAGE_BYTES) throw new AppError('payload_too_large', `images can be at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB`)
  const contentType = sniffImageType(input.data)
  if (!contentType) throw new AppError('unsupported_media_type', 'upload a JPEG, PNG, WebP, AVIF or GIF image')
  const asset = await storeMedia(deps, {
    merchantId: input.merchantId,
    data: input.data,
    contentType,
    kind: 'original',
    meta: input.sourceUrl ? { sourceUrl: input.sourceUrl } : {},
  })
  const attached = await attachProductMedia(deps.db, { merchantId: input.merchantId, productId: input.productId, assetId: asset.id })
  await enqueueJob(deps, {
    type: 'render',
    merchantId: input.merchantId,
    dedupeKey: `product-image-thumbnails:${asset.id}`,
    payload: {
      job: { type: 'thumbnails', input: 'image', crops: ['portrait', 'square'], formats: ['webp', 'jpeg'] },
      inputs: [{ name: 'image', key: asset.key }],
      after: { kind: 'product-image', assetId: asset.id },
    },
  })
  return { asset, attached }
}

/**
 * Reads an image named by URL for import. This hub's own /media/ URLs are read straight from R2
 * (media there is public anyway); other URLs are fetched with a timeout and a size cap.
 */
export async function readImageUrl(env: Pick<Env, 'MEDIA'>, url: string, ownOrigin: string): Promise<Uint8Array> {
  const u = new URL(url)
  if (u.origin === ownOrigin && u.pathname.startsWith('/media/')) {
    const obj = await env.MEDIA.get(decodeURIComponent(u.pathname.slice('/media/'.length)))
    if (!obj) throw new Error('the image is no longer stored here')
    return new Uint8Array(await obj.arrayBuffer())
  }
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'follow' })
  if (!res.ok) throw new Error(`the image URL answered ${res.status}`)
  const len = Number(res.headers.get('content-length') ?? 0)
  if (len > MAX_IMAGE_BYTES) throw new Error('the image is larger than 10 MB')
  const data = new Uint8Array(await res.arrayBuffer())
  if (data.byteLength > MAX_IMAGE_BYTES) throw new Error('the image is larger than 10 MB')
  return data
}
