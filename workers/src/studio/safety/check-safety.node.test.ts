import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type BriefProduct, briefProductSchema, safetyVerdictSchema } from '../../../../contracts/studio'
import type { FakeServer } from '../../../../test/fakes/fake-server'
import { createOpenAiFake } from '../../../../test/fakes/openai'
import type { OpenAiAccess } from '../openai-access-type'
import { dressBrief } from '../script/fixtures'
import { writeScript } from '../script/write-script'
import { checkSafety, safetyItemsOf } from './check-safety'

const product = (stock: number | null): BriefProduct =>
  briefProductSchema.parse({
    id: 'p1',
    title: 'Shea Butter',
    description: null,
    priceMinor: 90000,
    compareAtMinor: null,
    currency: 'KES',
    priceText: 'KSh 900',
    stock,
    category: 'beauty',
  })

async function caption(text: string, o: { stock?: number | null; allowlist?: string[]; field?: string; language?: string } = {}) {
  const { verdict } = await checkSafety([{ field: o.field ?? 'caption', text }], {
    products: [product(o.stock === undefined ? 40 : o.stock)],
    allowlist: o.allowlist ?? [],
    language: o.language ?? 'en',
    openai: null,
  })
  return safetyVerdictSchema.parse(verdict)
}

describe('checkSafety rules', () => {
  it.each([
    ['profanity', 'This is fucking great', 'block', 'fucking'],
    ['health_claim', 'This tea cures diabetes in weeks', 'block', 'cures diabetes'],
    ['guarantee', 'Guaranteed results or nothing', 'review', 'Guaranteed'],
    ['fake_scarcity', 'Hurry, only 2 left!', 'block', 'only 2 left'],
    ['prohibited_goods', 'AAA copy Rolex watches', 'block', 'AAA copy'],
    ['financial_promise', 'Join us and earn $500 per day', 'block', 'earn $500 per day'],
    ['off_platform_payment', 'Pay via crypto only', 'review', 'Pay via crypto'],
    ['personal_data', 'Order: jane.doe@example.com', 'block', 'jane.doe@example.com'],
    ['contact_in_caption', 'See more at www.adastyles.co.ke', 'review', 'www.adastyles.co.ke'],
    ['spam', 'BUY NOW BEST PRICE EVER FOR EVERYONE TODAY', 'review', 'BUY NOW BEST PRICE EVER FOR EVERYONE TODAY'],
  ])('%s: catches "%s" with its exact span', async (category, text, decision, span) => {
    const v = await caption(text)
    expect(v.decision).toBe(decision)
    const hit = v.hits.find((h) => h.category === category)
    expect(hit, JSON.stringify(v.hits)).toBeDefined()
    expect(hit?.text).toBe(span)
    expect(text.slice(hit?.start, hit?.end)).toBe(span)
    expect(v.providers).toEqual(['rules'])
  })

  it.each([
    ['profanity', 'Peacock print cocktail dress, Scunthorpe fans welcome'],
    ['health_claim', 'Dog treats your pup will love'],
    ['guarantee', '100% cotton, soft on the skin'],
    ['fake_scarcity', 'In stock now in three colours'],
    ['prohibited_goods', 'Water gun for the kids, weed killer for the garden'],
    ['financial_promise', 'Earn points on every order'],
    ['off_platform_payment', 'Pay on delivery'],
    ['personal_data', 'Now KSh 4,500, was KSh 5,500'],
    ['contact_in_caption', 'Link in bio'],
    ['spam', 'New in: the NIKE Air, size 42 🔥'],
  ])('%s: lets "%s" pass', async (_category, text) => {
    const v = await caption(text)
    expect(v.hits).toEqual([])
    expect(v.decision).toBe('allow')
  })

  it('lets the Scunthorpe cases through', async () => {
    for (const t of ['peacock', 'Scunthorpe', 'cocktail dress', "assassin's creed tee", 'Shiitake mushrooms', 'cumin'])
      expect((await caption(t)).decision, t).toBe('allow')
  })

  it('backs a scarcity claim only with the real low stock', async () => {
    expect((await caption('Only 3 left!', { stock: 3 })).decision).toBe('allow')
    expect((await caption('Only 2 left!', { stock: 40 })).decision).toBe('block')
    expect((await caption('Only 2 left!', { stock: null })).decision).toBe('block')
    expect((await caption('Last chance to get one', { stock: 40 })).decision).toBe('block')
    expect((await caption('Last chance to get one', { stock: 2 })).decision).toBe('allow')
  })

  it('respects the merchant allowlist for list words only', async () => {
    expect((await caption('Dick Smith speakers')).decision).toBe('review')
    expect((await caption('Dick Smith speakers', { allowlist: ['Dick Smith'] })).decision).toBe('allow')
    expect((await caption('1:1 replica bags', { allowlist: ['replica'] })).decision).toBe('block')
  })

  it('matches through zero-width characters and full-width letters, with spans in the original text', async () => {
    const text = 'what the f\u200Buck'
    const v = await caption(text)
    expect(v.decision).toBe('block')
    expect(v.hits[0]?.start).toBe(9)
    expect(v.hits[0]?.end).toBe(text.length)
    expect((await caption('ｆｕｃｋ')).decision).toBe('block')
  })

  it('blocks phone numbers on screen and in the caption, not in the spoken line', async () => {
    const onScreen = await caption('Call 0712 345 678', { field: 'scene:cta:onScreen' })
    expect(onScreen.hits.map((h) => [h.category, h.text])).toEqual([['personal_data', '0712 345 678']])
    expect((await caption('Call 0712 345 678', { field: 'scene:cta:say' })).decision).toBe('allow')
  })

  it('uses the language list: Portuguese profanity, but not shop words', async () => {
    expect((await caption('que merda de entrega', { language: 'pt-BR' })).decision).toBe('review')
    expect((await caption('Saco de pano, para comer fora', { language: 'pt' })).decision).toBe('allow')
    expect((await caption('Vestido negro de algodón', { language: 'es' })).decision).toBe('allow')
  })

  it('passes a template script and names its fields', async () => {
    const { script } = await writeScript(dressBrief(), { openai: null })
    const items = safetyItemsOf(script)
    expect(items.map((i) => i.field)).toEqual(expect.arrayContaining(['scene:hook:say', 'scene:hook:onScreen', 'scene:cta:say', 'caption', 'hashtags']))
    const { verdict } = await checkSafety(items, { products: dressBrief().products, allowlist: [], language: 'en', openai: null })
    expect(verdict.hits).toEqual([])
    expect(verdict.decision).toBe('allow')
  })
})

