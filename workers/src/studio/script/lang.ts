import type { STUDIO_TONES, StudioBrief } from '../../../../contracts/studio'
import type { ProductFacts, ProductType } from './facts'

export type Tone = (typeof STUDIO_TONES)[number]
export type Channel = StudioBrief['shop']['orderChannel']

/** What a hook or call to action may mention. */
export type Ctx = { name: string; shop: string; city: string | null; channel: Channel; code: string | null; topic: string | null }

/** A sentence the voice says, with the short on-screen label it carries when it opens a scene. */
export type Line = { say: string; label: string }

export type Pattern = { id: string; make: (c: Ctx) => string }

/**
 * One language's templates. Every sentence is built from catalog facts or makes no factual claim
 * at all (no prices, stock, delivery or discounts that are not in the brief).
 */
export type LangPack = {
  code: string
  /** Hooks by tone and by product type; a script picks from the union of its tone's and type's. */
  toneHooks: Record<Tone, Pattern[]>
  typeHooks: Record<ProductType, Pattern[]>
  /** Hooks that name no product (topic scripts, or when the name makes the hook too long). */
  plainHooks: Pattern[]
  ctas: Record<Tone, Pattern[]>
  /** "on WhatsApp", "on Telegram", "in our shop". */
  channel: (c: Channel) => string
  /** The value line: the price (and the old one), said the way the shop says it. */
  priceLine: (p: ProductFacts, tone: Tone) => Line | null
  /** Fact points of one product, most useful first. */
  factLines: (p: ProductFacts) => Line[]
  /** The shop's own facts: its discount code and city. */
  shopLines: (c: Ctx) => Line[]
  /** One product of a collection, introduced by name (and price when it has one). */
  productIntro: (p: ProductFacts, index: number) => Line
  /** Sentences that claim nothing beyond the product type, for padding to the target length. */
  filler: Record<ProductType, Line[]>
  general: Line[]
  /** Padding for a topic with no product: advice-led, nothing about an item. */
  topicGeneral: Line[]
  /** Works a word or phrase the shop likes to use into a sentence. */
  workInWord: (w: string, shop: string) => string
  /** A topic said as a sentence when it does not fit the hook. */
  topicLine: (topic: string) => Line
  captionCta: (c: Ctx) => string
  collectionHook: (title: string | null) => string
  defaultTags: Record<ProductType, string[]>
  /** Words the post caption uses: "was" before the old price, "Code" before the discount code. */
  captionWords: { was: string; code: string }
}

/** "4 sizes" vs "4 colours" vs "4 options", from what the variant names look like. */
export function variantKind(variants: string[]): 'sizes' | 'colours' | 'options' {
  if (variants.every((v) => /^(xx?s|s|m|l|xx?l|xxxl|\d{1,2}(\.\d)?|eu ?\d+|uk ?\d+|us ?\d+|small|medium|large|extra large|one size)$/i.test(v.trim())))
    return 'sizes'
  if (
    variants.every((v) =>
      /^(black|white|red|blue|green|yellow|pink|purple|brown|grey|gray|beige|navy|gold|silver|orange|cream|maroon|olive|teal|nyeusi|nyeupe|nyekundu|preto|branco|vermelho|azul|verde|rosa|negro|blanco|rojo|amarillo)$/i.test(
        v.trim(),
      ),
    )
  )
    return 'colours'
  return 'options'
}
