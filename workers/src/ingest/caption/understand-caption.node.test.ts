import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { parseCaption } from './parse-caption'
import type { LlmCaption } from './schemas'
import { understandCaption } from './understand-caption'

// A tiny stand-in for the OpenAI chat-completions endpoint, speaking its wire format.
type Mode = 'ok' | 'http500' | 'garbage' | 'schema' | 'slow'
let mode: Mode = 'ok'
let answer: LlmCaption
const requests: Array<{ path: string; auth: string | undefined; body: Record<string, unknown> }> = []
let server: Server
let baseURL: string

function completion(content: string) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant', content, refusal: null } }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let data = ''
    req.on('data', (c) => {
      data += c
    })
    req.on('end', () => {
      requests.push({ path: req.url ?? '', auth: req.headers.authorization, body: JSON.parse(data || '{}') })
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(typeof body === 'string' ? body : JSON.stringify(body))
      }
      if (mode === 'http500') return send(500, { error: { message: 'boom', type: 'server_error' } })
      if (mode === 'garbage') return send(200, completion('this is not json {'))
      if (mode === 'schema') return send(200, completion(JSON.stringify({ products: 'one', prices: 12 })))
      if (mode === 'slow') return void setTimeout(() => send(200, completion(JSON.stringify(answer))), 1500)
      return send(200, completion(JSON.stringify(answer)))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

beforeEach(() => {
  mode = 'ok'
  requests.length = 0
  answer = {
    products: ['Ankara two-piece set'],
    prices: [
      { amount: 15000, currency: 'NGN', compare_at: false },
      { amount: 99999, currency: 'NGN', compare_at: false },
    ],
    codes: ['ANKARA10', 'MADEUP'],
    ctas: ['dm_to_order', 'follow'],
    comment_keyword: null,
    sentiment: 'positive',
    category: 'apparel',
    tags: ['Ankara', 'two piece'],
  }
})

const caption = 'Ankara two-piece set 😍 ₦15,000 only! Use code ANKARA10. DM to order #lagosfashion'
const config = () => ({ apiKey: 'test-key', baseURL, model: 'gpt-4o-mini', timeoutMs: 1000 })

describe('understanding a caption with the LLM', () => {
  it('asks the configured endpoint for a json_schema answer with the configured model and key', async () => {
    await understandCaption(caption, { defaultCurrency: 'NGN' }, config())
    expect(requests).toHaveLength(1)
    expect(requests[0]?.path).toBe('/v1/chat/completions')
    expect(requests[0]?.auth).toBe('Bearer test-key')
    expect(requests[0]?.body.model).toBe('gpt-4o-mini')
    expect(requests[0]?.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: true } })
  })

  it('merges the LLM answer, keeping only prices and codes that are written in the caption', async () => {
    const result = await understandCaption(caption, { defaultCurrency: 'NGN' }, config())
    expect(result.source).toBe('ai')
    expect(result.prices.map((p) => [p.amount, p.currency, p.role])).toEqual([[15000, 'NGN', 'current']])
    expect(result.codes).toEqual(['ANKARA10'])
    expect(result.ctas.map((c) => c.type)).toEqual(['dm_to_order', 'follow'])
    expect(result.products[0]).toBe('Ankara two-piece set')
    expect(result.sentiment).toBe('positive')
    expect(result.tags).toContain('two-piece')
  })

  it('lets the LLM add a price the rules missed when the amount is in the text', async () => {
    answer = { ...answer, prices: [{ amount: 150000, currency: 'VND', compare_at: false }] }
    const result = await understandCaption('Áo thun 150k freesize', { defaultCurrency: 'VND' }, config())
    expect(result.prices[0]).toMatchObject({ amount: 150000, amountMinor: 150000, currency: 'VND', role: 'current' })
  })

  it('ignores a category that is not in the taxonomy', async () => {
    answer = { ...answer, category: 'spaceships' }
    const result = await understandCaption(caption, { defaultCurrency: 'NGN' }, config())
    expect(result.category).toBe(parseCaption(caption, { defaultCurrency: 'NGN' }).category)
  })

  it.each<[Mode, RegExp]>([
    ['http500', /500/],
    ['garbage', /JSON|Unexpected/i],
    ['schema', /expected|invalid/i],
    ['slow', /timed out|timeout|abort/i],
  ])('falls back to the rules when the endpoint answers %s', async (m, why) => {
    mode = m
    const result = await understandCaption(caption, { defaultCurrency: 'NGN' }, config())
    const rules = parseCaption(caption, { defaultCurrency: 'NGN' })
    expect(result.source).toBe('rules')
    expect(result.aiError).toMatch(why)
    expect({ ...result, aiError: undefined }).toEqual({ ...rules, aiError: undefined })
  })

  it('uses the rules only, without any request, when no key is configured', async () => {
    const result = await understandCaption(caption, { defaultCurrency: 'NGN' }, { baseURL })
    expect(result.source).toBe('rules')
    expect(requests).toHaveLength(0)
  })
})
