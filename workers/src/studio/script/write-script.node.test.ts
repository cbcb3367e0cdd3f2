import { describe, expect, it } from 'vitest'
import { STUDIO_TONES, studioBriefSchema, studioScriptSchema } from '../../../../contracts/studio'
import { spokenSeconds, spokenWordCount } from '../../../../contracts/studio-spoken'
import { DRESS_ID, dressBrief, PHONE_ID, phoneBrief } from './fixtures'
import { validateScript, voiceChunks, writeScript } from './write-script'

const seconds = (s: { scenes: { say: string }[]; language: string }) => s.scenes.reduce((n, x) => n + spokenSeconds(x.say, s.language), 0)

describe('spokenWordCount', () => {
  it('counts numbers as the words they are spoken as', () => {
    expect(spokenWordCount('4,500')).toBe(4) // four thousand five hundred
    expect(spokenWordCount('KSh 4,500')).toBe(5)
    expect(spokenWordCount('only 3 left')).toBe(3)
    expect(spokenWordCount('21 days')).toBe(3)
    expect(spokenWordCount('1,250,000')).toBe(6) // one million two hundred fifty thousand
    expect(spokenWordCount('20% off')).toBe(3)
  })
})

describe('template writer', () => {
  it('writes a valid, catalog-true script offline with a zero-cost line', async () => {
    const brief = dressBrief()
    const { script, cost, fallback } = await writeScript(brief, { openai: null })
    expect(studioScriptSchema.parse(script)).toEqual(script)
    expect(fallback).toBeUndefined()
    expect(cost).toEqual([{ step: 'script', provider: 'template', unit: 'requests', quantity: 1, usd: 0 }])
    expect(validateScript(script, brief)).toEqual([])
    expect(script.scenes[0]?.kind).toBe('hook')
    expect(script.scenes.at(-1)?.kind).toBe('cta')
    expect(script.caption).toContain('KSh 4,500')
    expect(script.scenes.map((s) => s.say).join(' ')).toMatch(/WhatsApp/)
  })

  it('is deterministic, and batch variants differ', async () => {
    const a = await writeScript(dressBrief(), { openai: null })
    const b = await writeScript(dressBrief(), { openai: null })
    expect(a.script).toEqual(b.script)
    const v1 = await writeScript(dressBrief({ variant: 1 }), { openai: null })
    const v2 = await writeScript(dressBrief({ variant: 2 }), { openai: null })
    const hooks = new Set([a, v1, v2].map((w) => w.script.scenes[0]?.say))
    expect(hooks.size).toBe(3)
  })

  it.each([15, 30, 60, 90])('lands within ±10 percent of %i s for every tone', async (targetSeconds) => {
    for (const tone of STUDIO_TONES) {
      for (const brief of [dressBrief({ voice: { tone, targetSeconds } }), phoneBrief({ tone, targetSeconds })]) {
        const { script } = await writeScript(brief, { openai: null })
        const s = seconds(script)
        expect(s, `${tone} ${targetSeconds}`).toBeGreaterThanOrEqual(targetSeconds * 0.9)
        expect(s, `${tone} ${targetSeconds}`).toBeLessThanOrEqual(targetSeconds * 1.1)
        expect(validateScript(script, brief)).toEqual([])
      }
    }
  })
})

describe('validateScript', () => {
  it('flags invented prices, discounts and stock, and avoided words', async () => {
    const brief = phoneBrief({ wordsToAvoid: ['cheap'] })
    const { script } = await writeScript(brief, { openai: null })
    const bad = structuredClone(script)
    const value = bad.scenes[1] as (typeof bad.scenes)[number]
    value.say = 'Now only KSh 1,999, 30% off with code SAVE30. Only 2 left, so cheap!'
    const codes = validateScript(bad, brief).map((i) => i.code)
    expect(codes).toEqual(expect.arrayContaining(['unsupported_price', 'unsupported_discount', 'unsupported_stock', 'avoided_word']))
  })
})

