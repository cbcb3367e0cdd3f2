// The studio's writer and safety checker run inside the Workflow, in workerd: the word lists
// (JSON), obscenity's matcher, Intl number formatting and the OpenAI SDK must all load there,
// and give the same answers as in Node.
//
// NOTE: obscenity ships an ESM wrapper (dist/index.mjs) that default-imports its CommonJS build;
// wrangler's esbuild bundle handles that (checked with `wrangler dev`), but the vitest workers
// pool does not unless the worker projects in vitest.config.ts pre-bundle it:
//   test: { …, deps: { optimizer: { ssr: { enabled: true, include: ['obscenity'] } } } }
// Without that line every worker test that imports the safety checker fails to load.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { checkSafety, safetyItemsOf } from './safety/check-safety'
import { dressBrief } from './script/fixtures'
import { validateScript, voiceChunks, writeScript } from './script/write-script'

describe('studio writer and safety inside workerd', () => {
  it('writes, validates and chunks a script offline', async () => {
    const brief = dressBrief({ voice: { language: 'sw', targetSeconds: 30 } })
    const { script, cost } = await writeScript(brief, { openai: null })
    expect(validateScript(script, brief)).toEqual([])
    expect(cost[0]?.provider).toBe('template')
    expect(voiceChunks(script).length).toBeGreaterThan(5)
    expect(script.caption).toBe('Ankara Wrap Dress: KSh 4,500 (ilikuwa KSh 5,500). Code ADA10. Agiza kupitia WhatsApp.')
  })

  it('checks safety with the word lists and obscenity, and moderation through the fake', async () => {
    const { script } = await writeScript(dressBrief(), { openai: null })
    const clean = await checkSafety(safetyItemsOf(script), { products: dressBrief().products, allowlist: [], language: 'en', openai: null })
    expect(clean.verdict.decision).toBe('allow')
    const bad = await checkSafety([{ field: 'caption', text: 'que merda, only 2 left!! f\u200Buck' }], {
      products: [],
      allowlist: [],
      language: 'pt',
      openai: null,
    })
    expect(bad.verdict.hits.map((h) => h.category).sort()).toEqual(['fake_scarcity', 'profanity', 'profanity'])
    const base = (env as unknown as { OPENAI_BASE_URL: string }).OPENAI_BASE_URL
    const moderated = await checkSafety([{ field: 'caption', text: 'FLAGME' }], {
      products: [],
      allowlist: [],
      language: 'en',
      openai: { apiKey: 'sk-test', baseURL: base, model: 'gpt-4o-mini', source: 'hub' },
    })
    expect(moderated.verdict.providers).toEqual(['rules', 'openai-moderation'])
    expect(moderated.verdict.decision).toBe('block')
  })
})
