import { describe, expect, it } from 'vitest'
import { fakeShop, texts, turnOf } from '../fake-shop'
import { askAboutProduct, handoff, optOut } from './handoff'

const checkout = { key: 'k', name: 'Ada' }

describe('handoff', () => {
  it('hands the chat to a person and pauses the bot (the checkout answers stay)', () => {
    const t = turnOf(fakeShop().deps, { step: 'checkout_delivery', checkout })
    handoff(t)
    expect(t.result.handoff).toBe(true)
    expect(t.state).toMatchObject({ step: 'idle', checkout })
    expect(texts(t.result.replies)).toEqual(['Sure, a person from the shop will reply here shortly. The bot is paused until then.'])
  })

  it('"Ask a question" on a card remembers the product and hands over', () => {
    const { deps, products } = fakeShop()
    const t = turnOf(deps)
    askAboutProduct(t, products[1].id)
    expect(t.result.handoff).toBe(true)
    expect(t.state.lastProductId).toBe(products[1].id)
    expect(texts(t.result.replies)).toEqual(['Type your question: a person from the shop will answer here shortly.'])
  })

  it('opts out, confirming once', () => {
    const t = turnOf(fakeShop().deps, { step: 'checkout_name', checkout })
    optOut(t)
    expect(t.result.optedOut).toBe(true)
    expect(t.result.handoff).toBeUndefined()
    expect(t.state.step).toBe('idle')
    expect(texts(t.result.replies)).toEqual(['Done: you will get no more messages from us here. Write START at any time to chat again.'])
  })
})
