import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { FakeServer } from '../../../../test/fakes/fake-server'
import { createOpenAiFake } from '../../../../test/fakes/openai'
import type { OpenAiAccess } from '../openai-access-type'
import { phoneBrief } from './fixtures'
import { SCRIPT_SYSTEM_PROMPT } from './openai-writer'
import { validateScript, writeScript } from './write-script'

let fake: FakeServer
let access: NonNullable<OpenAiAccess>
beforeAll(async () => {
  fake = await createOpenAiFake()
  access = { apiKey: 'sk-test', baseURL: fake.url, model: 'gpt-4o-mini', source: 'hub' }
})
afterAll(() => fake.close())
beforeEach(() => fake.reset())

// 87 spoken words ≈ 28.5 s at English's 183 wpm: inside ±10 % of 30 s, every fact from the brief.
const goodScript = {
  scenes: [
    { kind: 'hook', say: 'Tired of tangled wires?', onScreen: 'No more tangles' },
    { kind: 'value', say: 'Meet the Wireless Earbuds Pro, just KSh 2,500 at Kilimani Gadgets.', onScreen: 'Wireless Earbuds Pro' },
    {
      kind: 'point',
      say: 'They pair in seconds with your phone, so you can take calls and play music without fiddling with cables.',
      onScreen: 'Pairs in seconds',
    },
    { kind: 'point', say: 'The compact case slips into any pocket, ready for the commute, the gym or a long walk.', onScreen: 'Pocket size' },
    {
      kind: 'point',
      say: 'Clear sound for podcasts, playlists and video calls, wherever your day takes you, from the morning matatu to a late night at home.',
      onScreen: 'Clear sound',
    },
    { kind: 'cta', say: 'Send us a message on Telegram and order yours today.', onScreen: 'Order on Telegram' },
  ],
  caption: 'Wireless Earbuds Pro, KSh 2,500. Order on Telegram.',
  hashtags: ['#earbuds', 'tech', '#Kilimani Gadgets'],
}

const completion = (
  content: unknown,
  usage = { prompt_tokens: 900, completion_tokens: 210, total_tokens: 1110, prompt_tokens_details: { cached_tokens: 768 } },
) => ({
  id: 'chatcmpl-test',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(content), refusal: null }, finish_reason: 'stop', logprobs: null }],
  usage,
})

