import { describe, expect, it } from 'vitest'
import { choices, fakeShop, texts, turnOf } from '../fake-shop'
import { addCatalogItems, addProduct, addSizeOfLastProduct, addToCart, addVariant, cartTotal, clearCart, removeLine, showCart } from './cart'

const line = (o: { title: string; unitPriceMinor: number; quantity: number }) => ({
  productId: '00000000-0000-4000-8000-00000000a001',
  variantId: null,
  currency: 'NGN',
  ...o,
})

describe('cart', () => {
  it('asks which option of a product with variants, marking sold-out ones', async () => {
    const { deps, products } = fakeShop()
    const sneakers = products[0]
    sneakers.variants[2].stock = 0
    const t = turnOf(deps)
    await addProduct(t, sneakers.id)
    expect(t.state.cart).toEqual([])
    expect(t.state.lastProductId).toBe(sneakers.id)
    expect(t.result.replies[0]).toMatchObject({
      kind: 'list',
      text: 'Which option of Red Runner Sneakers? You can also type it, e.g. "size 42".',
      button: 'Options',
    })
    const rows = t.result.replies[0].kind === 'list' ? t.result.replies[0].rows : []
    expect(rows.map((r) => [r.id, r.title, r.description])).toEqual([
      [`v:${sneakers.variants[0].id}`, '40', '₦4,500'],
      [`v:${sneakers.variants[1].id}`, '41', '₦4,500'],
      [`v:${sneakers.variants[2].id}`, '42', '₦4,500 · sold out'],
    ])
  })

  it('adds a variant, then the same one again raises its quantity; the reply shows the total', async () => {
    const { deps, products } = fakeShop()
    const sneakers = products[0]
    const t = turnOf(deps)
    await addVariant(t, sneakers.variants[1].id)
    await addVariant(t, sneakers.variants[1].id)
    expect(t.state.cart).toEqual([
      { productId: sneakers.id, variantId: sneakers.variants[1].id, title: 'Red Runner Sneakers (41)', unitPriceMinor: 450000, currency: 'NGN', quantity: 2 },
    ])
    expect(texts(t.result.replies)).toEqual([
      'Added Red Runner Sneakers (41) to your cart. Cart total: ₦4,500.',
      'Added Red Runner Sneakers (41) to your cart. Cart total: ₦9,000.',
    ])
    expect(choices(t.result.replies[1])).toEqual(['checkout', 'cart', 'browse'])
  })

  it('refuses a sold-out variant, an unknown option and a product that is gone', async () => {
    const { deps, products } = fakeShop()
    products[0].variants[0].stock = 0
    const t = turnOf(deps)
    await addVariant(t, products[0].variants[0].id)
    await addVariant(t, '00000000-0000-4000-8000-ffffffffffff')
    await addProduct(t, '00000000-0000-4000-8000-ffffffffffff')
    expect(t.state.cart).toEqual([])
    expect(texts(t.result.replies)).toEqual([
      'Sorry, 40 is sold out. Pick another option.',
      'That option is no longer available.',
      'That product is no longer available.',
    ])
  })

  it('caps a line at 99 and the cart at 50 lines', () => {
    const { deps, products } = fakeShop()
    const tote = products[2]
    const full = Array.from({ length: 50 }, (_, i) => line({ title: `Thing ${i}`, unitPriceMinor: 100, quantity: 1 }))
    const t = turnOf(deps, { cart: [{ ...line({ title: 'Leather Tote', unitPriceMinor: 1200000, quantity: 98 }), productId: tote.id }] })
    addToCart(t, tote, null, 5)
    expect(t.state.cart[0].quantity).toBe(99)
    const u = turnOf(deps, { cart: full })
    addToCart(u, tote, null)
    expect(u.state.cart).toHaveLength(50)
    expect(texts(u.result.replies)).toEqual(['Your cart is full (50 lines). Check out or remove something first.'])
  })

  it('"size 42" after a card adds that variant of the last product, and not a size it lacks', async () => {
    const { deps, products } = fakeShop()
    const sneakers = products[0]
    const t = turnOf(deps, { lastProductId: sneakers.id })
    expect(await addSizeOfLastProduct(t, '42')).toBe(true)
    expect(await addSizeOfLastProduct(t, '45')).toBe(false)
    expect(t.state.cart.map((l) => l.variantId)).toEqual([sneakers.variants[2].id])
    expect(await addSizeOfLastProduct(turnOf(deps), '42')).toBe(false)
  })

  it('takes a WhatsApp catalog cart at our prices and names the items we no longer sell', async () => {
    const { deps, products } = fakeShop()
    const t = turnOf(deps)
    await addCatalogItems(t, [
      { retailerId: 'RRS-42', quantity: 2, itemPrice: 1 },
      { retailerId: 'TOTE', quantity: 150 },
      { retailerId: 'GONE-1', quantity: 1 },
    ])
    expect(t.state.cart).toEqual([
      {
        productId: products[0].id,
        variantId: products[0].variants[2].id,
        title: 'Red Runner Sneakers (42)',
        unitPriceMinor: 450000,
        currency: 'NGN',
        quantity: 2,
      },
      { productId: products[2].id, variantId: null, title: 'Leather Tote', unitPriceMinor: 1200000, currency: 'NGN', quantity: 99 },
    ])
    expect(texts(t.result.replies)).toEqual([
      'Some items are no longer sold here and were left out: GONE-1.',
      'Your cart:\n1. Red Runner Sneakers (42) × 2 — ₦9,000\n2. Leather Tote × 99 — ₦1,188,000\nTotal: ₦1,197,000',
      'Check out, or remove something:',
    ])
  })

  it('says so when none of a catalog cart is sold any more', async () => {
    const { deps } = fakeShop()
    const t = turnOf(deps)
    await addCatalogItems(t, [{ retailerId: 'GONE-1', quantity: 1 }])
    expect(texts(t.result.replies)).toEqual(['Some items are no longer sold here and were left out: GONE-1.', 'None of those items are available any more.'])
  })

  it('shows the cart with checkout, remove and empty options (full titles: each channel cuts its own)', () => {
    const { deps } = fakeShop()
    const t = turnOf(deps, {
      cart: [line({ title: 'Tote', unitPriceMinor: 1000, quantity: 2 }), line({ title: 'A very long product title indeed', unitPriceMinor: 500, quantity: 1 })],
    })
    showCart(t)
    expect(t.result.replies).toEqual([
      { kind: 'text', text: 'Your cart:\n1. Tote × 2 — ₦20\n2. A very long product title indeed × 1 — ₦5\nTotal: ₦25' },
      {
        kind: 'list',
        text: 'Check out, or remove something:',
        button: 'Cart options',
        rows: [
          { id: 'checkout', title: 'Checkout' },
          { id: 'rm:0', title: 'Remove 1. Tote' },
          { id: 'rm:1', title: 'Remove 2. A very long product title indeed' },
          { id: 'clear', title: 'Empty the cart' },
        ],
      },
    ])
  })

  it('an empty cart offers the menu', () => {
    const { deps } = fakeShop()
    const t = turnOf(deps)
    showCart(t)
    expect(texts(t.result.replies)).toEqual(['Your cart is empty. Type what you are looking for, or browse.'])
    expect(choices(t.result.replies[0])).toEqual(['browse', 'cart', 'human'])
  })

  it('removes a line and shows the cart again; a stale index says so', () => {
    const { deps } = fakeShop()
    const t = turnOf(deps, { cart: [line({ title: 'Tote', unitPriceMinor: 1000, quantity: 1 }), line({ title: 'Cap', unitPriceMinor: 500, quantity: 1 })] })
    removeLine(t, '0')
    removeLine(t, '5')
    expect(t.state.cart.map((l) => l.title)).toEqual(['Cap'])
    expect(texts(t.result.replies)).toEqual([
      'Removed Tote.',
      'Your cart:\n1. Cap × 1 — ₦5\nTotal: ₦5',
      'Check out, or remove something:',
      'That line is no longer in your cart.',
      'Your cart:\n1. Cap × 1 — ₦5\nTotal: ₦5',
      'Check out, or remove something:',
    ])
  })

  it('emptying the cart also ends a checkout', () => {
    const { deps } = fakeShop()
    const t = turnOf(deps, {
      cart: [line({ title: 'Tote', unitPriceMinor: 1000, quantity: 1 })],
      step: 'checkout_payment',
      checkout: { key: 'k', name: 'Ada' },
    })
    clearCart(t)
    expect(t.state).toMatchObject({ cart: [], step: 'idle', checkout: undefined })
    expect(texts(t.result.replies)).toEqual(['Your cart is empty now.'])
  })

  it('totals in the first line currency', () => {
    expect(cartTotal([])).toBe('$0')
    expect(cartTotal([line({ title: 'a', unitPriceMinor: 150, quantity: 3 })])).toBe('₦4.50')
  })
})
