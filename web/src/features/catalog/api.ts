import { api } from '../../lib/api-client'

export type ProductStatus = 'draft' | 'published' | 'archived'
export type Variant = {
  id?: string
  title?: string
  options: Record<string, string>
  priceMinor: number
  compareAtMinor?: number | null
  sku?: string | null
  stock?: number | null
}
export type ProductImage = {
  assetId: string
  key: string
  contentType: string
  thumbnails: { key: string; width: number | null; height: number | null; contentType: string; crop?: unknown }[]
}
export type ProductSummary = {
  id: string
  slug: string
  title: string
  status: ProductStatus
  priceMinor: number
  compareAtMinor: number | null
  currency: string
  sku: string | null
  stock: number | null
  category: string | null
  tags: string[]
  createdAt: string
  image: ProductImage | null
}
export type Product = Omit<ProductSummary, 'image'> & {
  description: string
  variants: (Variant & { id: string; title: string })[]
  images: ProductImage[]
  videos: { id: string; url: string; caption: string | null }[]
}
export type ProductPage = { items: ProductSummary[]; nextCursor: string | null }
export type Filters = {
  q: string
  status: '' | ProductStatus
  tag: string
  category: string
  inStock: boolean
  sort: '' | 'relevance' | 'newest' | 'price_asc' | 'price_desc'
  minPrice: string
  maxPrice: string
}

export function searchParamsOf(f: Filters, minPriceMinor: number | null, maxPriceMinor: number | null, cursor?: string | null) {
  const p = new URLSearchParams()
  if (f.q.trim()) p.set('q', f.q.trim())
  if (f.status) p.set('status', f.status)
  if (f.tag.trim()) p.set('tag', f.tag.trim().toLowerCase())
  if (f.category.trim()) p.set('category', f.category.trim())
  if (f.inStock) p.set('inStock', 'true')
  if (f.sort) p.set('sort', f.sort)
  if (minPriceMinor !== null) p.set('minPriceMinor', String(minPriceMinor))
  if (maxPriceMinor !== null) p.set('maxPriceMinor', String(maxPriceMinor))
  if (cursor) p.set('cursor', cursor)
  p.set('limit', '25')
  return p
}

export const fetchProducts = (params: URLSearchParams) => api<ProductPage>(`/api/products?${params}`)
export const fetchProduct = (id: string) => api<Product>(`/api/products/${id}`)

/** Best small preview of an image: a square WebP/JPEG thumbnail when rendered, else the original. */
export function thumbUrl(img: ProductImage | null | undefined, maxWidth = 400) {
  if (!img) return null
  const square = img.thumbnails
    .filter((t) => t.contentType !== 'image/avif' && (t.width ?? 0) <= maxWidth)
    .sort((a, b) => (b.width ?? 0) - (a.width ?? 0) || (a.contentType === 'image/webp' ? -1 : 1))
  return `/media/${square[0]?.key ?? img.key}`
}

/** Uploads one image with progress (fetch has no upload progress, XMLHttpRequest does). */
export function uploadImage(productId: string, file: File, onProgress: (pct: number) => void): Promise<ProductImage> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api/products/${productId}/images`)
    xhr.withCredentials = true
    xhr.setRequestHeader('accept', 'application/json')
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100))
    xhr.onload = () => {
      const body = (() => {
        try {
          return JSON.parse(xhr.responseText)
        } catch {
          return null
        }
      })()
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as ProductImage)
      else reject(new Error(body?.error?.message ?? `upload failed (${xhr.status})`))
    }
    xhr.onerror = () => reject(new Error('the upload was interrupted; check your connection and try again'))
    const form = new FormData()
    form.append('file', file)
    xhr.send(form)
  })
}
