import { z } from 'zod'

/**
 * The content studio's shared shapes (issue 14): the shop's brand voice, the brief a video starts
 * from, the script the writer produces, the safety verdict, and cost lines. The Worker (Workflow,
 * routes), the web app and the render node all read these; nothing here has a runtime dependency.
 */

export const STUDIO_TONES = ['friendly', 'premium', 'urgent', 'playful'] as const
export const STUDIO_PLATFORMS = ['tiktok', 'youtube', 'instagram', 'storefront'] as const
export const STUDIO_LIMITS = { minSeconds: 15, maxSeconds: 90, batchMax: 10 } as const

/**
 * Words per minute the offline voice (espeak-ng at `-s 160`, 120 ms between caption chunks) really
 * says, per language, counted as the writer counts (numbers as their spoken words). Measured on
 * the template engine's scripts, 15/30/60 s, two products each (docs/content-studio.md): English
 * runs fast, Swahili's long words slow. The template engine writes to it, the validator checks
 * with it, and the voice step closes the remaining gap by re-speaking at a corrected rate.
 */
export const SPOKEN_WORDS_PER_MINUTE_BY_LANGUAGE: Readonly<Record<string, number>> = { en: 183, sw: 108, pt: 150, es: 160 }
/** The pace of a language the table does not list. */
export const SPOKEN_WORDS_PER_MINUTE = 160
/** Words per minute of `lang` (a BCP 47 tag: "pt-BR" uses "pt"). */
export const spokenWordsPerMinute = (lang: string): number =>
  SPOKEN_WORDS_PER_MINUTE_BY_LANGUAGE[lang.toLowerCase().split(/[-_]/)[0] ?? ''] ?? SPOKEN_WORDS_PER_MINUTE

/** A shop's brand voice (settings). */
export const brandVoiceSchema = z.object({
  tone: z.enum(STUDIO_TONES).default('friendly'),
  /** Words or phrases the script should use (e.g. the shop's tagline), at most 20. */
  wordsToUse: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
  /** Words the script must never contain (checked by the validator, case-insensitive, whole words). */
  wordsToAvoid: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
  /** BCP 47 language of scripts and voice (e.g. "en", "sw", "pt-BR"). */
  language: z.string().trim().min(2).max(35).default('en'),
  targetSeconds: z.number().int().min(STUDIO_LIMITS.minSeconds).max(STUDIO_LIMITS.maxSeconds).default(30),
  platform: z.enum(STUDIO_PLATFORMS).default('tiktok'),
  /** espeak-ng voice variant offline (e.g. "f3", "m1"); OpenAI voice name when keyed (e.g. "alloy"). */
  voice: z.string().trim().min(1).max(40).default('f3'),
  /** When true, each video waits for the merchant to approve its script before voice and render. */
  reviewRequired: z.boolean().default(true),
  /** When true and an OpenAI key is available, scenes that would be text cards get a generated image (billed per image). */
  generateImages: z.boolean().default(false),
  /** Days after which an unpublished finished draft is deleted (retention sweep). */
  retentionDays: z.number().int().min(1).max(365).default(30),
  /** Videos a shop may start per UTC day. */
  dailyQuota: z.number().int().min(1).max(500).default(20),
  /** Merchant-level allowlist for the safety word list (product words that look like bad words). */
  safetyAllowlist: z.array(z.string().trim().min(1).max(60)).max(100).default([]),
})
export type BrandVoice = z.output<typeof brandVoiceSchema>

/** Facts of one product the hub already has; the script may only claim what is here. */
export const briefProductSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  /** Minor units, e.g. 450000 for KES 4,500.00; null when the product has no price. */
  priceMinor: z.number().int().nullable(),
  /** The old price when the product is discounted (minor units). */
  compareAtMinor: z.number().int().nullable(),
  currency: z.string().length(3).nullable(),
  /** Price as the shop shows it, e.g. "KSh 4,500". */
  priceText: z.string().nullable(),
  /** Units in stock; null when the shop does not track stock. */
  stock: z.number().int().nullable(),
  variants: z.array(z.string()).default([]),
  category: z.string().nullable(),
  tags: z.array(z.string()).default([]),
  /** R2 keys of the product photos, in order. */
  imageKeys: z.array(z.string()).default([]),
  /** R2 keys of covers of the merchant's own TikTok videos of this product. */
  coverKeys: z.array(z.string()).default([]),
  /** R2 keys of raw clips the merchant uploaded for this product (smart clips pick scenes from them). */
  clipKeys: z.array(z.string()).default([]),
  /** Captions of the merchant's own videos of the product, best performing first. */
  videoCaptions: z.array(z.string()).default([]),
  performance: z.object({ views: z.number().int(), clicks: z.number().int(), orders: z.number().int() }).default({ views: 0, clicks: 0, orders: 0 }),
})
export type BriefProduct = z.infer<typeof briefProductSchema>

export const studioSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('product'), productId: z.uuid() }),
  z.object({
    kind: z.literal('collection'),
    productIds: z.array(z.uuid()).min(2, 'choose at least 2 products for a collection video').max(10, 'a collection video shows at most 10 products'),
    title: z.string().trim().min(1).max(120).optional(),
  }),
  z.object({
    kind: z.literal('topic'),
    topic: z.string().trim().min(3).max(300),
    productIds: z.array(z.uuid()).max(10, 'a topic video features at most 10 products').default([]),
  }),
])
export type StudioSource = z.infer<typeof studioSourceSchema>

