import OpenAI from 'openai'
import type { CostLine } from '../../../contracts/studio'
import type { OpenAiAccess } from './openai-access'

/** OpenAI's TTS voices; a brand voice naming one of them is used as is when keyed. */
const OPENAI_VOICES = new Set(['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer', 'verse'])
export const TTS_MODEL = 'tts-1'
/** tts-1 list price: $15 per million characters. */
const TTS_USD_PER_CHARACTER = 15 / 1_000_000

export const openAiVoiceOf = (voice: string) => (OPENAI_VOICES.has(voice) ? voice : 'alloy')
/** espeak-ng variants look like `f3`, `m1`, `en+f3`; anything else (an OpenAI voice name) falls back to f3. */
export const espeakVoiceOf = (voice: string) => (/^[a-z0-9+_-]{1,40}$/.test(voice) && !OPENAI_VOICES.has(voice) ? voice : 'f3')

/**
 * Speaks each caption chunk with OpenAI TTS (WAV, so the render node concatenates and measures
 * it exactly like its own espeak output) and puts the audio in R2 under `prefix`. One request
 * per chunk keeps subtitle timing exact: each cue starts where its own audio starts.
 */
export async function synthesizeWithOpenAi(
  deps: { media: R2Bucket },
  input: { access: NonNullable<OpenAiAccess>; voice: string; chunks: { id: string; text: string }[]; prefix: string },
): Promise<{ keys: Record<string, string>; cost: CostLine[] }> {
  const client = new OpenAI({ apiKey: input.access.apiKey, baseURL: input.access.baseURL, timeout: 30_000, maxRetries: 1 })
  const keys: Record<string, string> = {}
  let characters = 0
  for (const chunk of input.chunks) {
    const res = await client.audio.speech.create({ model: TTS_MODEL, voice: openAiVoiceOf(input.voice), input: chunk.text, response_format: 'wav' })
    const audio = new Uint8Array(await res.arrayBuffer())
    if (audio.byteLength < 44) throw new Error(`OpenAI TTS returned ${audio.byteLength} bytes for chunk ${chunk.id}`)
    const key = `${input.prefix}voice/${chunk.id}.wav`
    await deps.media.put(key, audio, { httpMetadata: { contentType: 'audio/wav' } })
    keys[chunk.id] = key
    characters += chunk.text.length
  }
  return { keys, cost: [{ step: 'voice', provider: `openai:${TTS_MODEL}`, unit: 'characters', quantity: characters, usd: characters * TTS_USD_PER_CHARACTER }] }
}
