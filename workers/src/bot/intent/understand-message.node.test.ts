import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createPhraseMatcher } from './taught-phrases'
import { understandMessage } from './understand-message'

// A tiny OpenAI-compatible server speaking the chat-completions wire format; each test sets how it answers.
type Reply = (body: Record<string, unknown>, res: ServerResponse) => void
let reply: Reply
let requests: Record<string, unknown>[] = []
let server: Server
let baseURL: string

const completion = (content: string) => ({
  id: 'chatcmpl-test',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant', content, refusal: null } }],
  usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
})
const sendJson = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = ''
    req.on('data', (chunk) => {
      raw += chunk
    })
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as Record<string, unknown>
      requests.push({ ...body, _path: req.url, _auth: req.headers.authorization })
      reply(body, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
beforeEach(() => {
  requests = []
})

const UNSURE_MESSAGE = 'zebra lamp' // product-looking words the rules and the model cannot place: an implicit, unsure search

describe('understandMessage', () => {
  it('uses the rules alone when no AI is configured', async () => {
    const result = await understandMessage('where is my order #A1B2C3')
    expect(result).toMatchObject({ intent: 'order_status', source: 'rules', fallbackReason: 'no_ai_config', entities: { orderRef: 'A1B2C3' } })
  })

  it('does not call the model when the rules are confident', async () => {
    reply = (_body, res) => sendJson(res, 500, { error: { message: 'should not be called' } })
    const result = await understandMessage('I want to cancel my order', { apiKey: 'sk-test', baseURL })
    expect(result).toMatchObject({ intent: 'cancel_order', source: 'rules', fallbackReason: 'rules_confident' })
    expect(requests).toHaveLength(0)
  })

  it('asks the model with a json_schema response format when the rules are unsure, and uses its answer', async () => {
    reply = (_body, res) =>
      sendJson(
        res,
        200,
        completion(
          JSON.stringify({
            intent: 'product_question',
            confidence: 0.9,
            entities: { query: 'zebra print lamp', size: null, colour: null, maxPrice: null, minPrice: null, orderRef: null },
          }),
        ),
      )
    const result = await understandMessage(UNSURE_MESSAGE, { apiKey: 'sk-test', baseURL })
    expect(result).toEqual({ intent: 'product_question', confidence: 0.9, entities: { query: 'zebra print lamp' }, source: 'llm' })
    expect(requests).toHaveLength(1)
    const sent = requests[0]
    expect(sent._path).toBe('/v1/chat/completions')
    expect(sent._auth).toBe('Bearer sk-test')
    expect(sent.model).toBe('gpt-4o-mini')
    expect(sent.response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: true, name: 'shopper_message' } })
    expect((sent.messages as { role: string; content: string }[]).at(-1)).toEqual({ role: 'user', content: UNSURE_MESSAGE })
  })

  it("takes the shop's taught phrase for a message the rules are unsure of, without asking the model", async () => {
    reply = (_body, res) => sendJson(res, 500, { error: { message: 'should not be called' } })
    const taught = createPhraseMatcher([{ text: 'zebra lamp', intent: 'availability_question' }])
    const result = await understandMessage(UNSURE_MESSAGE, { apiKey: 'sk-test', baseURL }, { taught })
    expect(result).toMatchObject({ intent: 'availability_question', source: 'taught', taughtPhrase: 'zebra lamp', entities: { query: 'zebra lamp' } })
    expect(requests).toHaveLength(0)
  })

  it("keeps the rules' exact price and reference over the model's", async () => {
    reply = (_body, res) =>
      sendJson(
        res,
        200,
        completion(
          JSON.stringify({
            intent: 'search_product',
            confidence: 0.8,
            entities: { query: 'ergo', size: null, colour: null, maxPrice: 50000, minPrice: null, orderRef: null },
          }),
        ),
      )
    const result = await understandMessage('ergo under 5000', { apiKey: 'sk-test', baseURL, model: 'my-model' })
    expect(result.entities).toMatchObject({ maxPrice: 5000 })
    expect(requests[0].model).toBe('my-model')
  })

  it('falls back to the rules when the model answers HTTP 500', async () => {
    reply = (_body, res) => sendJson(res, 500, { error: { message: 'boom', type: 'server_error' } })
    const result = await understandMessage(UNSURE_MESSAGE, { apiKey: 'sk-test', baseURL })
    expect(result).toMatchObject({ intent: 'search_product', source: 'rules', fallbackReason: 'llm_failed' })
    expect(requests).toHaveLength(1) // no retries: the shopper is waiting
  })

  it('falls back to the rules when the model replies with garbage', async () => {
    reply = (_body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('this is not json {')
    }
    const result = await understandMessage(UNSURE_MESSAGE, { apiKey: 'sk-test', baseURL })
    expect(result).toMatchObject({ source: 'rules', fallbackReason: 'llm_failed' })
  })

  it('falls back to the rules when the model content breaks the schema', async () => {
    reply = (_body, res) => sendJson(res, 200, completion(JSON.stringify({ intent: 'buy_a_boat', confidence: 2 })))
    const result = await understandMessage(UNSURE_MESSAGE, { apiKey: 'sk-test', baseURL })
    expect(result).toMatchObject({ intent: 'search_product', source: 'rules', fallbackReason: 'llm_failed' })
  })

  it('falls back to the rules when the model does not answer in time', async () => {
    reply = () => {} // never answers
    const result = await understandMessage(UNSURE_MESSAGE, { apiKey: 'sk-test', baseURL, timeoutMs: 200 })
    expect(result).toMatchObject({ source: 'rules', fallbackReason: 'llm_failed' })
  })
})
