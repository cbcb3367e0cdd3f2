import { attachProductMedia } from '../../../db/queries/products'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { fetchTarget, TIKTOK_CDN_SUFFIXES, TIKTOK_LINK_HOSTS } from '../ingest/tiktok/tiktok-url'
import { GuardedFetchError, guardedFetch, sniffImageType } from '../lib/guarded-fetch'
import { MAX_IMAGE_PIXELS, probeImage } from '../media/probe-image'
import { storeMedia } from '../media/store-media'
import { enqueueJob } from '../queues/enqueue-job'

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024

export { sniffImageType }

/** The one text an import shows for any image URL that could not be copied (blocked, unreachable, not an image...). */
export const IMAGE_URL_REFUSED = `the image could not be fetched: it must be a public http(s) address of a JPEG, PNG, WebP, AVIF or GIF image of at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB`

/** Throws a clear 4xx when the bytes are not an image the render node can use (damaged, truncated, too many pixels). */
export function checkImage(data: Uint8Array) {
  const probe = probeImage(data)
  if (!probe.ok) {
    if (!sniffImageType(data)) throw new AppError('unsupported_media_type', 'upload a JPEG, PNG, WebP, AVIF or GIF image')
    throw new AppError('unprocessable', `the image cannot be used: ${probe.reason}`)
  }
  if (probe.width * probe.height > MAX_IMAGE_PIXELS)
    throw new AppError('unprocessable', `the image is ${probe.width}×${probe.height} pixels; at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels are accepted`)
  return probe
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
  const probe = checkImage(input.data)
  const asset = await storeMedia(deps, {
    merchantId: input.merchantId,
    data: input.data,
    contentType: probe.type,
    width: probe.width,
    height: probe.height,
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
 * (media there is public anyway); other URLs go through the guarded fetch (address rules on every
 * hop, at most 5 redirects, 10 s, 10 MB, an image type with matching bytes). Every failure throws
 * the same `IMAGE_URL_REFUSED`, so the answer says nothing about what is behind an address.
 * `override` (TIKTOK_WEB_URL_OVERRIDE, tests only) sends TikTok-hosted image URLs to the fake.
 */
export async function readImageUrl(
  env: Pick<Env, 'MEDIA'>,
  url: string,
  ownOrigin: string,
  options: { override?: string; fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<{ data: Uint8Array; refusedBecause?: undefined } | { data?: undefined; refusedBecause: string }> {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return { refusedBecause: 'not a URL' }
  }
  if (u.origin === ownOrigin && u.pathname.startsWith('/media/')) {
    const obj = await env.MEDIA.get(decodeURIComponent(u.pathname.slice('/media/'.length)))
    if (!obj) return { refusedBecause: 'no longer stored here' }
    return { data: new Uint8Array(await obj.arrayBuffer()) }
  }
  const override = options.override ?? ''
  try {
    const res = await guardedFetch(u, {
      fetch: options.fetch,
      expect: 'image',
      maxBytes: MAX_IMAGE_BYTES,
      maxRedirects: 5,
      timeoutMs: options.timeoutMs ?? 10_000,
      headers: { accept: 'image/*' },
      target: (t) => (override && isTikTokHost(t) ? fetchTarget(t, override) : t.href),
    })
    if (res.status < 200 || res.status >= 300 || !res.body) return { refusedBecause: `answered ${res.status}` }
    return { data: res.body }
  } catch (err) {
    if (err instanceof GuardedFetchError) return { refusedBecause: `${err.kind}: ${err.reason}` }
    throw err
  }
}

const isTikTokHost = (u: URL) => {
  const host = u.hostname.toLowerCase()
  return TIKTOK_LINK_HOSTS.has(host) || TIKTOK_CDN_SUFFIXES.some((s) => host.endsWith(s))
}
