// npm run --silent parse-captions [-- --ai] < captions.jsonl
// Reads JSON lines {"id","text","currency"?} and writes one JSON line per input:
// {"id","prices","ctas","codes","products","sentiment","tags","category"}. Rules only unless
// --ai, which reads OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_MODEL. A bad line prints
// {"id","error"} and the run goes on.
import { createInterface } from 'node:readline'
import { z } from 'zod'
import { toCaptionLine } from '../workers/src/ingest/caption/format-caption-line'
import { type CaptionAiConfig, captionInputLineSchema } from '../workers/src/ingest/caption/schemas'
import { understandCaption } from '../workers/src/ingest/caption/understand-caption'

const envSchema = z.object({
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_MODEL: z.string().min(1).optional(),
})

function aiConfigFromEnv(): CaptionAiConfig | undefined {
  const env = envSchema.parse(process.env)
  if (!env.OPENAI_API_KEY) {
    process.stderr.write('parse-captions: --ai given but OPENAI_API_KEY is not set; using rules only\n')
    return undefined
  }
  return { apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL ?? 'gpt-4o-mini' }
}

function idOf(value: unknown): string | number | null {
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id
    if (typeof id === 'string' || typeof id === 'number') return id
  }
  return null
}

async function main() {
  const aiConfig = process.argv.includes('--ai') ? aiConfigFromEnv() : undefined
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })
  for await (const line of lines) {
    if (!line.trim()) continue
    let raw: unknown
    try {
      raw = JSON.parse(line)
    } catch {
      process.stdout.write(`${JSON.stringify({ id: null, error: 'invalid JSON' })}\n`)
      continue
    }
    const parsed = captionInputLineSchema.safeParse(raw)
    if (!parsed.success) {
      const error = parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ')
      process.stdout.write(`${JSON.stringify({ id: idOf(raw), error })}\n`)
      continue
    }
    const { id, text, currency } = parsed.data
    try {
      const result = await understandCaption(text, { defaultCurrency: currency ?? 'USD' }, aiConfig)
      process.stdout.write(`${JSON.stringify(toCaptionLine(id, result))}\n`)
    } catch (err) {
      process.stdout.write(`${JSON.stringify({ id, error: err instanceof Error ? err.message : 'failed' })}\n`)
    }
  }
}

await main()
