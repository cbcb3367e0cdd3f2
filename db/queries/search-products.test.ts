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
})
