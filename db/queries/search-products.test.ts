import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import * as schema from '../schema'
import { searchProducts, type TypoLookup } from './search-products'

const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 })
const db = drizzle(pool, { schema })
let merchantId: string
let otherMerchantId: string

beforeAll(async () => {
  const [m] = await db
    .insert(schema.merchants)
    .values({ slug: `search-${Date.now()}`, name: 'Search shop', defaultCurrency: 'NGN' })
    .returning()
  const [o] = await db
    .insert(schema.merchants)
    .values({ slug: `search-other-${Date.now()}`, name: 'Other', defaultCurrency: 'NGN' })
    .returning()
  merchantId = m.id
  otherMerchantId = o.id
  const base = { merchantId, currency: 'NGN', status: 'published' as const }
  await db.insert(schema.products).values([
    { ...base, slug: 'red-sneakers', title: 'Red Runner Sneakers', priceMinor: 450000, category: 'shoes', tags: ['sneakers', 'red'], stock: 3 },
    { ...base, slug: 'blue-sneakers', title: 'Blue Court Sneakers', priceMinor: 650000, category: 'shoes', tags: ['sneakers'], stock: 0 },
    { ...base, slug: 'creme', title: 'Crème Brûlée Body Butter', priceMinor: 250000, category: 'beauty', tags: ['skincare'], stock: null },
    {
      ...base,
      slug: 'dress',
      title: 'Ankara Wrap Dress',
      description: 'bold print, fits true to size',
      priceMinor: 1200000,
      category: 'apparel',
      tags: ['dress'],
      status: 'draft',
    },
  ])
  await db
    .insert(schema.products)
    .values({ merchantId: otherMerchantId, currency: 'NGN', slug: 'red-sneakers', title: 'Red Runner Sneakers (other shop)', priceMinor: 1 })
})
afterAll(() => pool.end())

/** Kicks Nairobi's five shoes, of which only two say "sneakers" in the title (issue 11). */
async function seedKicks() {
  const [m] = await db
    .insert(schema.merchants)
    .values({ slug: `kicks-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`, name: 'Kicks Nairobi', defaultCurrency: 'KES' })
    .returning()
  const base = { merchantId: m.id, currency: 'KES', status: 'published' as const }
  await db.insert(schema.products).values([
    { ...base, slug: 'a', title: 'Red Runner Sneakers', priceMinor: 650000, category: 'Sneakers', tags: [] },
    { ...base, slug: 'b', title: 'Blue Court Sneakers', priceMinor: 700000, category: 'Sneakers', tags: [] },
    { ...base, slug: 'c', title: 'Nike Air Max 90', priceMinor: 480000, category: 'Sneakers', tags: ['nike'] },
    { ...base, slug: 'd', title: 'Adidas Samba OG', priceMinor: 900000, category: 'Shoes', tags: ['sneaker', 'adidas'] },
    { ...base, slug: 'e', title: 'Jordan 4 Retro', priceMinor: 1500000, category: 'Shoes', tags: ['jordan'], description: 'Fresh pair #sneakers #kicks' },
    { ...base, slug: 'f', title: 'Leather Tote', priceMinor: 300000, category: 'Bags', tags: ['bags'] },
  ])
  return m.id
}

const titles = (r: { items: { title: string }[] }) => r.items.map((p) => p.title)

