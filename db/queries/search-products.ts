import { and, asc, desc, eq, getTableColumns, gte, lte, type SQL, sql } from 'drizzle-orm'
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
  /** Where typo lookups and the shop's words may be kept (the Worker's isolate memory); absent: looked up each time. */
  memo?: SearchMemo
}

/** The words of a query the shop does not have, and their fixes from its category and tag words. */
export type TypoLookup = { absent: Set<string>; fixes: Map<string, string[]> }
/** Any map-like store: a `Map`, or an LRU cache with a time to live (the Worker). */
type Store<T> = { get(key: string): T | undefined; set(key: string, value: T): unknown }
/**
 * Small stores a caller may keep for searches: typo lookups by shop, status and the query's
 * words; the shop's category and tag words by shop and status.
 */
export type SearchMemo = { typos: Store<TypoLookup>; vocabulary: Store<string[]> }

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

// Every column but the search vector (a kilobyte per row that no caller shows).
const { search: _search, ...productColumns } = getTableColumns(products)

type Cursor = { o?: number; v?: number | string; id?: string; t?: Tier }
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
 * What the shop lacks of a query: the words that match no product of it (in any of their forms;
 * the last as a prefix), read as typos, and for those the shop's own category and tag words one
 * typo away ("snekers" → "sneakers" when a category or tag says so). One statement; the tags are
 * scanned only when some word is missing. Title words are forgiven by the trigram index instead.
 */
async function lookupTypos(db: Database, params: SearchProductsParams, words: string[], vocabulary: string[] | undefined) {
  const { merchantId, status } = params
  const statusIs = status ? sql`and p.status = ${status}` : sql``
  const textArray = (xs: string[]) => `{${xs.map((x) => `"${x.replace(/["\\]/g, '')}"`).join(',')}}`
  // The shop's words, scanned from every product unless the caller kept them; then handed back.
  const vocab = vocabulary
    ? sql`select unnest(${textArray(vocabulary)}::text[]) as w`
    : sql`select distinct t.w
          from (select distinct x from ${products} p, unnest(p.tags || coalesce(p.category, '')) x
                where p.merchant_id = ${merchantId} ${statusIs}
                  and exists (select 1 from absent a where length(a.word) >= 4 and a.word !~ '^[0-9]+$')) v,
               regexp_split_to_table(immutable_unaccent(lower(v.x)), '[^[:alnum:]]+') t(w)
          where length(t.w) >= 3`
  const rows = await rowsOf<{ word: string; fix: string | null; vocabulary: string[] | null }>(
    db,
    sql`with q as (select * from unnest(${textArray(words)}::text[], ${textArray(words.map((w, i) => wordQuery(w, i === words.length - 1, [])))}::text[]) q(word, tsq)),
        absent as (
          select q.word from q
          where not exists (select 1 from ${products} p where p.merchant_id = ${merchantId} ${statusIs} and p.search @@ to_tsquery('simple', immutable_unaccent(q.tsq)))
        ),
        vocab as (${vocab})
        select a.word, v.w as fix, ${vocabulary ? sql`null` : sql`(select coalesce(array_agg(w), '{}') from vocab)`} as vocabulary
        from absent a
        left join vocab v on length(a.word) >= 4 and a.word !~ '^[0-9]+$' and v.w <> a.word and similarity(v.w, immutable_unaccent(a.word)) >= 0.45`,
  )
  const fixes = new Map<string, string[]>()
  for (const r of rows) if (r.fix) fixes.set(r.word, [...(fixes.get(r.word) ?? []), r.fix])
  const needed = rows.some((r) => r.word.length >= 4 && !/^[0-9]+$/.test(r.word))
  return { typos: { absent: new Set(rows.map((r) => r.word)), fixes }, vocabulary: needed ? (rows[0]?.vocabulary ?? undefined) : undefined }
}

/** One word as a tsquery: its forms and fixes, as a prefix when it is the last word (typing). */
function wordQuery(word: string, last: boolean, fixes: string[]) {
  const alts = [...new Set([...wordForms(word), ...fixes.flatMap(wordForms)].map(lexeme).filter(Boolean))]
  return `(${alts.map((a) => `${a}${last ? ':*' : ''}`).join(' | ')})`
}

/**
 * How a query's words must match. `exact`: every word in one of its forms (full-text search).
 * `typos`: the words the shop has exactly, and each word it lacks by its fixes or by trigram
 * similarity to a title word. `fuzzy`: exactly, or every word close to a title word (the shop has
 * each word, but not together: a product whose title carries a typo).
 */
