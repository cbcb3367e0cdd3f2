import { writeAudit } from '../../../db/queries/audit'
import { listAssetSources } from '../../../db/queries/media'
import { createProduct, listProductImages, listVariantsOfProducts, productsBySlug, updateProduct, type VariantInput } from '../../../db/queries/products'
import type { Database } from '../../../db/types'
import { mapLimit } from '../lib/guarded-fetch'
import type { Logger } from '../lib/logger'
import type { ParsedProduct } from './csv'
import { attachProductImage, IMAGE_URL_REFUSED, readImageUrl } from './product-images'

/** Image URLs of one import fetched at once. */
export const IMAGE_FETCH_CONCURRENCY = 4

/** How import image URLs are fetched: the TikTok test override, and a fetch for tests. */
export type ImageFetchOptions = { override?: string; fetch?: typeof fetch; timeoutMs?: number }

export type ImportPlanItem = { line: number; slug: string; title: string; action: 'create' | 'update' | 'unchanged'; changes: string[]; productId?: string }

const variantKey = (v: { options: Record<string, string> }) => JSON.stringify(Object.entries(v.options).sort())
const sameVariants = (a: VariantInput[], b: VariantInput[]) =>
  a.length === b.length &&
  a.every((v, i) => {
    const w = b[i]
    return (
      variantKey(v) === variantKey(w) &&
      v.priceMinor === w.priceMinor &&
      (v.compareAtMinor ?? null) === (w.compareAtMinor ?? null) &&
      (v.sku ?? null) === (w.sku ?? null) &&
      (v.stock ?? null) === (w.stock ?? null)
    )
  })

/** What importing would do, product by product, with the fields that would change. Writes nothing. */
export async function planImport(db: Database, merchantId: string, parsed: ParsedProduct[]): Promise<ImportPlanItem[]> {
  const existing = await productsBySlug(
    db,
    merchantId,
    parsed.map((p) => p.slug),
  )
  const ids = [...existing.values()].map((p) => p.id)
  const variants = await listVariantsOfProducts(db, merchantId, ids)
  const images = await listProductImages(db, merchantId, ids)
  const sources = ids.length ? await listAssetSources(db, merchantId) : []
  return parsed.map((p) => {
    const cur = existing.get(p.slug)
    if (!cur) return { line: p.line, slug: p.slug, title: p.title, action: 'create', changes: [] }
    const changes: string[] = []
    const cmp: [string, unknown, unknown][] = [
      ['title', cur.title, p.title],
      ['description', cur.description, p.description],
      ['status', cur.status, p.status],
      ['category', cur.category, p.category],
      ['tags', [...cur.tags].sort().join(','), [...p.tags].sort().join(',')],
      ['currency', cur.currency, p.currency],
      ['sku', cur.sku, p.sku],
    ]
    if (!p.variants.length)
      cmp.push(['price', cur.priceMinor, p.priceMinor], ['compare_at_price', cur.compareAtMinor, p.compareAtMinor], ['stock', cur.stock, p.stock])
    for (const [name, a, b] of cmp) if ((a ?? null) !== (b ?? null)) changes.push(name)
    const curVariants = variants
      .filter((v) => v.productId === cur.id)
      .sort((a, b) => a.position - b.position)
      .map((v) => ({ options: v.options, priceMinor: v.priceMinor, compareAtMinor: v.compareAtMinor, sku: v.sku, stock: v.stock }))
    if (!sameVariants(curVariants, p.variants)) changes.push('variants')
    const have = new Set((images.get(cur.id) ?? []).flatMap((i) => [i.key, String(sources.find((s) => s.id === i.assetId)?.meta?.sourceUrl ?? '')]))
    if (p.imageUrls.some((u) => !have.has(u) && ![...have].some((k) => k && u.endsWith(`/media/${k}`)))) changes.push('images')
    return { line: p.line, slug: p.slug, title: p.title, action: changes.length ? 'update' : 'unchanged', changes, productId: cur.id }
  })
}

