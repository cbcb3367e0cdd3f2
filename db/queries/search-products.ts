import { and, asc, desc, eq, gte, lte, type SQL, sql } from 'drizzle-orm'
import { products } from '../schema'
import type { Database } from '../types'

export type ProductSort = 'relevance' | 'newest' | 'price_asc' | 'price_desc'

export type SearchProductsParams = {
  merchantId: string
  q?: string
  status?: 'draft' | 'published' | 'archived'
  category?: string
  tag?: string
  minPriceMinor?: number
  maxPriceMinor?: number
  inStock?: boolean
  sort?: ProductSort
  limit?: number
  cursor?: string | null
}

type Cursor = { o?: number; v?: number | string; id?: string }
const encodeCursor = (c: Cursor) => btoa(JSON.stringify(c)).replace(/=+$/, '')
function decodeCursor(s: string | null | undefined): Cursor | null {
  if (!s) return null
  try {
    return JSON.parse(atob(s)) as Cursor
  } catch {
    return null
  }
}

/** Words of a query, accent-folded by Postgres later; punctuation dropped. */
export function queryWords(q: string): string[] {
  return q
    .toLowerCase()
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8)
}

/**
 * Catalog search for the dashboard, the storefront and the bot: Postgres full-text search
 * (accent-folded, prefix-matching the last word) OR trigram word similarity of every query word to the title, which
 * forgives typos ("snekers" finds "Sneakers"). Filters on status, category, tag, price and stock;
 * sorted by relevance, newest or price; cursor-paginated. Always scoped to one merchant.
 */
export async function searchProducts(db: Database, params: SearchProductsParams) {
  const limit = Math.min(Math.max(params.limit ?? 24, 1), 100)
  const words = queryWords(params.q ?? '')
  const text = words.join(' ')
  const sort: ProductSort = params.sort ?? (words.length ? 'relevance' : 'newest')
  const cursor = decodeCursor(params.cursor)

  const where: SQL[] = [eq(products.merchantId, params.merchantId)]
  if (params.status) where.push(eq(products.status, params.status))
  if (params.category) where.push(eq(products.category, params.category))
  if (params.tag) where.push(sql`${products.tags} @> array[${params.tag}]::text[]`)
  if (params.minPriceMinor !== undefined) where.push(gte(products.priceMinor, params.minPriceMinor))
  if (params.maxPriceMinor !== undefined) where.push(lte(products.priceMinor, params.maxPriceMinor))
  if (params.inStock) {
    where.push(
      sql`(exists (select 1 from product_variants v where v.product_id = ${products.id} and (v.stock is null or v.stock > 0)) or (not exists (select 1 from product_variants v where v.product_id = ${products.id}) and (${products.stock} is null or ${products.stock} > 0)))`,
    )
  }

  let rank: SQL = sql`0`
  if (words.length) {
    const tsquery = words.map((w, i) => `${w.replace(/'/g, '')}${i === words.length - 1 ? ':*' : ''}`).join(' & ')
    const folded = sql`immutable_unaccent(${text})`
    const fts = sql`${products.search} @@ to_tsquery('simple', immutable_unaccent(${tsquery}))`
    // Each word must be close to some word of the title, so "ankra dres" finds "Ankara Wrap Dress"
    // (the whole phrase would score below the threshold against a longer title).
    const title = sql`immutable_unaccent(lower(${products.title}))`
    const fuzzy =
      words.length === 1
        ? sql`${folded} <% ${title}`
        : sql.join(
            words.map((w) => sql`immutable_unaccent(${w}) <% ${title}`),
            sql` and `,
          )
    where.push(sql`(${fts} or (${fuzzy}))`)
    rank = sql`(ts_rank(${products.search}, to_tsquery('simple', immutable_unaccent(${tsquery}))) + word_similarity(${folded}, immutable_unaccent(lower(${products.title}))))`
  }

  let order: SQL[]
  if (sort === 'relevance') order = [sql`${rank} desc`, desc(products.createdAt), asc(products.id)]
  else if (sort === 'newest') {
    order = [desc(products.createdAt), desc(products.id)]
    if (cursor?.v && cursor.id) where.push(sql`(${products.createdAt}, ${products.id}) < (${cursor.v}::timestamptz, ${cursor.id}::uuid)`)
  } else {
    const dir = sort === 'price_asc' ? asc : desc
    order = [dir(products.priceMinor), dir(products.id)]
    if (cursor?.v !== undefined && cursor.id) {
      where.push(
        sort === 'price_asc'
          ? sql`(${products.priceMinor}, ${products.id}) > (${cursor.v}, ${cursor.id}::uuid)`
          : sql`(${products.priceMinor}, ${products.id}) < (${cursor.v}, ${cursor.id}::uuid)`,
      )
    }
  }
  const offset = sort === 'relevance' ? Math.max(0, cursor?.o ?? 0) : 0

  const rows = await db
    .select({ product: products, rank: sql<number>`${rank}`.mapWith(Number) })
    .from(products)
    .where(and(...where))
    .orderBy(...order)
    .limit(limit + 1)
    .offset(offset)
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]?.product
  let nextCursor: string | null = null
  if (rows.length > limit && last) {
    nextCursor =
      sort === 'relevance'
        ? encodeCursor({ o: offset + limit })
        : sort === 'newest'
          ? encodeCursor({ v: last.createdAt.toISOString(), id: last.id })
          : encodeCursor({ v: last.priceMinor, id: last.id })
  }
  return { items: page.map((r) => ({ ...r.product, rank: r.rank })), nextCursor }
}
