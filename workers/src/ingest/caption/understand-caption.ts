import OpenAI from 'openai'
import { zodResponseFormat } from 'openai/helpers/zod'
import { CTA_TYPES } from './ctas'
import { isKnownCurrency, toMinorUnits } from './currencies'
import { type ParseCaptionOptions, parseCaption } from './parse-caption'
import { amountsWritten } from './prices'
import { type CaptionAiConfig, type CaptionPrice, type CaptionUnderstanding, captionAiConfigSchema, type LlmCaption, llmCaptionSchema } from './schemas'
import { normaliseTag } from './tags'
import { DEFAULT_TAXONOMY } from './taxonomy'

function systemPrompt(defaultCurrency: string, slugs: string[]): string {
  return [
    'You extract commerce facts from one TikTok caption written by a merchant. Answer in JSON matching the schema.',
    `- prices: every price written in the caption, amount in major units as a number (5k = 5000), ISO 4217 currency; ${defaultCurrency} when no currency is written. compare_at = true for old/struck-through/"was" prices. Never invent a price that is not written.`,
    '- codes: discount codes exactly as written. Empty list if none.',
    `- ctas: calls to action, only from: ${CTA_TYPES.join(', ')}. comment_keyword: the word to comment, or null.`,
    '- products: short product names as written (brand + product), no prices.',
    `- category: one of ${slugs.join(', ')}.`,
    '- tags: up to 10 short lower-case tags about the product.',
    '- sentiment: positive, neutral or negative.',
  ].join('\n')
}

/** An LLM price is kept only when its amount is written in the caption (the model may not invent prices). */
function verifiedLlmPrices(text: string, llm: LlmCaption): CaptionPrice[] {
  const written = amountsWritten(text.normalize('NFKC'))
  return llm.prices.flatMap((p) => {
    const currency = p.currency.toUpperCase()
    if (!(p.amount > 0) || !isKnownCurrency(currency)) return []
    if (!written.some((w) => Math.abs(w - p.amount) <= 0.005 * p.amount)) return []
    return [
      {
        amount: p.amount,
        amountMinor: toMinorUnits(p.amount, currency),
        currency,
        role: p.compare_at ? ('compare_at' as const) : ('current' as const),
        explicitCurrency: false,
        raw: String(p.amount),
      },
    ]
  })
}

function samePrice(a: CaptionPrice, b: CaptionPrice): boolean {
  return a.currency === b.currency && Math.abs(a.amount - b.amount) <= 0.005 * a.amount
}

/**
 * Merges the LLM answer into the rules result. Rules stay the floor: the LLM may add products,
 * tags, CTAs and codes, and reorder prices, but a price must be written in the text and a code
 * must appear in it; unknown categories are ignored.
 */
export function mergeLlmCaption(text: string, rules: CaptionUnderstanding, llm: LlmCaption, categorySlugs: readonly string[]): CaptionUnderstanding {
  const lowerText = text.toLowerCase()
  const llmPrices = verifiedLlmPrices(text, llm)
  const prices = [...rules.prices]
  for (const p of llmPrices) {
    const existing = prices.find((r) => samePrice(r, p))
    if (!existing) prices.push(p)
  }
  // The LLM's primary price wins when the rules also saw it (the rules only rank by cues).
  const llmPrimary = llmPrices.find((p) => p.role === 'current')
  const order = { current: 0, compare_at: 1, other: 2 } as const
  prices.sort((a, b) => {
    const byRole = order[a.role] - order[b.role]
    if (byRole !== 0) return byRole
    if (llmPrimary) return Number(samePrice(b, llmPrimary)) - Number(samePrice(a, llmPrimary))
    return 0
  })
  const ctas = [...rules.ctas]
  for (const type of llm.ctas) {
    if (ctas.some((c) => c.type === type)) continue
    const keyword = type === 'comment_keyword' && llm.comment_keyword ? llm.comment_keyword : undefined
    ctas.push(keyword ? { type, keyword } : { type })
  }
  const codes = [...rules.codes]
  for (const code of llm.codes) {
    if (code.length >= 3 && lowerText.includes(code.toLowerCase()) && !codes.some((c) => c.toLowerCase() === code.toLowerCase())) codes.push(code)
  }
  const products = [...llm.products.map((p) => p.trim()).filter(Boolean)]
  for (const p of rules.products) {
    const lp = p.toLowerCase()
    if (!products.some((q) => q.toLowerCase().includes(lp) || lp.includes(q.toLowerCase()))) products.push(p)
  }
  const tags = [...rules.tags]
  for (const t of llm.tags) {
    const tag = normaliseTag(t)
    if (tag.length >= 2 && !tags.includes(tag)) tags.push(tag)
  }
  return {
    ...rules,
    prices,
    ctas,
    codes,
    products: [...new Set(products)],
    tags: tags.slice(0, 20),
    sentiment: llm.sentiment,
    // The LLM may pick a category the rules missed, but never demote one the hashtags and the
    // merchant's keywords found to "other".
    category: categorySlugs.includes(llm.category) && !(llm.category === 'other' && rules.category !== 'other') ? llm.category : rules.category,
    source: 'ai',
  }
}

/**
 * Understands a caption: rules always run; when `aiConfig.apiKey` is set the LLM runs too
 * (structured outputs) and is merged in. Any LLM failure (timeout, HTTP error, refusal, bad JSON,
 * schema mismatch) returns the rules result with `aiError` saying why.
 */
export async function understandCaption(text: string, options: ParseCaptionOptions = {}, aiConfig?: CaptionAiConfig): Promise<CaptionUnderstanding> {
  const rules = parseCaption(text, options)
  if (!aiConfig?.apiKey) return rules
  try {
    const config = captionAiConfigSchema.parse(aiConfig)
    const taxonomy = options.taxonomy ?? DEFAULT_TAXONOMY
    const slugs = taxonomy.map((c) => c.slug)
    const client = new OpenAI({ apiKey: config.apiKey, baseURL: config.baseURL, timeout: config.timeoutMs, maxRetries: 0 })
    const completion = await client.chat.completions.create({
      model: config.model,
      temperature: 0,
      messages: [
        { role: 'system', content: systemPrompt((options.defaultCurrency ?? 'USD').toUpperCase(), slugs) },
        { role: 'user', content: text },
      ],
      response_format: zodResponseFormat(llmCaptionSchema, 'caption_understanding'),
    })
    const message = completion.choices[0]?.message
    if (!message?.content) throw new Error(message?.refusal ? `refused: ${message.refusal}` : 'empty reply')
    const llm = llmCaptionSchema.parse(JSON.parse(message.content))
    return mergeLlmCaption(text, rules, llm, slugs)
  } catch (err) {
    return { ...rules, aiError: err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 300) : 'unknown error' }
  }
}
