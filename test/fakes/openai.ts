import sharp from 'sharp'
import { createFakeServer, type FakeServer } from './fake-server'

/**
 * Fake OpenAI API (chat completions with structured outputs, speech, moderation, image generation). By default the chat
 * reply is `{}` as content, which fails any real schema, so callers fall back to rules; tests
 * script real replies with `POST /__script` ({ path: '/chat/completions', status: 200, body }).
 * Moderation flags any input containing `FLAGME` (harassment 0.9), scores `REVIEWME` at 0.5 and
 * everything else at 0.01, one result per input, so tests can drive each safety decision.
 */
export async function createOpenAiFake(): Promise<FakeServer> {
  return createFakeServer('openai', async (call) => {
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
    if (call.method === 'POST' && call.path.endsWith('/images/generations')) {
      // A real PNG of the asked size: a vertical gradient whose colours follow the prompt, so two
      // scenes get two different pictures and a test can tell them apart in the frames.
      const body = call.body as { prompt?: string; size?: string; model?: string }
      const [w, h] = /^(\d+)x(\d+)$/
        .exec(body?.size ?? '')
        ?.slice(1)
        .map(Number) ?? [1024, 1536]
      const hue = [...(body?.prompt ?? '')].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 360, 7)
      const png = await gradientPng(w as number, h as number, hue)
      return {
        status: 200,
        body: {
          created: Math.floor(Date.now() / 1000),
          data: [{ b64_json: png.toString('base64') }],
          usage: { input_tokens: 60, output_tokens: 272, total_tokens: 332, input_tokens_details: { text_tokens: 60, image_tokens: 0 } },
        },
      }
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

/** A top-to-bottom gradient from the hue to its complement, as PNG. */
async function gradientPng(w: number, h: number, hue: number): Promise<Buffer> {
  const rgb = (deg: number) => {
    const f = (n: number) => {
      const k = (n + deg / 30) % 12
      return Math.round(255 * (0.5 - 0.4 * Math.max(-1, Math.min(k - 3, 9 - k, 1))))
    }
    return [f(0), f(8), f(4)]
  }
  const [a, b] = [rgb(hue), rgb((hue + 180) % 360)]
  const raw = Buffer.alloc(w * h * 3)
  for (let y = 0; y < h; y++) {
    const t = y / (h - 1)
    const px = [0, 1, 2].map((i) => Math.round((a[i] as number) * (1 - t) + (b[i] as number) * t))
    for (let x = 0; x < w; x++) raw.set(px, (y * w + x) * 3)
  }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .png({ compressionLevel: 1 })
    .toBuffer()
}