/**
 * Applies a plan: products and variants in one transaction (all or nothing), then copies images,
 * which live in R2 and cannot join the transaction; an image that cannot be read is reported per
 * line and the rest of the import stands.
 */
export async function applyImport(
  deps: { db: Database; env: Env },
  input: {
    merchantId: string
    userId: string | null
    parsed: ParsedProduct[]
    plan: ImportPlanItem[]
    origin: string
    images?: ImageFetchOptions
    log?: Pick<Logger, 'warn'>
  },
) {
  const { merchantId } = input
  const bySlug = new Map(input.parsed.map((p) => [p.slug, p]))
  const touched: { product: ParsedProduct; id: string; action: 'create' | 'update' }[] = []
  await deps.db.transaction(async (tx) => {
    for (const item of input.plan) {
      const p = bySlug.get(item.slug) as ParsedProduct
      const fields = {
        title: p.title,
        description: p.description,
        status: p.status,
        category: p.category,
        tags: p.tags,
        currency: p.currency,
        sku: p.sku,
        priceMinor: p.priceMinor,
        compareAtMinor: p.compareAtMinor,
        stock: p.stock,
      }
      if (item.action === 'create') {
        const row = await createProduct(tx, merchantId, { ...fields, slug: p.slug, variants: p.variants })
        touched.push({ product: p, id: row.id, action: 'create' })
      } else if (item.action === 'update' && item.productId) {
        // Variants with the same options keep their ids (and so their order history).
        const current = await listVariantsOfProducts(tx, merchantId, [item.productId])
        const variants = p.variants.map((v) => ({ ...v, id: current.find((c) => variantKey(c) === variantKey(v))?.id }))
        await updateProduct(tx, merchantId, item.productId, { ...fields, variants })
        touched.push({ product: p, id: item.productId, action: 'update' })
      }
    }
    if (touched.length) {
      await writeAudit(tx, {
        merchantId,
        userId: input.userId,
        action: 'product.import',
        entity: 'product',
        changes: {
          created: touched.filter((t) => t.action === 'create').length,
          updated: touched.filter((t) => t.action === 'update').length,
          slugs: touched.slice(0, 200).map((t) => t.product.slug),
        },
      })
    }
  })
  // Images are fetched a few at a time (one slow address must not hold the import once per URL),
  // and attached in file order (each waits for the one before), so the products' image order
  // follows the CSV and at most IMAGE_FETCH_CONCURRENCY images are held in memory.
  const tasks = touched.flatMap((t) => t.product.imageUrls.map((url) => ({ t, url })))
  const imageErrors: { line: number; column: string; message: string }[][] = tasks.map(() => [])
  const done: Promise<void>[] = []
  const settled: Array<() => void> = []
  for (let i = 0; i < tasks.length; i++) done.push(new Promise<void>((r) => settled.push(r)))
  await mapLimit(tasks, IMAGE_FETCH_CONCURRENCY, async ({ t, url }, i) => {
    try {
      const outcome = await readImageUrl(deps.env, url, input.origin, input.images ?? {})
      if (i > 0) await done[i - 1]
      if (!outcome.data) {
        input.log?.warn('import image refused', { url, reason: outcome.refusedBecause })
        imageErrors[i].push({ line: t.product.line, column: 'image_urls', message: `could not copy ${url}: ${IMAGE_URL_REFUSED}` })
        return
      }
      await attachProductImage(deps, { merchantId, productId: t.id, data: outcome.data, sourceUrl: url })
    } catch (err) {
      imageErrors[i].push({ line: t.product.line, column: 'image_urls', message: `could not copy ${url}: ${(err as Error).message}` })
    } finally {
      settled[i]()
    }
  })
  return {
    created: touched.filter((t) => t.action === 'create').length,
    updated: touched.filter((t) => t.action === 'update').length,
    imageErrors: imageErrors.flat(),
  }
}
