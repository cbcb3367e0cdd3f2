import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import * as schema from '../schema'
import { searchProducts } from './search-products'

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
})