/** Everything the script writer sees. Built by the Workflow's `brief` step from the catalog. */
export const studioBriefSchema = z.object({
  source: studioSourceSchema,
  shop: z.object({
    name: z.string(),
    /** "whatsapp" | "telegram" | "storefront": where the call to action sends the shopper. */
    orderChannel: z.enum(['whatsapp', 'telegram', 'storefront']),
    city: z.string().nullable(),
    /** The shop's active discount code, if any (from the catalog or its captions). */
    discountCode: z.string().nullable(),
    storefrontUrl: z.string().nullable(),
  }),
  products: z.array(briefProductSchema).max(10),
  voice: brandVoiceSchema,
  /** 0 for the first video; batch variants of one product use 1, 2 … so templates differ. */
  variant: z.number().int().min(0).max(99).default(0),
})
export type StudioBrief = z.infer<typeof studioBriefSchema>

export const SCENE_KINDS = ['hook', 'value', 'point', 'cta'] as const

/** What a scene shows; the visuals step turns refs into render inputs. */
export const sceneVisualSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('photo'), key: z.string() }),
  z.object({ kind: z.literal('cover'), key: z.string() }),
  z.object({ kind: z.literal('clip'), key: z.string(), startSeconds: z.number().min(0).optional(), endSeconds: z.number().min(0).optional() }),
  z.object({ kind: z.literal('card') }),
])
export type SceneVisual = z.infer<typeof sceneVisualSchema>

export const scriptSceneSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,20}$/),
  kind: z.enum(SCENE_KINDS),
  /** What the voice says. */
  say: z.string().trim().min(1).max(400),
  /** Short on-screen text (≤ 60 chars), burned in over the visual. */
  onScreen: z.string().trim().max(60).default(''),
  /** Estimated seconds of speech (spoken words ÷ the language's words per minute); real durations come from the voice. */
  estSeconds: z.number().min(0.5).max(60),
  visual: sceneVisualSchema.default({ kind: 'card' }),
})
export type ScriptScene = z.infer<typeof scriptSceneSchema>

/** The script: hook (0–3 s), value, 2–4 points, call to action; plus the post caption and hashtags. */
export const studioScriptSchema = z.object({
  language: z.string().min(2).max(35),
  targetSeconds: z.number().int().min(STUDIO_LIMITS.minSeconds).max(STUDIO_LIMITS.maxSeconds),
  scenes: z.array(scriptSceneSchema).min(4).max(8),
  /** The post caption (no hashtags), where price and call to action go for the platform-clean cut. */
  caption: z.string().trim().min(1).max(2200),
  hashtags: z.array(z.string().regex(/^#[\p{L}\p{N}_]{1,60}$/u)).max(10),
  /** Which template or model wrote it, e.g. "template:friendly/question-hook" or "openai:gpt-4o-mini". */
  writer: z.string().max(80),
})
export type StudioScript = z.infer<typeof studioScriptSchema>

/** One problem the validator found (length, unsupported claim, avoided word, structure). */
export const scriptIssueSchema = z.object({
  code: z.enum(['too_long', 'too_short', 'unsupported_price', 'unsupported_discount', 'unsupported_stock', 'avoided_word', 'structure']),
  sceneId: z.string().nullable(),
  message: z.string(),
})
export type ScriptIssue = z.infer<typeof scriptIssueSchema>

// ---- safety --------------------------------------------------------------------------------

export const SAFETY_CATEGORIES = [
  'profanity',
  'health_claim',
  'guarantee',
  'fake_scarcity',
  'prohibited_goods',
  'financial_promise',
  'off_platform_payment',
  'personal_data',
  'contact_in_caption',
  'spam',
  'moderation',
] as const
export type SafetyCategory = (typeof SAFETY_CATEGORIES)[number]

/** A piece of text checked: where it sits (scene say/onScreen, caption, hashtag) and what it says. */
export const safetyItemSchema = z.object({ field: z.string().max(60), text: z.string().max(5000) })
export type SafetyItem = z.infer<typeof safetyItemSchema>

export const safetyHitSchema = z.object({
  rule: z.string(),
  category: z.enum(SAFETY_CATEGORIES),
  decision: z.enum(['review', 'block']),
  field: z.string(),
  /** UTF-16 offsets into that field's text, so the editor can highlight the span. */
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  text: z.string(),
  message: z.string(),
})
export type SafetyHit = z.infer<typeof safetyHitSchema>

export const safetyVerdictSchema = z.object({
  decision: z.enum(['allow', 'review', 'block']),
  hits: z.array(safetyHitSchema),
  /** Which checkers ran: "rules" always, "openai-moderation" when keyed (and what failed, if it did). */
  providers: z.array(z.string()),
  checkedAt: z.iso.datetime(),
})
export type SafetyVerdict = z.infer<typeof safetyVerdictSchema>

// ---- cost ----------------------------------------------------------------------------------

export const costLineSchema = z.object({
  step: z.string().max(60),
  provider: z.string().max(40),
  unit: z.enum(['tokens', 'characters', 'images', 'render_seconds', 'requests']),
  quantity: z.number().min(0),
  /** Estimated US dollars (0 for offline providers). */
  usd: z.number().min(0),
})
export type CostLine = z.infer<typeof costLineSchema>

// ---- progress ------------------------------------------------------------------------------

export const STUDIO_PHASES = ['queued', 'brief', 'script', 'safety', 'review', 'voice', 'visuals', 'assembly', 'quality', 'package', 'done'] as const
export type StudioPhase = (typeof STUDIO_PHASES)[number]

export const STUDIO_STATUSES = ['queued', 'running', 'awaiting_review', 'blocked', 'parked', 'rejected', 'failed', 'ready'] as const
export type StudioStatus = (typeof STUDIO_STATUSES)[number]
