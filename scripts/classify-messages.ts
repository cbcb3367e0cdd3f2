// npm run --silent classify-messages [-- --ai] – JSON lines {"id","text"} on stdin → {"id","intent","entities"} on stdout.
// Rules only unless --ai (then OPENAI_API_KEY, optional OPENAI_BASE_URL / OPENAI_MODEL, asked only when the rules are unsure).
// A bad line gets {"id":...,"error":"..."} and the run goes on.

import { createInterface } from 'node:readline'
import { z } from 'zod'
import { ENTITY_KEYS, type MessageEntities } from '../workers/src/bot/intent/intents'
import { type AiConfig, understandMessage } from '../workers/src/bot/intent/understand-message'

const inputLineSchema = z.object({
  id: z.union([z.string(), z.number()]),
  text: z.string(),
})

const envSchema = z.object({
  OPENAI_API_KEY: z.string({ error: 'OPENAI_API_KEY is required with --ai' }).min(1, 'OPENAI_API_KEY is required with --ai'),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().min(1).optional(),
})

function readAiConfig(): AiConfig {
  const env = envSchema.parse(process.env)
  return { apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL }
}

/** Only the documented entity keys, in a fixed order, absent ones left out. */
function pickEntities(entities: MessageEntities): MessageEntities {
  const out: Record<string, unknown> = {}
  for (const key of ENTITY_KEYS) if (entities[key] !== undefined) out[key] = entities[key]
  return out as MessageEntities
}

function idOf(raw: unknown): unknown {
  if (raw && typeof raw === 'object' && 'id' in raw) {
    const id = (raw as { id: unknown }).id
    if (typeof id === 'string' || typeof id === 'number') return id
  }
  return null
}

async function main() {
  let aiConfig: AiConfig | undefined
  if (process.argv.includes('--ai')) {
    try {
      aiConfig = readAiConfig()
    } catch (err) {
      const message = err instanceof z.ZodError ? err.issues.map((i) => i.message).join('; ') : String(err)
      process.stderr.write(`classify-messages: ${message}\n`)
      process.exitCode = 2
      return
    }
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })
  for await (const line of lines) {
    if (line.trim() === '') continue
    let raw: unknown
    try {
      raw = JSON.parse(line)
    } catch {
      process.stdout.write(`${JSON.stringify({ id: null, error: 'line is not valid JSON' })}\n`)
      continue
    }
    const parsed = inputLineSchema.safeParse(raw)
    if (!parsed.success) {
      const error = parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ')
      process.stdout.write(`${JSON.stringify({ id: idOf(raw), error })}\n`)
      continue
    }
    const result = await understandMessage(parsed.data.text, aiConfig)
    process.stdout.write(`${JSON.stringify({ id: parsed.data.id, intent: result.intent, entities: pickEntities(result.entities) })}\n`)
  }
}

await main()
