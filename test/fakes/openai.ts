import { createFakeServer, type FakeServer } from './fake-server'

/**
 * Fake OpenAI API (chat completions with structured outputs, and speech). By default the chat
 * reply is `{}` as content, which fails any real schema, so callers fall back to rules; tests
 * script real replies with `POST /__script` ({ path: '/chat/completions', status: 200, body }).
 * Moderation flags any input containing `FLAGME` (harassment 0.9), scores `REVIEWME` at 0.5 and
 * everything else at 0.01, one result per input, so tests can drive each safety decision.
 */
export async function createOpenAiFake(): Promise<FakeServer> {
  return createFakeServer('openai', (call) => {
    if (call.method === 'POST' && call.path.endsWith('/chat/completions')) {
      const body = call.body as { model?: string }
      return {
        status: 200,
        body: {
          id: `chatcmpl-fake${Date.now()}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: body?.model ?? 'gpt-4o-mini',
          choices: [{ index: 0, message: { role: 'assistant', content: '{}', refusal: null }, finish_reason: 'stop', logprobs: null }],
          usage: { prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 },
        },
      }
    }
    if (call.method === 'POST' && call.path.endsWith('/moderations')) {
      const body = call.body as { model?: string; input?: unknown }
      const inputs = Array.isArray(body?.input) ? body.input : [body?.input ?? '']
      return {
        status: 200,
        body: {
          id: `modr-fake${Date.now()}`,
          model: body?.model ?? 'omni-moderation-latest',
          results: inputs.map((input) => moderationResult(moderationText(input))),
        },
      }
    }
    if (call.method === 'POST' && call.path.endsWith('/audio/speech')) {
      // A short silent WAV: callers only need a decodable audio stream.
      const samples = 8000
      const buf = Buffer.alloc(44 + samples * 2)
      buf.write('RIFF', 0)
      buf.writeUInt32LE(36 + samples * 2, 4)
      buf.write('WAVEfmt ', 8)
      buf.writeUInt32LE(16, 16)
      buf.writeUInt16LE(1, 20)
      buf.writeUInt16LE(1, 22)
      buf.writeUInt32LE(8000, 24)
      buf.writeUInt32LE(16000, 28)
      buf.writeUInt16LE(2, 32)
      buf.writeUInt16LE(16, 34)
      buf.write('data', 36)
      buf.writeUInt32LE(samples * 2, 40)
      return { status: 200, raw: buf, headers: { 'content-type': 'audio/wav' } }
    }
    return { status: 404, body: { error: { message: `Unknown request URL: ${call.method} ${call.path}`, type: 'invalid_request_error' } } }
  })
}

const MODERATION_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const

function moderationText(input: unknown): string {
  if (typeof input === 'string') return input
  if (input && typeof input === 'object' && 'text' in input) return String((input as { text: unknown }).text)
  return ''
}

function moderationResult(text: string) {
  const score = text.includes('FLAGME') ? 0.9 : text.includes('REVIEWME') ? 0.5 : 0.01
  const categories = Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, c === 'harassment' && score >= 0.9]))
  const scores = Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, c === 'harassment' ? score : 0.01]))
  const applied = Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, ['text']]))
  return { flagged: score >= 0.9, categories, category_scores: scores, category_applied_input_types: applied }
}
