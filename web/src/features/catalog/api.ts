import type { InferRequestType, InferResponseType } from 'hono/client'
import { call, client } from '../../lib/api-client'
import { uploadFile } from '../../lib/upload'

// Every type here comes from the Worker's route declarations (workers/src/catalog/routes.ts).
const products = client.api.products

export type ProductPage = InferResponseType<typeof products.$get, 200>
export type ProductSummary = ProductPage['items'][number]
export type Product = InferResponseType<(typeof products)[':id']['$get'], 200>
export type ProductImage = Product['images'][number]
export type ProductStatus = Product['status']
export type ProductInput = InferRequestType<typeof products.$post>['json']
export type BulkAction = InferRequestType<typeof products.bulk.$post>['json']['action']
export type ImportResult = InferResponseType<typeof products.import.$post, 200>
type ProductQuery = NonNullable<InferRequestType<typeof products.$get>['query']>

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

/** The search query of the filters (only the ones set; values are strings on the wire). */
export function searchQueryOf(f: Filters, minPriceMinor: number | null, maxPriceMinor: number | null, cursor?: string | null): ProductQuery {
  const q: ProductQuery = { limit: '25' }
  if (f.q.trim()) q.q = f.q.trim()
  if (f.status) q.status = f.status
  if (f.tag.trim()) q.tag = f.tag.trim().toLowerCase()
  if (f.category.trim()) q.category = f.category.trim()
  if (f.inStock) q.inStock = 'true'
  if (f.sort) q.sort = f.sort
  if (minPriceMinor !== null) q.minPriceMinor = String(minPriceMinor)
  if (maxPriceMinor !== null) q.maxPriceMinor = String(maxPriceMinor)
  if (cursor) q.cursor = cursor
  return q
}

export const fetchProducts = (query: ProductQuery) => call(products.$get({ query }))
export const fetchProduct = (id: string) => call(products[':id'].$get({ param: { id } }))
export const createProduct = (json: ProductInput) => call(products.$post({ json }))
export const updateProduct = (id: string, json: Partial<ProductInput>) => call(products[':id'].$patch({ param: { id }, json }))
export const deleteProduct = (id: string) => call(products[':id'].$delete({ param: { id } }))
export const deleteImage = (id: string, assetId: string) => call(products[':id'].images[':assetId'].$delete({ param: { id, assetId } }))
export const bulkEdit = (ids: string[], action: BulkAction) => call(products.bulk.$post({ json: { ids, action } }))
/** CSV import (`dryRun`: only say what would change), the file sent as the form's `file`. */
export const importCsv = (file: File, dryRun: boolean) => call(products.import.$post({ form: { file }, query: dryRun ? { dryRun: 'true' } : {} }))
/** Where the CSV export downloads from (a plain link: the browser saves the attachment). */
export const exportCsvPath = products['export.csv'].$path()

/** Best small preview of an image: a square WebP/JPEG thumbnail when rendered, else the original. */
export function thumbUrl(img: ProductImage | null | undefined, maxWidth = 400) {
  if (!img) return null
  const square = img.thumbnails
    .filter((t) => t.contentType !== 'image/avif' && (t.width ?? 0) <= maxWidth)
    .sort((a, b) => (b.width ?? 0) - (a.width ?? 0) || (a.contentType === 'image/webp' ? -1 : 1))
  return `/media/${square[0]?.key ?? img.key}`
}

type UploadedImage = InferResponseType<(typeof products)[':id']['images']['$post'], 201>

/** Uploads one image with progress to the typed client's path for the route. */
export function uploadImage(productId: string, file: File, onProgress: (pct: number) => void): Promise<UploadedImage> {
  return uploadFile<UploadedImage>(products[':id'].images.$path({ param: { id: productId } }), file, onProgress)
}