describe('writeScript with OpenAI (fake)', () => {
  it('uses a valid structured reply, with token costs, the fixed prompt first and the brief last', async () => {
    fake.script({ path: '/chat/completions', status: 200, body: completion(goodScript) })
    const brief = phoneBrief()
    const { script, cost, fallback } = await writeScript(brief, { openai: access, backoffMs: 1 })
    expect(fallback).toBeUndefined()
    expect(script.writer).toBe('openai:gpt-4o-mini')
    expect(script.scenes.map((s) => s.id)).toEqual(['hook', 'value', 'point-1', 'point-2', 'point-3', 'cta'])
    expect(script.hashtags).toEqual(['#earbuds', '#tech', '#kilimanigadgets'])
    expect(validateScript(script, brief)).toEqual([])
    const prompt = cost.find((c) => c.step === 'script:prompt')
    expect(prompt?.quantity).toBe(900)
    // 132 uncached at $0.15/M + 768 cached at $0.075/M
    expect(prompt?.usd).toBeCloseTo(132 * 0.15e-6 + 768 * 0.075e-6, 12)
    expect(cost.find((c) => c.step === 'script:completion')?.usd).toBeCloseTo(210 * 0.6e-6, 12)
    expect(cost.find((c) => c.unit === 'requests')?.quantity).toBe(1)

    const call = fake.calls.find((c) => c.path.endsWith('/chat/completions'))
    const body = call?.body as {
      messages: { role: string; content: string }[]
      response_format: { type: string; json_schema: { name: string; strict: boolean } }
    }
    expect(body.messages[0]).toEqual({ role: 'system', content: SCRIPT_SYSTEM_PROMPT })
    expect(body.messages[1]?.role).toBe('user')
    expect(JSON.parse(body.messages[1]?.content ?? '{}')).toMatchObject({
      target_seconds: 30,
      target_words: 92, // 30 s of English at 183 wpm
      products: [{ title: 'Wireless Earbuds Pro', price: 'KSh 2,500', was: null }],
    })
    expect(body.response_format.type).toBe('json_schema')
    expect(body.response_format.json_schema.name).toBe('studio_script')
  })

  it('sends the identical system prompt for a different brief (prompt caching of the fixed part)', async () => {
    await writeScript(phoneBrief({ tone: 'urgent', targetSeconds: 60 }), { openai: access, backoffMs: 1 })
    await writeScript(phoneBrief({ tone: 'premium', targetSeconds: 15, language: 'sw' }), { openai: access, backoffMs: 1 })
    const systems = fake.calls.map((c) => (c.body as { messages: { content: string }[] }).messages[0]?.content)
    expect(systems).toHaveLength(2)
    expect(systems[0]).toBe(systems[1])
  })

  it('falls back to the templates when the reply claims a price the catalog does not have', async () => {
    const bad = structuredClone(goodScript)
    ;(bad.scenes[1] as { say: string }).say = 'Meet the Wireless Earbuds Pro, today only KSh 1,999 at Kilimani Gadgets.'
    fake.script({ path: '/chat/completions', status: 200, body: completion(bad) })
    const brief = phoneBrief()
    const { script, fallback, cost } = await writeScript(brief, { openai: access, backoffMs: 1 })
    expect(fallback).toMatch(/^invalid script: unsupported_price \(value\)/)
    expect(script.writer).toMatch(/^template:/)
    expect(validateScript(script, brief)).toEqual([])
    // the tokens were spent all the same
    expect(cost.find((c) => c.step === 'script:prompt')?.quantity).toBe(900)
    expect(cost.find((c) => c.provider === 'template')).toBeDefined()
  })

  it('falls back when the reply is too long for the target', async () => {
    fake.script({ path: '/chat/completions', status: 200, body: completion(goodScript) })
    const { fallback } = await writeScript(phoneBrief({ targetSeconds: 15 }), { openai: access, backoffMs: 1 })
    expect(fallback).toMatch(/too_long/)
  })

  it('falls back when the default fake reply ({}) does not fit the schema', async () => {
    const { fallback, script } = await writeScript(phoneBrief(), { openai: access, backoffMs: 1 })
    expect(fallback).toMatch(/ZodError|invalid/i)
    expect(script.writer).toMatch(/^template:/)
  })

  it('retries a 500 once, then falls back with the reason', async () => {
    fake.script({ path: '/chat/completions', status: 500, body: { error: { message: 'upstream down', type: 'server_error' } }, times: 2 })
    const { fallback, script, cost } = await writeScript(phoneBrief(), { openai: access, backoffMs: 1 })
    expect(fake.calls.filter((c) => c.path.endsWith('/chat/completions'))).toHaveLength(2)
    expect(fallback).toMatch(/openai 500/)
    expect(script.writer).toMatch(/^template:/)
    expect(cost.find((c) => c.unit === 'requests' && c.provider.startsWith('openai'))?.quantity).toBe(2)
  })

  it('uses the reply after one 429', async () => {
    fake.script({ path: '/chat/completions', status: 429, body: { error: { message: 'slow down', type: 'rate_limit' } } })
    fake.script({ path: '/chat/completions', status: 200, body: completion(goodScript) })
    const { fallback, script } = await writeScript(phoneBrief(), { openai: access, backoffMs: 1 })
    expect(fallback).toBeUndefined()
    expect(script.writer).toBe('openai:gpt-4o-mini')
    expect(fake.calls).toHaveLength(2)
  })
})
