import { readFileSync } from 'node:fs'
import path from 'node:path'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { classifyMessage, createMessageClassifier } from './classify-message'
import { entityMismatches, parseFixtureLines, scorePredictions } from './evaluate-intents'
import { HINT3_LABEL_TO_INTENT } from './hint3-labels'
import type { IntentModel } from './intent-model'
import type { LexiconCue, ShopSource } from './lexicon'

describe('classifyMessage', () => {
  it("reads 'red sneakers under 5000' as search with colour red and max price 5000", () => {
    expect(classifyMessage('red sneakers under 5000')).toMatchObject({
      intent: 'search_product',
      entities: { query: 'sneakers', colour: 'red', maxPrice: 5000 },
    })
  })

  it('reads a search with size and a price range', () => {
    expect(classifyMessage('I need running shoes size 42 between 20 and 50').entities).toEqual({
      query: 'running shoes',
      size: '42',
      minPrice: 20,
      maxPrice: 50,
    })
  })

  it("shows the catalogue when the shopper wants to buy but names nothing ('nataka kuagiza')", () => {
    expect(classifyMessage('nataka kuagiza').intent).toBe('browse_catalog')
    expect(classifyMessage('I want to buy something').intent).toBe('browse_catalog')
  })

  it.each([
    ['bonjour', 'greeting'],
    ['hola', 'greeting'],
    ['olá', 'greeting'],
    ['habari', 'greeting'],
    ["je veux parler à quelqu'un", 'human_handoff'],
    ['ongea na mtu', 'human_handoff'],
    ['combien ça coûte', 'price_question'],
    ['cuánto cuesta', 'price_question'],
    ['quanto custa', 'price_question'],
    ['bei gani', 'price_question'],
    ['dónde está mi pedido', 'order_status'],
    ['quero cancelar', 'cancel_order'],
    ['STOP', 'opt_out'],
    ['unsubscribe', 'opt_out'],
    ['arrêter', 'opt_out'],
  ])('understands the issue phrasing %j as %s', (text, intent) => {
    expect(classifyMessage(text).intent).toBe(intent)
  })

  it('treats a greeting in front of a request as the request', () => {
    expect(classifyMessage('hi, where is my order #A1B2C3?')).toMatchObject({ intent: 'order_status', entities: { orderRef: 'A1B2C3' } })
  })

  it('only opts out on a bare stop, not on "stop my order"', () => {
    expect(classifyMessage('stop please').intent).toBe('opt_out')
    expect(classifyMessage('stop my order').intent).toBe('cancel_order')
  })

  it('tolerates common misspellings', () => {
    expect(classifyMessage('wat is the pric').intent).toBe('price_question')
    expect(classifyMessage('when is the delivry to Kisumu').intent).toBe('delivery_question')
    expect(classifyMessage('i want to cancle').intent).toBe('cancel_order')
    expect(classifyMessage('how do i get a refnd').intent).toBe('return_exchange')
  })

  it('does not let a near-spelling of another word trigger an intent', () => {
    // "shoes" is one letter from "shops", "previous" close to "precios"
    expect(classifyMessage('black shoes').intent).toBe('search_product')
    expect(classifyMessage('tell me about my previous orders').intent).toBe('order_status')
  })

  it('tells delivery questions before ordering from chasing an order already placed', () => {
    expect(classifyMessage('if I order today when will it arrive?').intent).toBe('delivery_question')
    expect(classifyMessage('my order has not arrived yet').intent).toBe('order_status')
  })

  it('says out_of_scope, unsure, when no rule matches and no product is named', () => {
    const result = classifyMessage('??? 1234')
    expect(result.intent).toBe('out_of_scope')
    expect(result.confidence).toBeLessThan(0.55)
  })

  it('is unsure about words it cannot place', () => {
    expect(classifyMessage('asdf qwerty').confidence).toBeLessThan(0.55)
  })

  it('is sure of clear messages and unsure of bare product words', () => {
    expect(classifyMessage('I want to cancel my order').confidence).toBeGreaterThanOrEqual(0.7)
    expect(classifyMessage('where is my order').confidence).toBeGreaterThanOrEqual(0.7)
    expect(classifyMessage('fish oil').confidence).toBeLessThan(0.55)
  })
})

describe('rules and the learned model together', () => {
  // A two-feature model: "emi" means a payment question, as a shop's own messages would teach it.
  const model = (weight: number): IntentModel => ({
    version: 1,
    classes: ['browse_catalog', 'payment_question', 'out_of_scope'],
    bias: [0, 0, 0],
    temperature: 1,
    features: { 'w:emi': `1:${weight * 10}` },
  })
  const options = (weight: number): LexiconCue[] => [{ intent: 'browse_catalog', weight, phrases: ['option*'] }]

  it("lets a confident model overrule a weak cue with the shop's own word ('EMI options' is about paying)", () => {
    expect(createMessageClassifier(options(1.5), null)('EMI options').intent).toBe('browse_catalog')
    const got = createMessageClassifier(options(1.5), model(4))('EMI options') // p(payment) = e⁴ / (e⁴ + 2) ≈ 0.96
    expect(got).toMatchObject({ intent: 'payment_question', confidence: 0.96 })
  })

  it('keeps the cue when the model is unsure, and strong evidence whatever the model says', () => {
    expect(createMessageClassifier(options(1.5), model(0.5))('EMI options').intent).toBe('browse_catalog') // p ≈ 0.45
    expect(createMessageClassifier(options(3.5), model(4))('EMI options').intent).toBe('browse_catalog')
  })
})

describe('hand-written multilingual set', () => {
  const fixture = parseFixtureLines(readFileSync(path.join(import.meta.dirname, 'fixtures/messages-multilingual.jsonl'), 'utf8'))

  it('covers all 16 intents in all five languages with at least 80 messages', () => {
    expect(fixture.length).toBeGreaterThanOrEqual(80)
    expect(new Set(fixture.map((m) => m.intent)).size).toBe(16)
    expect(new Set(fixture.map((m) => m.lang))).toEqual(new Set(['en', 'fr', 'es', 'pt', 'sw']))
  })

  it('gets at least 95% of intents and 95% of entity sets right', () => {
    const results = fixture.map((m) => ({ m, got: classifyMessage(m.text) }))
    const metrics = scorePredictions(results.map(({ m, got }) => ({ text: m.text, expected: m.intent, predicted: got.intent })))
    const entitiesRight = results.filter(({ m, got }) => entityMismatches(m.entities, got.entities).length === 0).length
    expect(metrics.accuracy).toBeGreaterThanOrEqual(0.95)
    expect(entitiesRight / fixture.length).toBeGreaterThanOrEqual(0.95)
  })
})

describe('real shop-bot messages (HINT3, ../shared/data/chat)', () => {
  const chatDir = path.resolve(import.meta.dirname, '../../../../../shared/data/chat')
  const load = (shop: ShopSource) =>
    Papa.parse<{ sentence: string; label: string }>(readFileSync(path.join(chatDir, `hint3_${shop}_train.csv`), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data

  it.each(['sofmattress', 'curekart'] as const)('maps every %s label and scores at least 80 percent', (shop) => {
    const rows = load(shop)
    const mapping = HINT3_LABEL_TO_INTENT[shop]
    for (const row of rows) expect(mapping, row.label).toHaveProperty(row.label)
    const scored = rows.flatMap((r) => {
      const expected = mapping[r.label]
      return expected ? [{ text: r.sentence, expected, predicted: classifyMessage(r.sentence).intent }] : []
    })
    expect(scorePredictions(scored).accuracy).toBeGreaterThanOrEqual(0.8)
  })
})
