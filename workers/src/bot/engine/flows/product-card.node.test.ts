import { describe, expect, it } from 'vitest'
import { choices, fakeShop, turnOf } from '../fake-shop'
import { openInShop, showProduct, showProductById, variantLabel, variantMatches } from './product-card'

describe('product card', () => {
  it('shows photo, title, price, options and description with Add / Ask / Open, and remembers the product', () => {
    const { deps, products } = fakeShop()
    const sneakers = products[0]
    const t = turnOf(deps)
    showProduct(t, sneakers, 'Hi Ada! Here is the product you asked about:')
    expect(t.result.replies).toEqual([
      {
        kind: 'product',
        imageUrl: 'https://hub.test/media/media/test/sneakers.jpg',
        caption: 'Hi Ada! Here is the product you asked about:\n\n*Red Runner Sneakers*\n₦4,500\nOptions: 40, 41, 42\nLight and comfy.',
        url: 'https://hub.test/@ada-kicks/p/red-runner-sneakers',
        buttons: [
          { id: `add:${sneakers.id}`, title: 'Add to cart' },
          { id: `ask:${sneakers.id}`, title: 'Ask a question' },
          { id: `open:${sneakers.id}`, title: 'Open in shop' },
        ],
      },
    ])
    expect(t.state.lastProductId).toBe(sneakers.id)
  })

  it('shows a price range when variants differ, no image or options when there are none', () => {
    const { deps, products } = fakeShop()
    const sneakers = { ...products[0], variants: products[0].variants.map((v, i) => ({ ...v, priceMinor: 400000 + i * 50000 })) }
    const t = turnOf(deps)
    showProduct(t, sneakers)
    showProduct(t, products[1])
    const [a, b] = t.result.replies
    expect(a.kind === 'product' && a.caption.split('\n')[1]).toBe('₦4,000 – ₦5,000')
    expect(b).toMatchObject({ kind: 'product', imageUrl: undefined, caption: '*Blue Court Sneakers*\n₦6,500' })
  })

  it('clips a long description to 300 characters', () => {
    const { deps, products } = fakeShop()
    const t = turnOf(deps)
    showProduct(t, { ...products[2], description: 'x'.repeat(400) })
    const m = t.result.replies[0]
    expect(m.kind === 'product' && m.caption.split('\n').pop()).toBe(`${'x'.repeat(299)}…`)
  })

  it('opens a product picked from a list, and says when it is gone', async () => {
    const { deps, products } = fakeShop()
    const t = turnOf(deps)
    await showProductById(t, products[2].id)
    await showProductById(t, '00000000-0000-4000-8000-ffffffffffff')
    expect(t.result.replies[0].kind).toBe('product')
    expect(choices(t.result.replies[0])).toContain(`add:${products[2].id}`)
    expect(t.result.replies[1]).toEqual({ kind: 'text', text: 'That product is no longer available.' })
  })

  it('"Open in shop" answers with a link button to the product page', async () => {
    const { deps, products } = fakeShop()
    const t = turnOf(deps)
    await openInShop(t, products[2].id)
    await openInShop(t, 'not-a-product')
    expect(t.result.replies).toEqual([
      { kind: 'cta', text: 'Leather Tote', label: 'Open in shop', url: 'https://hub.test/@ada-kicks/p/leather-tote' },
      { kind: 'text', text: 'That product is no longer available.' },
    ])
  })

  it('labels variants by their options and matches typed sizes to options or title words', () => {
    const v = { id: 'v', title: 'Size 42 / Wide', options: { size: '42', fit: 'Wide' }, priceMinor: 1, stock: null }
    expect(variantLabel(v)).toBe('42 / Wide')
    expect(variantLabel({ ...v, options: {} })).toBe('Size 42 / Wide')
    expect(variantMatches(v, '42')).toBe(true)
    expect(variantMatches(v, 'wide')).toBe(true)
    expect(variantMatches({ ...v, options: {} }, 'wide')).toBe(true)
    expect(variantMatches(v, '4')).toBe(false)
  })
})
