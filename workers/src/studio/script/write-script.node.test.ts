import { describe, expect, it } from 'vitest'
import { STUDIO_TONES, studioScriptSchema } from '../../../../contracts/studio'
import { dressBrief, phoneBrief } from './fixtures'
import { spokenSeconds, spokenWordCount } from './spoken'
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
