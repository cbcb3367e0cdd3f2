// Rules first, LLM second: ask an OpenAI-compatible model only when the rules are unsure, and fall
// back to the rules on any failure (no key, HTTP error, timeout, reply that breaks the schema).

import OpenAI from 'openai'
import { zodResponseFormat } from 'openai/helpers/zod'
import { z } from 'zod'
import { type ClassifiedMessage, type ClassifyOptions, classifyMessage } from './classify-message'
import { ENTITY_KEYS, INTENTS, intentSchema, type MessageEntities, type MessageUnderstanding } from './intents'

/** Rules at or above this confidence are trusted as they are (no LLM call, no cost). */
export const MIN_RULE_CONFIDENCE = 0.55

/** LLM settings, passed in by the caller (the Worker from its bindings, the CLI from its env). */
export const aiConfigSchema = z.object({
  apiKey: z.string().min(1),
  /** OpenAI-compatible endpoint, e.g. from OPENAI_BASE_URL; the SDK default when absent. */
  baseURL: z.url().optional(),
  model: z.string().min(1).default('gpt-4o-mini'),
  /** Rules at or above this confidence are trusted as they are (no LLM call, no cost). */
  minRuleConfidence: z.number().min(0).max(1).default(MIN_RULE_CONFIDENCE),
  timeoutMs: z.number().int().positive().default(8000),
})
export type AiConfig = z.input<typeof aiConfigSchema>

export interface Understanding extends MessageUnderstanding {
  /** `taught`: one of the shop's taught phrases decided (`taughtPhrase` says which). */
  source: 'rules' | 'llm' | 'taught'
  taughtPhrase?: string
  /** Why the LLM was not used or not believed; absent when the LLM answered. */
  fallbackReason?: 'no_ai_config' | 'rules_confident' | 'llm_failed'
}

// Strict structured outputs need every key present, so absent entities are null on the wire.
const llmReplySchema = z.object({
  intent: intentSchema,
  confidence: z.number().min(0).max(1),
  entities: z.object({
    query: z.string().nullable(),
    size: z.string().nullable(),
    colour: z.string().nullable(),
    maxPrice: z.number().nullable(),
    minPrice: z.number().nullable(),
    orderRef: z.string().nullable(),
  }),
})

const SYSTEM_PROMPT = `You read one message a shopper sent to a shop's WhatsApp/Telegram bot (any language; often English, French, Spanish, Portuguese or Swahili) and classify it.
Intents: ${INTENTS.join(', ')}.
- search_product: names or describes a product they want; browse_catalog: wants to see what is sold without naming a product.
- order_status covers late or missing orders; delivery_question covers delivery areas, times and costs before ordering.
- human_handoff: wants a person, a phone number, or is complaining; opt_out: wants no more messages.
Entities (null when absent): query = the words naming the product only (no colour, size or price words); size as written ("42", "XL", "queen"); colour as an English colour name; maxPrice/minPrice as plain numbers in the shopper's currency ("3k" = 3000); orderRef = order number without "#".`

/**
 * Understand a shopper message: the rules' answer when they are confident or no AI is configured,
 * otherwise the model's structured answer (rules' regex entities win where both found one).
 * Never throws for model trouble: it returns the rules' answer with `fallbackReason: 'llm_failed'`.
 */
export async function understandMessage(
  text: string,
  aiConfig?: AiConfig,
  options: ClassifyOptions & { classified?: ClassifiedMessage } = {},
): Promise<Understanding> {
  // `classified`: the caller already ran the rules on this text (and these taught phrases).
  const { taught, ...rules } = options.classified ?? classifyMessage(text, options)
  if (taught) return { ...rules, source: 'taught', taughtPhrase: taught }
  if (!aiConfig) return { ...rules, source: 'rules', fallbackReason: 'no_ai_config' }
  const config = aiConfigSchema.parse(aiConfig)
  if (rules.confidence >= config.minRuleConfidence) return { ...rules, source: 'rules', fallbackReason: 'rules_confident' }

  try {
    const client = new OpenAI({ apiKey: config.apiKey, baseURL: config.baseURL, timeout: config.timeoutMs, maxRetries: 0 })
    const completion = await client.chat.completions.parse({
      model: config.model,
      temperature: 0,
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: text },
      ],
      response_format: zodResponseFormat(llmReplySchema, 'shopper_message'),
    })
    const parsed = completion.choices[0]?.message.parsed
    if (!parsed) throw new Error('model returned no parsed content')
    const fromModel: MessageEntities = {}
    for (const key of ENTITY_KEYS) {
      const value = parsed.entities[key]
      if (value === null || value === '') continue
      ;(fromModel as Record<string, unknown>)[key] = value
    }
    // Regexes are exact about prices, sizes, colours and references, so theirs win; the model reads
    // the product query better than a stopword list, so its query wins.
    const { query: rulesQuery, ...exact } = rules.entities
    const entities: MessageEntities = { ...(rulesQuery ? { query: rulesQuery } : {}), ...fromModel, ...exact }
    return { intent: parsed.intent, confidence: parsed.confidence, entities, source: 'llm' }
  } catch {
    // Any model trouble (HTTP error, timeout, schema violation) leaves the bot on its rules.
    return { ...rules, source: 'rules', fallbackReason: 'llm_failed' }
  }
}