describe('checkSafety with OpenAI moderation (fake)', () => {
  let fake: FakeServer
  let access: NonNullable<OpenAiAccess>
  beforeAll(async () => {
    fake = await createOpenAiFake()
    access = { apiKey: 'sk-test', baseURL: fake.url, model: 'gpt-4o-mini', source: 'shop' }
  })
  afterAll(() => fake.close())
  beforeEach(() => fake.reset())
  const items = (...texts: string[]) => texts.map((text, i) => ({ field: `scene:s${i}:say`, text }))
  const opts = () => ({ products: [product(40)], allowlist: [], language: 'en', openai: access })

  it('sends one input per item and blocks what moderation flags', async () => {
    const { verdict } = await checkSafety(items('A lovely dress', 'FLAGME now'), opts())
    expect(verdict.providers).toEqual(['rules', 'openai-moderation'])
    expect(verdict.decision).toBe('block')
    expect(verdict.hits).toEqual([
      expect.objectContaining({ category: 'moderation', decision: 'block', field: 'scene:s1:say', start: 0, end: 10, rule: 'moderation.harassment' }),
    ])
    const body = fake.calls.find((c) => c.path.endsWith('/moderations'))?.body as { model: string; input: string[] }
    expect(body).toEqual({ model: 'omni-moderation-latest', input: ['A lovely dress', 'FLAGME now'] })
  })

  it('sends a score above 0.4 to review and lets clean text through', async () => {
    expect((await checkSafety(items('REVIEWME please'), opts())).verdict.decision).toBe('review')
    expect((await checkSafety(items('A lovely dress'), opts())).verdict.decision).toBe('allow')
  })

  it('keeps the rules verdict when moderation fails, and says so', async () => {
    fake.script({ path: '/moderations', status: 500, body: { error: { message: 'down' } }, times: 5 })
    const { verdict } = await checkSafety(items('FLAGME', 'Only 2 left!'), opts())
    expect(verdict.providers).toEqual(['rules', 'openai-moderation:failed'])
    expect(verdict.hits.map((h) => h.category)).toEqual(['fake_scarcity'])
    expect(verdict.decision).toBe('block')
  })
})