describe('voiceChunks', () => {
  it('splits each line into 2–6 word chunks that give the line back, never splitting a price', async () => {
    const { script } = await writeScript(dressBrief({ voice: { targetSeconds: 60 } }), { openai: null })
    const chunks = voiceChunks(script)
    for (const s of script.scenes) {
      const mine = chunks.filter((c) => c.sceneId === s.id)
      expect(mine.map((c) => c.text).join(' ')).toBe(s.say.split(/\s+/).join(' '))
      expect(mine.map((c) => c.id)).toEqual(mine.map((_, i) => `${s.id}-${i + 1}`))
    }
    for (const c of chunks) {
      const n = c.text.split(/\s+/).length
      expect(n, c.text).toBeLessThanOrEqual(6)
      expect(n, c.text).toBeGreaterThanOrEqual(2)
      expect(c.text).not.toMatch(/KSh$/)
    }
  })
})

describe('template writer: languages, sources, brand voice', () => {
  const topicOnly = (voice: Record<string, unknown> = {}) =>
    studioBriefSchema.parse({
      ...dressBrief({ voice }),
      source: { kind: 'topic', topic: 'Three ways to care for cotton clothes so they last for years', productIds: [] },
      products: [],
    })
  const collection = (voice: Record<string, unknown> = {}) =>
    studioBriefSchema.parse({
      ...dressBrief({ voice }),
      source: { kind: 'collection', productIds: [DRESS_ID, PHONE_ID], title: 'Weekend' },
      products: [...dressBrief().products, ...phoneBrief().products],
    })

  it.each(['sw', 'pt-BR', 'es'])('%s: every tone and length lands within ±10 percent with no issues', async (language) => {
    for (const targetSeconds of [15, 30, 60, 90])
      for (const tone of STUDIO_TONES)
        for (const brief of [
          dressBrief({ voice: { tone, targetSeconds, language } }),
          phoneBrief({ tone, targetSeconds, language }),
          topicOnly({ tone, targetSeconds, language }),
        ]) {
          const { script } = await writeScript(brief, { openai: null })
          expect(validateScript(script, brief), `${language} ${tone} ${targetSeconds}`).toEqual([])
          expect(script.language).toBe(language)
        }
  })

  it('writes Swahili from Swahili templates, and skips an English description', async () => {
    const { script } = await writeScript(dressBrief({ voice: { language: 'sw', targetSeconds: 60 } }), { openai: null })
    const said = script.scenes.map((s) => s.say).join(' ')
    expect(said).toMatch(/Ilikuwa KSh 5,500, sasa ni KSh 4,500\./)
    expect(said).toMatch(/Zimebaki 3 tu\./)
    expect(said).toMatch(/kupitia WhatsApp/)
    expect(said).not.toMatch(/soft cotton print/)
  })

  it('falls back to English for a language without templates, and says so', async () => {
    const brief = dressBrief({ voice: { language: 'fr' } })
    const { script } = await writeScript(brief, { openai: null })
    expect(script.writer).toMatch(/no fr templates, English/)
    expect(script.language).toBe('en')
    expect(script.scenes.at(-1)?.say).toMatch(/WhatsApp/)
  })

  it('gives a collection one scene per product, with that product’s facts and photo only', async () => {
    const brief = collection({ targetSeconds: 60 })
    const { script } = await writeScript(brief, { openai: null })
    expect(validateScript(script, brief)).toEqual([])
    const points = script.scenes.filter((s) => s.kind === 'point')
    expect(points.map((p) => p.onScreen)).toEqual(['Ankara Wrap Dress', 'Wireless Earbuds Pro'])
    expect(points[0]?.say).toMatch(/KSh 4,500/)
    expect(points[1]?.say).toMatch(/KSh 2,500/)
    // the earbuds have no sizes, no stock count and no photo
    expect(points[1]?.say).not.toMatch(/sizes|left/)
    expect(points[1]?.visual).toEqual({ kind: 'card' })
    expect(points[0]?.visual).toEqual({ kind: 'photo', key: 'p/dress-1.jpg' })
  })

  it('makes a topic with no products value-led, with no price, stock or discount claims', async () => {
    for (const targetSeconds of [15, 30, 60, 90]) {
      const brief = topicOnly({ targetSeconds })
      const { script } = await writeScript(brief, { openai: null })
      expect(validateScript(script, brief)).toEqual([])
      const said = script.scenes.map((s) => s.say).join(' ')
      expect(said).toMatch(/Three ways to care for cotton clothes/)
      expect(said).not.toMatch(/KSh|left|was /)
      expect(script.scenes.every((s) => s.visual.kind === 'card')).toBe(true)
    }
  })

  it('uses a short topic as the hook', async () => {
    const brief = studioBriefSchema.parse({ ...dressBrief(), source: { kind: 'topic', topic: 'How do you style a wrap dress', productIds: [DRESS_ID] } })
    const { script } = await writeScript(brief, { openai: null })
    expect(script.scenes[0]?.say).toBe('How do you style a wrap dress?')
    expect(validateScript(script, brief)).toEqual([])
  })

  it('works the shop’s words in and never says the avoided ones', async () => {
    const avoid = ['favourite', 'today', 'ankara', 'WhatsApp']
    for (const tone of STUDIO_TONES)
      for (const variant of [0, 1, 2]) {
        const brief = dressBrief({ variant, voice: { tone, wordsToUse: ['Style that speaks'], wordsToAvoid: avoid } })
        const { script } = await writeScript(brief, { openai: null })
        const all = [...script.scenes.flatMap((s) => [s.say, s.onScreen]), script.caption, ...script.hashtags].join(' ')
        for (const w of avoid) expect(all.toLowerCase(), `${tone}/${variant}`).not.toMatch(new RegExp(`\\b${w.toLowerCase()}\\b`))
        expect(all).toMatch(/Style that speaks/)
        expect(validateScript(script, brief)).toEqual([])
      }
  })

  it('uses photos in order, then covers, for the scenes; a card when the product has none', async () => {
    const { script } = await writeScript(dressBrief(), { openai: null })
    expect(script.scenes.slice(0, 3).map((s) => s.visual)).toEqual([
      { kind: 'photo', key: 'p/dress-1.jpg' },
      { kind: 'photo', key: 'p/dress-2.jpg' },
      { kind: 'cover', key: 'c/dress-cover.jpg' },
    ])
    const bare = await writeScript(phoneBrief(), { openai: null })
    expect(bare.script.scenes.every((s) => s.visual.kind === 'card')).toBe(true)
  })

  it('puts price and call to action in the caption, with 3–8 valid hashtags', async () => {
    for (const brief of [dressBrief(), phoneBrief(), collection(), topicOnly()]) {
      const { script } = await writeScript(brief, { openai: null })
      expect(script.hashtags.length).toBeGreaterThanOrEqual(3)
      expect(script.hashtags.length).toBeLessThanOrEqual(8)
      expect(script.caption).toMatch(/Order (on|in)/)
    }
    expect((await writeScript(dressBrief(), { openai: null })).script.caption).toBe(
      'Ankara Wrap Dress: KSh 4,500 (was KSh 5,500). Code ADA10. Order on WhatsApp.',
    )
  })

  it('never claims low stock when stock is untracked or plentiful', async () => {
    for (const stock of [null, 40]) {
      const brief = dressBrief()
      ;(brief.products[0] as { stock: number | null }).stock = stock
      for (const targetSeconds of [15, 60, 90]) {
        const b = { ...brief, voice: { ...brief.voice, targetSeconds } }
        const { script } = await writeScript(b, { openai: null })
        expect(script.scenes.map((s) => s.say).join(' ')).not.toMatch(/left|selling/i)
        expect(validateScript(script, b)).toEqual([])
      }
    }
  })
})

describe('voiceChunks in every language', () => {
  it.each(['en', 'sw', 'pt', 'es'])('%s: 2–6 words per chunk, lines given back, prices whole', async (language) => {
    for (const tone of STUDIO_TONES)
      for (const targetSeconds of [15, 90]) {
        const { script } = await writeScript(dressBrief({ voice: { language, tone, targetSeconds } }), { openai: null })
        const chunks = voiceChunks(script)
        for (const s of script.scenes)
          expect(
            chunks
              .filter((c) => c.sceneId === s.id)
              .map((c) => c.text)
              .join(' '),
          ).toBe(s.say.split(/\s+/).join(' '))
        for (const c of chunks) {
          const n = c.text.split(/\s+/).length
          expect(n, c.text).toBeLessThanOrEqual(6)
          expect(c.text).not.toMatch(/KSh$|^\d/)
        }
      }
  })

  it('keeps a short list together and does not end a chunk on "the"', async () => {
    const { script } = await writeScript(dressBrief(), { openai: null })
    const texts = voiceChunks(script).map((c) => c.text)
    expect(texts).toContain('like S, M and L.')
    for (const t of texts) expect(t).not.toMatch(/\b(the|a|to)$/i)
  })
})
