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

// ---- content studio (issue 14) -------------------------------------------------------------

/**
 * The studio's voice-over: one WAV per caption chunk (espeak-ng here, one chunk at a time, so the
 * subtitle timing is exact by construction; or audio the Worker got from OpenAI TTS, passed as
 * inputs), trailing silence trimmed, concatenated, loudness-normalised to -16 LUFS.
 * Outputs `voice.m4a`; meta `{ engine, chunks: [{ id, startMs, endMs }], durationMs, lufs }`.
 */
export const studioVoiceJobSchema = z.object({
  type: z.literal('studio-voice'),
  chunks: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]{1,30}$/),
        text: z.string().min(1).max(400),
        /** Pre-synthesised audio of this chunk (OpenAI TTS); when absent the node speaks `text` with espeak-ng. */
        input: inputName.optional(),
      }),
    )
    .min(1)
    .max(60),
  language: z.string().max(35).default('en'),
  /** espeak-ng voice variant (e.g. "f3"); ignored for provided audio. */
  voice: z
    .string()
    .regex(/^[a-z0-9+_-]{1,40}$/)
    .default('f3'),
  /** Words per minute for espeak-ng. */
  wordsPerMinute: z.number().int().min(100).max(260).default(160),
  /** Silence between chunks, in milliseconds. */
  gapMs: z.number().int().min(0).max(1000).default(120),
  /**
   * How long the whole voice-over should run. When the espeak-ng chunks come out more than 3 %
   * off it, they are spoken once more at a rate corrected by the measured ratio (80–320 wpm), so a
   * language the writer's estimate misjudges still lands on the length the merchant chose.
   */
  targetMs: z.number().int().min(1000).max(600_000).optional(),
})

/**
 * Smart clips: scene cuts in an uploaded clip, each candidate segment scored for sharpness, motion,
 * exposure and stable framing; the best `count` segments of `minSeconds`–`maxSeconds`.
 * Outputs one poster JPEG per clip (`clip-<n>.jpg`); meta `{ clips: [{ startSeconds, endSeconds, score, sharpness, motion, exposure, stability }], cuts: number[] }`.
 */
export const studioClipsJobSchema = z.object({
  type: z.literal('studio-clips'),
  input: inputName,
  count: z.number().int().min(1).max(6).default(3),
  minSeconds: z.number().min(1).max(10).default(2),
  maxSeconds: z.number().min(2).max(15).default(6),
})

const studioVisualSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('image'), input: inputName }),
  z.object({ kind: z.literal('clip'), input: inputName, startSeconds: z.number().min(0), endSeconds: z.number().min(0) }),
  /** A text card: the scene's on-screen text large on the shop's colour. */
  z.object({ kind: z.literal('card') }),
])

/**
 * Assembly of a studio video: scenes timed by the voice, per-scene motion and transitions,
 * burned ASS captions in sync with the voice chunks, a music bed ducked under the voice, the
 * logo watermark and the AI-disclosure label. Cuts: `storefront` (price badge, CTA, optional QR)
 * and `clean` (no badge, link, QR or promotional overlay: TikTok's sharing guidelines); `square`
 * (1:1) and `wide` (16:9) exports of the clean cut when asked. Every output is quality-checked.
 * Outputs `<cut>.mp4` per cut, `cover.jpg`, `captions.srt`, `captions.ass`;
 * meta `{ qc: { [cut]: { ok, width, height, durationMs, videoCodec, audioCodec, lufs, blackStretches, frozenStretches, captionsInSafeArea, problems[] } } }`.
 */
export const studioAssembleJobSchema = z.object({
  type: z.literal('studio-assemble'),
  scenes: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]{1,20}$/),
        visual: studioVisualSchema,
        /** Seconds on the voice timeline. */
        startSeconds: z.number().min(0),
        endSeconds: z.number().min(0),
        onScreen: z.string().max(60).default(''),
        motion: z.enum(['zoom-in', 'zoom-out', 'pan-left', 'pan-right', 'none']).default('zoom-in'),
      }),
    )
    .min(1)
    .max(12),
  /** Caption cues (the voice chunks' text and times). */
  captions: z.array(z.object({ startSeconds: z.number().min(0), endSeconds: z.number().min(0), text: z.string().min(1).max(200) })).max(120),
  voice: inputName,
  music: inputName.optional(),
  logo: inputName.optional(),
  /** Price badge text for the storefront cut, e.g. "KSh 4,500". */
  priceText: z.string().max(40).optional(),
  callToAction: z.string().max(80).optional(),
  /** A URL to draw as a QR code on the storefront cut's last scene. */
  qrUrl: z.string().url().max(500).optional(),
  /** The AI-disclosure label; absent when nothing was AI-made. */
  disclosureText: z.string().min(1).max(60).optional(),
  /** The shop's brand colour for cards and caption highlight (#rrggbb). */
  brandColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .default('#111827'),
  cuts: z
    .array(z.enum(['storefront', 'clean', 'square', 'wide']))
    .min(1)
    .default(['storefront', 'clean']),
  /** 1080×1920 for delivery; 540×960 for drafts and tests. */
  resolution: z.enum(['1080x1920', '540x960']).default('1080x1920'),
})

/** Every render job type. Extend this union to add a job; the render node dispatches on `type`. */
export const renderJobSchema = z.discriminatedUnion('type', [
  probeImageJobSchema,
  thumbnailsJobSchema,
  framesJobSchema,
  previewJobSchema,
  promoJobSchema,
  studioVoiceJobSchema,
  studioClipsJobSchema,
  studioAssembleJobSchema,
])
export type RenderJob = z.infer<typeof renderJobSchema>
export type RenderJobType = RenderJob['type']
