// Voice-over: OpenAI speech when a key is configured, else espeak-ng when installed, else none.
import { execFile, spawn } from 'node:child_process'
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
  const voice = language?.toLowerCase().split(/[-_]/)[0]
  return speakWithEspeak(text, outFile, { voice: voice && /^[a-z]{2,3}$/.test(voice) ? voice : undefined, wordsPerMinute: 160, signal })
}

/**
 * espeak-ng speaks `text` into a WAV at `outFile` with an explicit voice (e.g. "en+f3", a
 * language plus a variant) and speed. The text goes through stdin, never argv, so nothing in
 * it can become an option; the voice is the caller's checked value.
 */
export function speakWithEspeak(text: string, outFile: string, o: { voice?: string; wordsPerMinute: number; signal?: AbortSignal }): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = ['-w', outFile, '-s', String(o.wordsPerMinute), ...(o.voice ? ['-v', o.voice] : []), '--stdin']
    const child = spawn('espeak-ng', args, { stdio: ['pipe', 'ignore', 'pipe'], signal: o.signal })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}: ${stderr.trim().slice(0, 200)}`))))
    child.stdin.end(text)
  })
}

/**
 * espeak-ng's voice name: the language as espeak-ng knows it ("pt-br", "en") plus the variant
 * ("f3"). Languages espeak-ng does not have fall back to their base tag, then English.
 */
export async function espeakVoice(language: string, variant: string): Promise<string> {
  const known = await espeakLanguages()
  const tag = language.toLowerCase().replace(/_/g, '-')
  const base = tag.split('-')[0]
  return `${known.has(tag) ? tag : known.has(base) ? base : 'en'}+${variant}`
}

let languages: Promise<Set<string>> | undefined
/** The languages the installed espeak-ng speaks (`espeak-ng --voices`: the second column), read once. */
function espeakLanguages(): Promise<Set<string>> {
  languages ??= new Promise((resolve) => {
    execFile('espeak-ng', ['--voices'], (err, stdout) => {
      const set = new Set<string>(['en'])
      if (!err) for (const line of stdout.split('\n').slice(1)) set.add(line.trim().split(/\s+/)[1]?.toLowerCase() ?? 'en')
      resolve(set)
    })
  })
  return languages
}
