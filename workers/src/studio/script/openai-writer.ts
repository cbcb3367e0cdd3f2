import OpenAI from 'openai'
import { zodResponseFormat } from 'openai/helpers/zod'
import { z } from 'zod'
import { type CostLine, SCENE_KINDS, type ScriptScene, type StudioBrief, type StudioScript, studioScriptSchema } from '../../../../contracts/studio'
import { sceneSeconds, wordsForSeconds } from '../../../../contracts/studio-spoken'
import type { OpenAiAccess } from '../openai-access-type'
import { productFacts } from './facts'
import { assignVisuals, sanitizeTag } from './template-engine'

/** What the model answers; ids, timings and visuals are ours. */
export const llmScriptSchema = z.object({
  scenes: z.array(z.object({ kind: z.enum(SCENE_KINDS), say: z.string(), onScreen: z.string() })),
  caption: z.string(),
  hashtags: z.array(z.string()),
})
export type LlmScript = z.infer<typeof llmScriptSchema>

// gpt-4o-mini list prices (USD per token); cached prompt tokens cost half.
const PRICE = { input: 0.15 / 1e6, cachedInput: 0.075 / 1e6, output: 0.6 / 1e6 }

/**
 * Fixed, identical on every call and first in the messages, so OpenAI's prompt caching serves the
 * repeated prefix; the brief (the only variable part) comes last.
 */
export const SCRIPT_SYSTEM_PROMPT = [
  'You write the voice-over script of a short vertical video that sells a product for a small shop. Answer in JSON matching the schema.',
  'Structure: scenes in this order: exactly one "hook" (at most 8 spoken words, under 3 seconds), one "value" scene, 2 to 4 "point" scenes, exactly one "cta" scene last.',
  `Length: target_words is what the voice says in target_seconds in this language. The total spoken words of all "say" fields must be within 10 % of target_words. Numbers count as the words they are spoken as ("4,500" is four words).`,
  'Facts: use only the facts given. Say a price only exactly as given in price or was. Mention a discount only when "was" or the discount code is given. Say "only N left" only when low_stock is given, with that number. Never invent delivery times, guarantees, health effects, awards or reviews.',
  'Language: write every field in the language given. Tone: follow the tone given (friendly, premium, urgent or playful).',
  'words_to_use: work the first one or two naturally into the value or the call to action. words_to_avoid: never write them.',
  'onScreen: at most 6 words per scene, no prices, no links, no phone numbers.',
  'caption: one or two sentences for the post, with the price (if any) and the call to action; no hashtags in it.',
  'hashtags: 3 to 8, each one word starting with #, letters and digits only.',
].join('\n')

export function briefForModel(brief: StudioBrief): string {
  return JSON.stringify({
    kind: brief.source.kind,
    topic: brief.source.kind === 'topic' ? brief.source.topic : null,
    collection_title: brief.source.kind === 'collection' ? (brief.source.title ?? null) : null,
    language: brief.voice.language,
    tone: brief.voice.tone,
    target_seconds: brief.voice.targetSeconds,
    target_words: Math.round(wordsForSeconds(brief.voice.targetSeconds, brief.voice.language)),
    platform: brief.voice.platform,
    words_to_use: brief.voice.wordsToUse,
    words_to_avoid: brief.voice.wordsToAvoid,
    shop: { name: brief.shop.name, city: brief.shop.city, discount_code: brief.shop.discountCode, order_channel: brief.shop.orderChannel },
    products: brief.products.map((p) => {
      const f = productFacts(p)
      return {
        title: p.title,
        price: f.price,
        was: f.was,
        variants: p.variants,
        low_stock: f.lowStock,
        category: p.category,
        tags: p.tags,
        description: p.description?.slice(0, 600) ?? null,
        own_video_captions: p.videoCaptions.slice(0, 2).map((c) => c.slice(0, 300)),
      }
    }),
  })
}

