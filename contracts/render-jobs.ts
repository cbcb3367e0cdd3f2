import { z } from 'zod'

/**
 * Render job types (the `job` field of a render request). Inputs are referred to by the name of
 * a multipart part sent with the request (see `renderInputSchema` in messages.ts).
 */

/** The name of an input part (same rule as `renderInputSchema.name`). */
const inputName = z.string().regex(/^[a-z0-9_-]{1,40}$/)

export const probeImageJobSchema = z.object({
  type: z.literal('probe-image'),
  input: z.string(),
})

/**
 * Storefront thumbnails of a cover image or product photo: attention-aware 9:16 crops at
 * 320/640/1080 wide and square crops at 200/400/800, each as WebP, AVIF and JPEG, with an
 * optional title and price drawn on top. `meta.thumbhash` holds placeholders per crop.
 */
export const thumbnailsJobSchema = z.object({
  type: z.literal('thumbnails'),
  input: inputName,
  crops: z
    .array(z.enum(['portrait', 'square']))
    .min(1)
    .default(['portrait', 'square']),
  formats: z
    .array(z.enum(['webp', 'avif', 'jpeg']))
    .min(1)
    .default(['webp', 'avif', 'jpeg']),
  overlay: z
    .object({
      title: z.string().max(300).optional(),
      /** Display text, already formatted for the merchant's locale (e.g. "€19.99"). */
      price: z.string().max(40).optional(),
    })
    .optional(),
})

/** The best `count` frames of an uploaded video (sharp, well-exposed, from different scenes), scored in meta. */
export const framesJobSchema = z.object({
  type: z.literal('frames'),
  input: inputName,
  count: z.number().int().min(1).max(12).default(3),
  formats: z
    .array(z.enum(['jpeg', 'webp']))
    .min(1)
    .default(['jpeg', 'webp']),
  maxWidth: z.number().int().min(64).max(1920).default(1080),
})

/** A silent storefront loop of an uploaded video: 540×960 H.264 MP4 and 360×640 animated WebP. */
export const previewJobSchema = z.object({
  type: z.literal('preview'),
  input: inputName,
  /** Where the loop starts; by default 10 % into the video (skips intros), or 0 for short ones. */
  startSeconds: z.number().min(0).optional(),
  durationSeconds: z.number().min(1).max(10).default(6),
})

/** A 9:16 promo video (H.264 + AAC MP4) made from product images, title, price and a call to action. */
export const promoJobSchema = z.object({
  type: z.literal('promo'),
  images: z.array(inputName).min(1).max(10),
  title: z.string().min(1).max(300),
  priceText: z.string().max(40).optional(),
  callToAction: z.string().min(1).max(80).default('Shop now'),
  /** Optional logo, drawn as a watermark in the top-left corner. */
  logo: inputName.optional(),
  /** Optional background music (any common audio file), looped and faded. */
  music: inputName.optional(),
  /** Set when AI wrote any of the text: the video then carries an "AI-generated" label. */
  aiGenerated: z.boolean().default(false),
  /** Label text, so merchants can localise it. */
  disclosureText: z.string().min(1).max(60).default('AI-generated'),
  /** Speak title, price and call to action (OpenAI speech when configured, else espeak-ng, else skipped). */
  voiceOver: z.boolean().default(false),
  /** BCP 47 language of the text, for the voice. */
  language: z.string().max(35).optional(),
  durationSeconds: z.number().min(3).max(60).default(15),
  /** 1080×1920 for delivery; 540×960 for drafts (four times fewer pixels). */
  resolution: z.enum(['1080x1920', '540x960']).default('1080x1920'),
})

/** Every render job type. Extend this union to add a job; the render node dispatches on `type`. */
export const renderJobSchema = z.discriminatedUnion('type', [probeImageJobSchema, thumbnailsJobSchema, framesJobSchema, previewJobSchema, promoJobSchema])
export type RenderJob = z.infer<typeof renderJobSchema>
export type RenderJobType = RenderJob['type']
