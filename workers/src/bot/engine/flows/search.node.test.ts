import { describe, expect, it } from 'vitest'
import { choices, fakeShop, turnOf } from '../fake-shop'
import { search } from './search'

describe('search', () => {
  it('shows the card of a single hit, with the price bound in the intro', async () => {
    const { deps, products, catalog } = fakeShop()
    const t = turnOf(deps)
    await search(t, 'red sneakers under 5000', { query: 'sneakers', colour: 'red', maxPrice: 5000 })
    expect(catalog.queries).toEqual([{ q: 'red sneakers', maxPriceMinor: 500000, minPriceMinor: undefined, limit: 10 }])
    expect(t.result.replies).toHaveLength(1)
    const card = t.result.replies[0]
    expect(card.kind === 'product' && card.caption.split('\n').slice(0, 3)).toEqual(['Found it, under ₦5,000:', '', '*Red Runner Sneakers*'])
    expect(t.state.lastProductId).toBe(products[0].id)
  })

  it('retries without the colour when colour + query finds nothing', async () => {
    const { deps, catalog } = fakeShop()
    const t = turnOf(deps)
    await search(t, 'green sneakers', { query: 'sneakers', colour: 'green' })
    expect(catalog.queries.map((q) => q.q)).toEqual(['green sneakers', 'sneakers'])
    expect(t.result.replies).toEqual([
      {
        kind: 'list',
        text: 'Here is what I found for "sneakers":',
        button: 'See products',
        rows: [
          { id: expect.stringMatching(/^p:/), title: 'Red Runner Sneakers', description: '₦4,500' },
          { id: expect.stringMatching(/^p:/), title: 'Blue Court Sneakers', description: '₦6,500' },
        ],
      },
    ])
  })

  it('reads a minimum price in the shop currency and searches everything without a query', async () => {
    const { deps, catalog } = fakeShop()
    const t = turnOf(deps)
    await search(t, 'over 5000', { minPrice: 5000 })
    expect(catalog.queries).toEqual([{ q: undefined, maxPriceMinor: undefined, minPriceMinor: 500000, limit: 10 }])
    expect(choices(t.result.replies[0])).toHaveLength(2)
  })

  it('says it found nothing, naming the query and the price bound', async () => {
    const { deps } = fakeShop()
    const t = turnOf(deps)
    await search(t, 'tote under 100', { query: 'tote', maxPrice: 100 })
    expect(t.result.replies).toEqual([
      {
        kind: 'buttons',
        text: 'I found nothing for "tote" under ₦100. Try other words, or browse.',
        buttons: [
          { id: 'browse', title: 'Browse products' },
          { id: 'cart', title: 'My cart' },
          { id: 'human', title: 'Talk to a person' },
        ],
      },
    ])
  })
})
