import { describe, expect, it } from 'vitest'
import { choices, type FakeProduct, fakeId, fakeShop, turnOf } from '../fake-shop'
import { showCategories, showCategory } from './browse'

const many = (n: number, category?: (i: number) => string): FakeProduct[] =>
  Array.from({ length: n }, (_, i) => ({
    id: fakeId(),
    slug: `p${i}`,
    title: `Product ${i}`,
    description: '',
    priceMinor: 100 * (i + 1),
    currency: 'NGN',
    imageKey: null,
    variants: [],
    category: category?.(i),
    ref: `REF${1000 + i}`,
  }))

describe('browse', () => {
  it('lists categories, most stocked first, with counts and the shop name as header', async () => {
    const { deps } = fakeShop()
    const t = turnOf(deps)
    await showCategories(t)
    expect(t.result.replies).toEqual([
      {
        kind: 'list',
        text: 'What would you like to see? Pick a category.',
        button: 'Categories',
        header: 'Ada Kicks',
        rows: [
          { id: 'cat:sneakers:0', title: 'Sneakers', description: '2 products' },
          { id: 'cat:bags:0', title: 'Bags', description: '1 product' },
        ],
      },
    ])
  })

  it('pages categories nine at a time with a "More categories…" row, then says that was all', async () => {
    const { deps } = fakeShop({ products: many(12, (i) => `cat${String(i).padStart(2, '0')}`) })
    const t = turnOf(deps)
    await showCategories(t, 0)
    await showCategories(t, 1)
    await showCategories(t, 2)
    const [first, second, third] = t.result.replies
    expect(choices(first)).toHaveLength(10)
    expect(choices(first).at(-1)).toBe('cats:1')
    expect(second).toMatchObject({ kind: 'list', text: 'More categories:' })
    expect(choices(second)).toEqual(['cat:cat09:0', 'cat:cat10:0', 'cat:cat11:0'])
    expect(third).toEqual({ kind: 'text', text: 'That was everything. Type a product name to search.' })
  })

  it('lists products when the shop has no categories', async () => {
    const products = many(2)
    const { deps } = fakeShop({ products })
    const t = turnOf(deps)
    await showCategories(t)
    expect(t.result.replies).toEqual([
      {
        kind: 'list',
        text: 'Here is what we sell:',
        button: 'Products',
        rows: [
          { id: `p:${products[0].id}`, title: 'Product 0', description: '₦1' },
          { id: `p:${products[1].id}`, title: 'Product 1', description: '₦2' },
        ],
      },
    ])
  })

  it('shows a category a page at a time, with "More products…" when another page follows', async () => {
    const { deps, catalog } = fakeShop({ products: many(11, () => 'shoes') })
    const t = turnOf(deps)
    await showCategory(t, 'shoes', 0)
    await showCategory(t, 'shoes', 1)
    const [first, second] = t.result.replies
    expect(first).toMatchObject({ kind: 'list', text: 'Shoes:', button: 'Products' })
    expect(choices(first)).toHaveLength(10)
    expect(choices(first).at(-1)).toBe('cat:shoes:1')
    expect(choices(second)).toHaveLength(2)
    expect(catalog.queries).toEqual([
      { category: 'shoes', limit: 9, offset: 0 },
      { category: 'shoes', limit: 9, offset: 9 },
    ])
  })

  it('says so when a category is empty', async () => {
    const { deps } = fakeShop()
    const t = turnOf(deps)
    await showCategory(t, 'hats', 0)
    expect(t.result.replies).toEqual([
      {
        kind: 'buttons',
        text: 'Nothing here yet. Try a search, or talk to a person.',
        buttons: expect.arrayContaining([{ id: 'browse', title: 'Browse products' }]),
      },
    ])
  })
})