describe('searchProducts', () => {
  it('finds a product by a misspelled word', async () => {
    expect(titles(await searchProducts(db, { merchantId, q: 'snekers' }))).toEqual(expect.arrayContaining(['Red Runner Sneakers', 'Blue Court Sneakers']))
  })

  it('ignores accents both ways', async () => {
    expect(titles(await searchProducts(db, { merchantId, q: 'creme brulee' }))).toEqual(['Crème Brûlée Body Butter'])
  })

  it('matches a word prefix while typing and words of the description', async () => {
    expect(titles(await searchProducts(db, { merchantId, q: 'ankar' }))).toEqual(['Ankara Wrap Dress'])
    expect(titles(await searchProducts(db, { merchantId, q: 'bold print' }))).toEqual(['Ankara Wrap Dress'])
  })

  it('never returns another merchant’s products', async () => {
    const r = await searchProducts(db, { merchantId, q: 'red runner' })
    expect(titles(r)).toEqual(['Red Runner Sneakers'])
  })

  it('filters by price, status, category, tag and stock', async () => {
    expect(titles(await searchProducts(db, { merchantId, q: 'sneakers', maxPriceMinor: 500000 }))).toEqual(['Red Runner Sneakers'])
    expect(titles(await searchProducts(db, { merchantId, status: 'draft' }))).toEqual(['Ankara Wrap Dress'])
    expect(titles(await searchProducts(db, { merchantId, category: 'beauty' }))).toEqual(['Crème Brûlée Body Butter'])
    expect(titles(await searchProducts(db, { merchantId, tag: 'red' }))).toEqual(['Red Runner Sneakers'])
    expect(titles(await searchProducts(db, { merchantId, q: 'sneakers', inStock: true }))).toEqual(['Red Runner Sneakers'])
  })

  it('pages through results with a cursor, sorted by price', async () => {
    const first = await searchProducts(db, { merchantId, sort: 'price_asc', limit: 2 })
    expect(first.items.map((p) => p.priceMinor)).toEqual([250000, 450000])
    const second = await searchProducts(db, { merchantId, sort: 'price_asc', limit: 2, cursor: first.nextCursor })
    expect(second.items.map((p) => p.priceMinor)).toEqual([650000, 1200000])
    expect(second.nextCursor).toBeNull()
  })

  it('with no search text, relevance sort lists newest first instead of failing ("order by 0")', async () => {
    const r = await searchProducts(db, { merchantId, status: 'published', category: 'shoes', sort: 'relevance', limit: 1 })
    expect(r.items).toHaveLength(1)
    const next = await searchProducts(db, { merchantId, status: 'published', category: 'shoes', sort: 'relevance', limit: 1, cursor: r.nextCursor })
    expect(next.items).toHaveLength(1)
    expect(next.items[0].id).not.toBe(r.items[0].id)
  })

  it('matches category names, tags and hashtags, plural or singular, exact or one typo away (issue 11)', async () => {
    const kicks = await seedKicks()
    const shoes = ['Adidas Samba OG', 'Blue Court Sneakers', 'Jordan 4 Retro', 'Nike Air Max 90', 'Red Runner Sneakers']
    for (const q of ['sneakers', 'snekers', 'sneaker', 'sneakrs']) {
      expect(titles(await searchProducts(db, { merchantId: kicks, q })).sort(), q).toEqual(shoes)
    }
    expect(titles(await searchProducts(db, { merchantId: kicks, q: 'sneakers', maxPriceMinor: 500000 }))).toEqual(['Nike Air Max 90'])
    expect(titles(await searchProducts(db, { merchantId: kicks, q: 'shoe' })).sort()).toEqual(['Adidas Samba OG', 'Jordan 4 Retro'])
    expect(titles(await searchProducts(db, { merchantId: kicks, q: 'bag' }))).toEqual(['Leather Tote'])
    expect(titles(await searchProducts(db, { merchantId: kicks, q: 'air max 90' }))).toEqual(['Nike Air Max 90'])
  })

  it('mixes exact and misspelled words, and finds a title carrying a typo when the shop has each word apart (issue 17 tiers)', async () => {
    expect(titles(await searchProducts(db, { merchantId, q: 'ankra dres' }))).toEqual(['Ankara Wrap Dress'])
    expect(titles(await searchProducts(db, { merchantId, q: 'red snekers' }))).toEqual(['Red Runner Sneakers'])
    const [m] = await db
      .insert(schema.merchants)
      .values({ slug: `typo-title-${Date.now()}`, name: 'Typo', defaultCurrency: 'NGN' })
      .returning()
    const base = { merchantId: m.id, currency: 'NGN', status: 'published' as const, priceMinor: 1000 }
    await db.insert(schema.products).values([
      { ...base, slug: 'a', title: 'Ankarra Wrap Dress' },
      { ...base, slug: 'b', title: 'Ankara Headwrap' },
    ])
    // Both words exist in the shop, never together: the title with the typo is still found.
    expect(titles(await searchProducts(db, { merchantId: m.id, q: 'ankara dress' }))).toEqual(['Ankarra Wrap Dress'])
  })

  it('pages through misspelled results with the cursor keeping the way the words matched', async () => {
    const [m] = await db
      .insert(schema.merchants)
      .values({ slug: `typo-pages-${Date.now()}`, name: 'Pages', defaultCurrency: 'NGN' })
      .returning()
    const base = { merchantId: m.id, currency: 'NGN', status: 'published' as const, priceMinor: 1000 }
    await db.insert(schema.products).values(Array.from({ length: 5 }, (_, i) => ({ ...base, slug: `s${i}`, title: `Sneakers model ${i}` })))
    const first = await searchProducts(db, { merchantId: m.id, q: 'snekers', limit: 3 })
    expect(first.items).toHaveLength(3)
    const second = await searchProducts(db, { merchantId: m.id, q: 'snekers', limit: 3, cursor: first.nextCursor })
    expect(second.nextCursor).toBeNull()
    expect([...titles(first), ...titles(second)].sort()).toEqual(Array.from({ length: 5 }, (_, i) => `Sneakers model ${i}`))
  })

  it('with a memo, a repeated misspelled search skips the typo lookup and the shop scan, with the same results', async () => {
    const kicks = await seedKicks()
    const statements: string[] = []
    const counted = drizzle(pool, { schema, logger: { logQuery: (q) => statements.push(q) } })
    const memo = { typos: new Map<string, TypoLookup>(), vocabulary: new Map<string, string[]>() }
    const plain = titles(await searchProducts(counted, { merchantId: kicks, q: 'sneakrs' })).sort()
    const withMemo = titles(await searchProducts(counted, { merchantId: kicks, q: 'sneakrs', memo })).sort()
    expect(withMemo).toEqual(plain)
    expect(memo.vocabulary.get(`${kicks} `)).toEqual(expect.arrayContaining(['sneakers', 'shoes', 'bags']))
    statements.length = 0
    expect(titles(await searchProducts(counted, { merchantId: kicks, q: 'sneakrs', memo })).sort()).toEqual(plain)
    expect(statements).toHaveLength(2) // the exact try, then the typo tier: no lookup
    statements.length = 0
    expect(titles(await searchProducts(counted, { merchantId: kicks, q: 'snekers', memo })).sort()).toEqual(plain)
    expect(statements.some((q) => q.includes('unnest(p.tags'))).toBe(false) // the shop's words came from the memo
  })
})