type Tier = 'exact' | 'typos' | 'fuzzy'
type Match = { tier: Tier } & TypoLookup

/**
 * Catalog search for the dashboard, the storefront and the bot, in tiers so a query pays for typo
 * tolerance only when it needs it: Postgres full-text search over title, category, tags
 * (hashtags) and description (accent-folded, every word also matched by its singular/plural forms,
 * the last as a prefix); when that finds nothing, the words the shop does not have
 * are read as typos, matched by the shop's category/tag words one typo away and by trigram word
 * similarity to the title ("snekers" finds "Sneakers"). Filters on status, category, tag, price
 * and stock; sorted by relevance, newest or price; cursor-paginated (the cursor remembers the
 * tier). Always scoped to one merchant.
 */
export async function searchProducts(db: Database, params: SearchProductsParams) {
  const words = queryWords(params.q ?? '')
  const none: TypoLookup = { absent: new Set(), fixes: new Map() }
  if (!words.length) return searchWith(db, params, { tier: 'exact', ...none })
  const tier = decodeCursor(params.cursor)?.t ?? null
  if (tier === null || tier === 'exact') {
    const exact = await searchWith(db, params, { tier: 'exact', ...none })
    // A product matched every word, so the shop has them all: nothing to read as a typo.
    if (tier === 'exact' || exact.items.length > 0) return exact
    const typos = await typosOf(db, params, words)
    return searchWith(db, params, typos.absent.size ? { tier: 'typos', ...typos } : { tier: 'fuzzy', ...none })
  }
  return searchWith(db, params, tier === 'typos' ? { tier, ...(await typosOf(db, params, words)) } : { tier: 'fuzzy', ...none })
}

async function typosOf(db: Database, params: SearchProductsParams, words: string[]) {
  const { memo } = params
  const shop = `${params.merchantId} ${params.status ?? ''}`
  const key = `${shop} ${words.join(' ')}`
  const kept = memo?.typos.get(key)
  if (kept) return kept
  const { typos, vocabulary } = await lookupTypos(db, params, words, memo?.vocabulary.get(shop))
  memo?.typos.set(key, typos)
  if (vocabulary) memo?.vocabulary.set(shop, vocabulary)
  return typos
}

async function searchWith(db: Database, params: SearchProductsParams, match: Match) {
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
    const last = (i: number) => i === words.length - 1
    const tsquery = words.map((w, i) => wordQuery(w, last(i), match.fixes.get(w) ?? [])).join(' & ')
    const matches = (q: string) => sql`${products.search} @@ to_tsquery('simple', immutable_unaccent(${q}))`
    // A word is close to some word of the title, so "ankra dres" finds "Ankara Wrap Dress" (the
    // whole phrase would score below the threshold against a longer title).
    const title = sql`immutable_unaccent(lower(${products.title}))`
    const near = (w: string) => sql`immutable_unaccent(${w}) <% ${title}`
    if (match.tier === 'exact') where.push(matches(tsquery))
    else if (match.tier === 'typos') {
      const present = words.flatMap((w, i) => (match.absent.has(w) ? [] : [wordQuery(w, last(i), [])]))
      if (present.length) where.push(matches(present.join(' & ')))
      words.forEach((w, i) => {
        if (match.absent.has(w)) where.push(sql`(${matches(wordQuery(w, last(i), match.fixes.get(w) ?? []))} or ${near(w)})`)
      })
    } else {
      const fuzzy = words.length === 1 ? near(text) : sql.join(words.map(near), sql` and `)
      where.push(sql`(${matches(tsquery)} or (${fuzzy}))`)
    }
    // Exact matches rank by full-text rank alone (title words weigh most): trigram similarity of
    // every match would cost more than the search itself when a common word matches thousands.
    const ftsRank = sql`ts_rank(${products.search}, to_tsquery('simple', immutable_unaccent(${tsquery})))`
    rank = match.tier === 'exact' ? ftsRank : sql`(${ftsRank} + word_similarity(immutable_unaccent(${text}), ${title}))`
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
    .select({ product: productColumns, rank: sql<number>`${rank}`.mapWith(Number), image: params.withImage ? firstImage : sql<null>`null` })
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
        ? encodeCursor({ o: offset + limit, t: match.tier })
        : sort === 'newest'
          ? encodeCursor({ v: last.createdAt.toISOString(), id: last.id, t: match.tier })
          : encodeCursor({ v: last.priceMinor, id: last.id, t: match.tier })
  }
  return { items: page.map((r) => ({ ...r.product, rank: r.rank, image: (r.image as ProductImage | null) ?? null })), nextCursor }
}