/** The model's answer as a StudioScript: our ids, timings and visuals; hashtags cleaned. */
export function scriptFromLlm(llm: LlmScript, brief: StudioBrief, model: string): StudioScript {
  let n = 0
  const scenes: ScriptScene[] = llm.scenes.map((s) => {
    const id = s.kind === 'point' ? `point-${++n}` : s.kind
    return {
      id,
      kind: s.kind,
      say: s.say.trim(),
      onScreen: s.onScreen.trim().slice(0, 60),
      estSeconds: sceneSeconds(s.say, brief.voice.language),
      visual: { kind: 'card' },
    }
  })
  const tags: string[] = []
  for (const t of llm.hashtags) {
    const tag = sanitizeTag(t)
    if (tag && !tags.includes(tag)) tags.push(tag)
  }
  return studioScriptSchema.parse({
    language: brief.voice.language,
    targetSeconds: brief.voice.targetSeconds,
    scenes: assignVisuals(scenes, brief),
    caption: llm.caption.trim(),
    hashtags: tags.slice(0, 8),
    writer: `openai:${model}`.slice(0, 80),
  })
}

function retryable(err: unknown): boolean {
  if (err instanceof OpenAI.APIConnectionError) return true
  return err instanceof OpenAI.APIError && typeof err.status === 'number' && (err.status === 429 || err.status >= 500)
}

export type LlmAttempt = { script: StudioScript | null; cost: CostLine[]; error: string | null }

/**
 * One structured-outputs call (retried once after a short backoff on 429, 5xx or a dropped
 * connection). Returns the parsed script, or why there is none; cost lines either way.
 */
export async function llmScript(
  brief: StudioBrief,
  access: NonNullable<OpenAiAccess>,
  o: { signal?: AbortSignal; backoffMs?: number } = {},
): Promise<LlmAttempt> {
  const client = new OpenAI({ apiKey: access.apiKey, baseURL: access.baseURL, timeout: 30_000, maxRetries: 0 })
  const cost: CostLine[] = []
  let requests = 0
  let error: string | null = null
  let script: StudioScript | null = null
  for (let attempt = 0; attempt < 2; attempt++) {
    requests++
    try {
      const completion = await client.chat.completions.create(
        {
          model: access.model,
          temperature: 0.7,
          messages: [
            { role: 'system', content: SCRIPT_SYSTEM_PROMPT },
            { role: 'user', content: briefForModel(brief) },
          ],
          response_format: zodResponseFormat(llmScriptSchema, 'studio_script'),
        },
        { signal: o.signal },
      )
      const usage = completion.usage
      if (usage) {
        const cached = usage.prompt_tokens_details?.cached_tokens ?? 0
        const provider = `openai:${access.model}`.slice(0, 40)
        cost.push({
          step: 'script:prompt',
          provider,
          unit: 'tokens',
          quantity: usage.prompt_tokens,
          usd: (usage.prompt_tokens - cached) * PRICE.input + cached * PRICE.cachedInput,
        })
        cost.push({ step: 'script:completion', provider, unit: 'tokens', quantity: usage.completion_tokens, usd: usage.completion_tokens * PRICE.output })
      }
      const message = completion.choices[0]?.message
      if (!message?.content) throw new Error(message?.refusal ? `refused: ${message.refusal}` : 'empty reply')
      const llm = llmScriptSchema.parse(JSON.parse(message.content))
      script = scriptFromLlm(llm, brief, access.model)
      error = null
      break
    } catch (err) {
      error =
        err instanceof OpenAI.APIError
          ? `openai ${err.status ?? 'error'}: ${err.message}`
          : err instanceof Error
            ? `${err.name}: ${err.message}`
            : 'unknown error'
      if (attempt === 0 && retryable(err) && !o.signal?.aborted) {
        await new Promise((r) => setTimeout(r, o.backoffMs ?? 500))
        continue
      }
      break
    }
  }
  cost.push({ step: 'script', provider: `openai:${access.model}`.slice(0, 40), unit: 'requests', quantity: requests, usd: 0 })
  return { script, cost, error: error?.slice(0, 300) ?? null }
}
