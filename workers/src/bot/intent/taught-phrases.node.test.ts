import { describe, expect, it } from 'vitest'
import { classifyMessage } from './classify-message'
import { createPhraseMatcher, TAUGHT } from './taught-phrases'

// A made-up shop's own words, which no rule and no training message knows.
describe('phrases a merchant taught the bot', () => {
  const taught = createPhraseMatcher([
    { text: 'Zuri credit plan', intent: 'payment_question' },
    { text: 'is the glow box still on', intent: 'offers_question' },
  ])

  it("reads the shop's own words the way the merchant taught them", () => {
    expect(classifyMessage('zuri credit')).toMatchObject({ intent: 'search_product', confidence: 0.5 }) // untaught: a guess
    expect(classifyMessage('zuri credit', { taught })).toMatchObject({ intent: 'payment_question', taught: 'Zuri credit plan', entities: {} })
    const glow = classifyMessage('is glow box still on?', { taught })
    expect(glow).toMatchObject({ intent: 'offers_question', taught: 'is the glow box still on', entities: { query: 'glow box' } })
    expect(glow.confidence).toBeGreaterThan(0.8)
  })

  it("does not let a taught phrase's product words take over a message the rules are sure of", () => {
    // Near the taught offer phrase (similarity between NEAR and SURE), but plainly a cancellation.
    const near = taught('cancel the glow box order')
    expect(near?.similarity).toBeGreaterThanOrEqual(TAUGHT.NEAR)
    expect(near?.similarity).toBeLessThan(TAUGHT.SURE)
    expect(classifyMessage('cancel the glow box order', { taught })).toMatchObject({ intent: 'cancel_order' })
    expect(classifyMessage('is the glow box in stock', { taught })).toMatchObject({ intent: 'availability_question', entities: { query: 'glow box' } })
  })

  it('never lets a taught phrase keep a shopper from opting out', () => {
    const stop = createPhraseMatcher([{ text: 'stop', intent: 'greeting' }])
    expect(classifyMessage('STOP', { taught: stop }).intent).toBe('opt_out')
  })

  it('leaves messages that are like no taught phrase alone', () => {
    for (const text of ['where is my order #A1B2C3', 'I want to cancel my order', 'set a timer for 10 minutes', 'hello']) {
      const got = classifyMessage(text, { taught })
      expect(got, text).toEqual(classifyMessage(text))
      expect(got.taught, text).toBeUndefined()
    }
  })

  it('scores a taught phrase 1 against itself and knows nothing with nothing taught', () => {
    expect(taught('Zuri credit plan')).toMatchObject({ intent: 'payment_question', similarity: expect.closeTo(1, 5) })
    expect(createPhraseMatcher([])('Zuri credit plan')).toBeNull()
    expect(createPhraseMatcher([{ text: '???', intent: 'greeting' }])('hello')).toBeNull()
  })
})
