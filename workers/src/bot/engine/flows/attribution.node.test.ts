import { describe, expect, it } from 'vitest'
import { fakeAttribution, fakeId, fakeShop, inbound, text, turnOf } from '../fake-shop'
import { attribute } from './attribution'

const videoId = fakeId()
const linkId = fakeId()
const shop = () => fakeShop({ attribution: fakeAttribution({ '7301234567890123456': videoId }, { k3Xz9Qa: linkId }) })

describe('attribution', () => {
  it('a /start payload with a video ref: product, video, chat_started', async () => {
    const { deps, products } = shop()
    const t = turnOf(deps)
    const product = await attribute(t, inbound('start', { text: '/start RRS12AB3-V7301234567890123456', startPayload: 'RRS12AB3-V7301234567890123456' }))
    expect(product?.id).toBe(products[0].id)
    expect(t.state.attribution).toEqual({ ref: 'RRS12AB3-V7301234567890123456', productId: products[0].id, videoId })
    expect(t.result.ref).toBe('RRS12AB3-V7301234567890123456')
    expect(t.result.events).toEqual([{ type: 'chat_started', productId: products[0].id, videoId, linkId: undefined, ref: 'RRS12AB3-V7301234567890123456' }])
  })

  it('a wa.me prefilled "(ref …)" with a short link code', async () => {
    const { deps, products } = shop()
    const t = turnOf(deps)
    const product = await attribute(t, text("Hi! I'd like to order Leather Tote (ref tote78ef-Lk3Xz9Qa)"))
    expect(product?.id).toBe(products[2].id)
    expect(t.state.attribution).toEqual({ ref: 'tote78ef-Lk3Xz9Qa', productId: products[2].id, linkId })
  })

  it('an unknown video or link still attributes the product', async () => {
    const { deps, products } = shop()
    const t = turnOf(deps)
    await attribute(t, text('ref BCS45CD6-V999'))
    expect(t.state.attribution).toEqual({ ref: 'BCS45CD6-V999', productId: products[1].id })
  })

  it('the first ref sticks: a later one shows its product but is not counted again', async () => {
    const { deps, products } = shop()
    const first = { ref: 'RRS12AB3-P', productId: products[0].id }
    const t = turnOf(deps, { attribution: first })
    const product = await attribute(t, text('ref TOTE78EF-P'))
    expect(product).toBeUndefined()
    expect(t.state.attribution).toEqual(first)
    expect(t.result.events).toEqual([])
    expect(t.result.ref).toBeUndefined()
  })

  it('a bare word in free text is not a ref; a ref to an unknown product is ignored', async () => {
    const { deps } = shop()
    const t = turnOf(deps)
    expect(await attribute(t, text('TOTE78EF'))).toBeUndefined()
    expect(await attribute(t, text('ref ZZZZ9999'))).toBeUndefined()
    expect(t.state.attribution).toBeUndefined()
    expect(t.result.events).toEqual([])
  })

  it('a message sent from a catalog product view names that product without attributing', async () => {
    const { deps, products } = shop()
    const t = turnOf(deps)
    const product = await attribute(t, text('is this in stock?', { referredProduct: 'RRS-41' }))
    expect(product?.id).toBe(products[0].id)
    expect(t.state.attribution).toBeUndefined()
  })
})
