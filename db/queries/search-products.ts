import { and, asc, desc, eq, gte, lte, type SQL, sql } from 'drizzle-orm'
import { products } from '../schema'
import { type Database, rowsOf } from '../types'
import type { ProductImage } from './products'

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
  /** Also return each product's first image (with its rendered thumbnails), in the same query. */
  withImage?: boolean
}

/**
 * The first image of the row's product with its thumbnails, as JSON. A correlated subquery in the
 * select list: Postgres evaluates such expensive expressions after the sort and LIMIT, so only
 * for the page's rows (one round trip instead of search + images + thumbnails).
 */
const firstImage = sql<ProductImage | null>`(
  select json_build_object(
    'assetId', a.id, 'key', a.key, 'contentType', a.content_type, 'width', a.width, 'height', a.height, 'position', pm.position,
    'thumbnails', coalesce((
      select json_agg(json_build_object('key', t.key, 'width', t.width, 'height', t.height, 'contentType', t.content_type, 'crop', t.meta -> 'crop'))
      from media_assets t where t.merchant_id = a.merchant_id and t.parent_id = a.id
    ), '[]'::json))
  from product_media pm join media_assets a on a.id = pm.asset_id
  where pm.merchant_id = products.merchant_id and pm.product_id = products.id
  order by pm.position limit 1
)`

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
 * Spelling variants of a query word that should find the same products: its singular when it
 * looks plural ("sneakers" → "sneaker", "dresses" → "dress", "accessories" → "accessory") and its
 * plural when it looks singular ("sneaker" → "sneakers", "dress" → "dresses", "accessory" →
 * "accessories").
 */
export function wordForms(word: string): string[] {
  const forms = [word]
  if (word.length >= 3 && /\p{L}$/u.test(word)) {
    if (word.endsWith('ies') && word.length >= 5) forms.push(`${word.slice(0, -3)}y`)
    else if (/(ses|xes|zes|ches|shes|oes)$/.test(word)) forms.push(word.slice(0, -2), word.slice(0, -1))
    else if (word.endsWith('s') && !word.endsWith('ss') && word.length >= 4) forms.push(word.slice(0, -1))
    else if (/[^aeiou]y$/.test(word)) forms.push(`${word.slice(0, -1)}ies`)
    else if (/(s|x|z|ch|sh)$/.test(word)) forms.push(`${word}es`)
    else forms.push(`${word}s`)
  }
  return [...new Set(forms.filter((f) => f.length >= 2))]
}

/** Characters that would break a tsquery, out of a word. */
const lexeme = (w: string) => w.replace(/[^\p{L}\p{N}]+/gu, '')

/**
 * The shop's own words that are one typo away from a query word, from its category names and
 * tags (hashtags are stored as tags): "snekers" → "sneakers" when a category or tag says so.
 * Title words are forgiven by the trigram index on titles instead.
 */
async function vocabularyFixes(db: Database, merchantId: string, status: SearchProductsParams['status'], words: string[]): Promise<Map<string, string[]>> {
  const typoable = words.filter((w) => w.length >= 4 && !/^\d+$/.test(w))
  const out = new Map<string, string[]>()
  if (!typoable.length) return out
  const rows = await rowsOf<{ word: string; fix: string }>(
    db,
    sql`with vocab as (
          select distinct t.w
          from (select distinct x from ${products} p, unnest(p.tags || coalesce(p.category, '')) x
                where p.merchant_id = ${merchantId} ${status ? sql`and p.status = ${status}` : sql``}) v,
               regexp_split_to_table(immutable_unaccent(lower(v.x)), '[^[:alnum:]]+') t(w)
          where length(t.w) >= 3
        )
        select q.word, v.w as fix
        from unnest(${`{${typoable.map((w) => `"${w}"`).join(',')}}`}::text[]) q(word)
        join vocab v on v.w <> q.word and similarity(v.w, immutable_unaccent(q.word)) >= 0.45`,
  )
  for (const r of rows) out.set(r.word, [...(out.get(r.word) ?? []), r.fix])
  return out
}

/**
 * Catalog search for the dashboard, the storefront and the bot: Postgres full-text search over
 * title, category, tags (hashtags) and description (accent-folded, every word also matched by its
 * singular/plural forms as a prefix, and by the shop's category/tag words one typo away) OR
 * trigram word similarity of every query word to the title, which forgives typos ("snekers"
 * finds "Sneakers"). Filters on status, category, tag, price and stock; sorted by relevance,
 * newest or price; cursor-paginated. Always scoped to one merchant.
 */
export async function searchProducts(db: Database, params: SearchProductsParams) {
  const first = await searchWith(db, params, new Map())
  // Typos of category/tag words are looked up only when the first try left room on its only
  // page: the lookup scans the shop's tags, and a query that fills a page needs no rescue.
  const limit = Math.min(Math.max(params.limit ?? 24, 1), 100)
  const words = queryWords(params.q ?? '')
  if (!words.length || first.nextCursor || first.items.length >= limit || decodeCursor(params.cursor)?.o) return first
  const fixes = await vocabularyFixes(db, params.merchantId, params.status, words)
  return fixes.size ? searchWith(db, params, fixes) : first
}

async function searchWith(db: Database, params: SearchProductsParams, fixes: Map<string, string[]>) {
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

  let rank: SQL = sql`0::real`
  if (words.length) {
    // Every word must match (AND); each may match in any of its forms (OR). The last word is a
    // prefix (typing); the others match whole words, which keeps the index scans short.
    const tsquery = words
      .map((w, i) => {
        const alts = [...new Set([...wordForms(w), ...(fixes.get(w) ?? []).flatMap(wordForms)].map(lexeme).filter(Boolean))]
        const suffix = i === words.length - 1 ? ':*' : ''
        return `(${alts.map((a) => `${a}${suffix}`).join(' | ')})`
      })
      .join(' & ')
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
  // Relevance without search text (the bot's category pages) has nothing to rank by: newest first,
  // still paged by offset. A constant in ORDER BY would be read as a column position ("order by 0").
  if (sort === 'relevance')
    order = words.length ? [sql`${rank} desc`, desc(products.createdAt), asc(products.id)] : [desc(products.createdAt), asc(products.id)]
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
    .select({ product: products, rank: sql<number>`${rank}`.mapWith(Number), image: params.withImage ? firstImage : sql<null>`null` })
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
  return { items: page.map((r) => ({ ...r.product, rank: r.rank, image: (r.image as ProductImage | null) ?? null })), nextCursor }
}
