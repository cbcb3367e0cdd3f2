import { z } from 'zod'
import { CTA_TYPES } from './ctas'

export const ctaTypeSchema = z.enum(CTA_TYPES)
export const sentimentSchema = z.enum(['positive', 'neutral', 'negative'])
export const currencyCodeSchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as "USD"')

/** One price in a caption. Money is carried twice: major units for display, integer minor units for storage. */
export const captionPriceSchema = z.object({
  amount: z.number().positive(),
  /** Integer minor units per the ISO 4217 exponent of `currency` (JPY/VND/UGX/XOF 0; IDR 2). */
  amountMinor: z.number().int().positive(),
  currency: currencyCodeSchema,
  role: z.enum(['current', 'compare_at', 'other']),
  maxAmount: z.number().positive().optional(),
  maxAmountMinor: z.number().int().positive().optional(),
  explicitCurrency: z.boolean(),
  raw: z.string(),
})

export const captionCtaSchema = z.object({ type: ctaTypeSchema, keyword: z.string().optional() })

/** What the hub understands of one caption (library API). */
export const captionUnderstandingSchema = z.object({
  /** Current prices first (the primary one at [0]), then compare-at, then other amounts. */
  prices: z.array(captionPriceSchema),
  ctas: z.array(captionCtaSchema),
  codes: z.array(z.string()),
  discountPercents: z.array(z.number()),
  products: z.array(z.string()),
  sizes: z.array(z.string()),
  colours: z.array(z.string()),
  hashtags: z.array(z.string()),
  sentiment: sentimentSchema,
  tags: z.array(z.string()),
  category: z.string(),
  seoKeywords: z.array(z.string()),
  language: z.string(),
  source: z.enum(['rules', 'ai']),
  /** Why the LLM path was not used although a key was configured. */
  aiError: z.string().optional(),
})
export type CaptionUnderstanding = z.infer<typeof captionUnderstandingSchema>
export type CaptionPrice = z.infer<typeof captionPriceSchema>

/**
 * What the LLM must answer (OpenAI structured outputs, strict mode: every field required,
 * "absent" is null or an empty list).
 */
export const llmCaptionSchema = z.object({
  products: z.array(z.string()),
  prices: z.array(
    z.object({
      amount: z.number(),
      currency: z.string(),
      compare_at: z.boolean(),
    }),
  ),
  codes: z.array(z.string()),
  ctas: z.array(ctaTypeSchema),
  comment_keyword: z.string().nullable(),
  sentiment: sentimentSchema,
  category: z.string(),
  tags: z.array(z.string()),
})
export type LlmCaption = z.infer<typeof llmCaptionSchema>

/** LLM settings, passed in by the caller (Workers never read process.env). */
export const captionAiConfigSchema = z.object({
  apiKey: z.string().min(1).optional(),
  baseURL: z.string().url().optional(),
  model: z.string().min(1).default('gpt-4o-mini'),
  timeoutMs: z.number().int().positive().default(10_000),
})
export type CaptionAiConfig = z.input<typeof captionAiConfigSchema>

/** One input line of `npm run parse-captions`. */
export const captionInputLineSchema = z.object({
  id: z.union([z.string(), z.number()]),
  text: z.string(),
  currency: currencyCodeSchema.optional(),
})
export type CaptionInputLine = z.infer<typeof captionInputLineSchema>

/** One output line of `npm run parse-captions`; the first seven keys are a fixed contract. */
export const captionLineSchema = z.object({
  id: z.union([z.string(), z.number()]),
  prices: z.array(
    z.object({
      amount: z.number(),
      currency: currencyCodeSchema,
      compareAt: z.literal(true).optional(),
      max: z.number().optional(),
    }),
  ),
  ctas: z.array(ctaTypeSchema),
  codes: z.array(z.string()),
  products: z.array(z.string()),
  sentiment: sentimentSchema,
  tags: z.array(z.string()),
  category: z.string(),
  /** Sizes and capacities the product comes in ("40"…"45", "S"…"XXL", "EU 42", "256GB"): proposal variants. */
  sizes: z.array(z.string()),
})
export type CaptionLine = z.infer<typeof captionLineSchema>
