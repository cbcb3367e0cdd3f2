// Voice-over: OpenAI speech when a key is configured, else espeak-ng when installed, else none.
import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import OpenAI from 'openai'

export type SpeechEngine = 'openai' | 'espeak-ng'

export type SpeechOptions = {
  openai?: { apiKey: string; baseURL: string }
  /** BCP 47 language of the text, for espeak-ng's voice. */
  language?: string
  signal?: AbortSignal
}

/**
 * Speaks `text` into a WAV file at `outFile`. Returns the engine that did it, or null when none
 * could (no key and no espeak-ng): a promo without voice-over is still a promo. An OpenAI failure
 * falls back to espeak-ng; `errors` says what went wrong for the job's meta.
 */
export async function synthesizeSpeech(text: string, outFile: string, o: SpeechOptions): Promise<{ engine: SpeechEngine | null; errors: string[] }> {
  const errors: string[] = []
  if (o.openai) {
    try {
      const client = new OpenAI({ apiKey: o.openai.apiKey, baseURL: o.openai.baseURL, maxRetries: 1, timeout: 30_000 })
      const response = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: text, response_format: 'wav' }, { signal: o.signal })
      await writeFile(outFile, Buffer.from(await response.arrayBuffer()))
      return { engine: 'openai', errors }
    } catch (err) {
      errors.push(`openai: ${String((err as Error).message).slice(0, 200)}`)
    }
  }
  try {
    await espeak(text, outFile, o.language, o.signal)
    return { engine: 'espeak-ng', errors }
  } catch (err) {
    errors.push(`espeak-ng: ${String((err as Error).message).slice(0, 200)}`)
  }
  return { engine: null, errors }
}

function espeak(text: string, outFile: string, language: string | undefined, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    // text goes through stdin, never argv: nothing in it can become an option
    const voice = language?.toLowerCase().split(/[-_]/)[0]
    const args = ['-w', outFile, '-s', '160', ...(voice && /^[a-z]{2,3}$/.test(voice) ? ['-v', voice] : []), '--stdin']
    const child = spawn('espeak-ng', args, { stdio: ['pipe', 'ignore', 'pipe'], signal })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}: ${stderr.trim().slice(0, 200)}`))))
    child.stdin.end(text)
  })
}
