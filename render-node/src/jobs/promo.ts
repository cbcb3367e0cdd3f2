import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { type PlacedOverlay, preparePromoSlide, probeImage, renderPromoOverlays } from '../media/image'
import { synthesizeSpeech } from '../media/speech'
import { assertPlainMedia, type PromoOverlayInput, probeMedia, renderPromoVideo, slideSeconds } from '../media/video'
import { imageLimits, inputFile, type JobRunner, requireInput } from './types'

const FPS = 30
const TRANSITION_SECONDS = 0.6
/** Slides are prepared this much larger than the frame, so the 10 % zoom never upsamples. */
const SLIDE_SCALE = 1.15

/**
 * A 9:16 promo video: product images with gentle zoom and crossfades, the title as a caption, a
 * price badge, the logo as a watermark, the call to action over the last slide, an "AI-generated"
 * label when AI wrote the text (or spoke it), and music, voice-over or silence as its AAC track.
 */
export const promoJob: JobRunner<'promo'> = async (job, ctx) => {
  const [width, height] = job.resolution.split('x').map(Number)
  const total = job.durationSeconds
  const limits = imageLimits(ctx)

  // Every input is checked before any work, then the slides are prepared side by side (libvips
  // spreads them over the cores) while the overlays are drawn.
  for (const name of job.images) await probeImage(requireInput(ctx, name), limits, `image "${name}"`)
  const slidesReady = Promise.all(
    job.images.map(async (name, i) => {
      const file = path.join(ctx.tmpDir, `slide-${i}.png`)
      await writeFile(file, await preparePromoSlide(requireInput(ctx, name), width, height, SLIDE_SCALE, limits, `image "${name}"`))
      return file
    }),
  )
  // Settled even when the job fails earlier, so no rejection goes unheard.
  slidesReady.catch(() => {})
  // The overlays are drawn meanwhile too; only a voice-over on a job not already labelled as AI
  // text has to wait for the speech engine to know whether the "AI-generated" label is needed.
  const drawOverlays = (disclosed: boolean) =>
    renderPromoOverlays(
      {
        title: job.title,
        priceText: job.priceText,
        callToAction: job.callToAction,
        disclosure: disclosed ? job.disclosureText : undefined,
        logo: job.logo ? requireInput(ctx, job.logo) : undefined,
      },
      width,
      height,
      limits,
    )
  const overlaysEarly = !job.voiceOver || job.aiGenerated ? drawOverlays(job.aiGenerated) : undefined
  overlaysEarly?.catch(() => {})

  let music: string | undefined
  if (job.music) {
    assertPlainMedia(requireInput(ctx, job.music), 'music')
    music = await inputFile(ctx, job.music)
    await probeMedia(music, { kind: 'audio', maxSeconds: ctx.config.RENDER_MAX_VIDEO_SECONDS, what: 'music' })
  }

  let voice: string | undefined
  let voiceOver: { engine: string; errors?: string[] } = { engine: 'none' }
  if (job.voiceOver) {
    const text = [job.title, job.priceText, job.callToAction].filter(Boolean).join('. ')
    const file = path.join(ctx.tmpDir, 'voice.wav')
    const openai = ctx.config.OPENAI_API_KEY ? { apiKey: ctx.config.OPENAI_API_KEY, baseURL: ctx.config.OPENAI_BASE_URL } : undefined
    const spoken = await synthesizeSpeech(text, file, { openai, language: job.language, signal: ctx.signal })
    voiceOver = { engine: spoken.engine ?? 'none', ...(spoken.errors.length ? { errors: spoken.errors } : {}) }
    if (spoken.engine) {
      await probeMedia(file, { kind: 'audio', maxSeconds: ctx.config.RENDER_MAX_VIDEO_SECONDS, what: 'voice-over' })
      voice = file
    }
  }

  // A synthetic voice counts as AI-generated content too.
  const disclosed = job.aiGenerated || voiceOver.engine === 'openai'
  const overlays = await (overlaysEarly ?? drawOverlays(disclosed))
  const slides = await slidesReady
  // The title runs until the last slide arrives; the call to action takes over there.
  const n = slides.length
  const lastSlideStart = n > 1 ? (n - 1) * (slideSeconds(n, total, TRANSITION_SECONDS) - TRANSITION_SECONDS) : total * 0.6
  const ctaFrom = Math.min(lastSlideStart + (n > 1 ? TRANSITION_SECONDS / 2 : 0), total - 1.5)
  const place = async (o: PlacedOverlay, name: string, from?: number, to?: number): Promise<PromoOverlayInput> => {
    const file = path.join(ctx.tmpDir, `overlay-${name}.png`)
    await writeFile(file, o.png)
    return { file, left: o.left, top: o.top, from, to }
  }
  const placed: PromoOverlayInput[] = []
  if (overlays.base) placed.push(await place(overlays.base, 'base'))
  placed.push(await place(overlays.title, 'title', 0.3, ctaFrom))
  placed.push(await place(overlays.cta, 'cta', ctaFrom, total))

  const out = path.join(ctx.tmpDir, 'promo.mp4')
  await renderPromoVideo(
    {
      width,
      height,
      fps: FPS,
      durationSeconds: total,
      slides,
      slideScale: SLIDE_SCALE,
      transitionSeconds: TRANSITION_SECONDS,
      overlays: placed,
      music,
      voice,
      encoder: ctx.encoder,
    },
    out,
    { signal: ctx.signal, onCommand: ctx.onFfmpegCommand },
  )
  return {
    encoder: ctx.encoder,
    outputs: [{ name: 'promo.mp4', contentType: 'video/mp4', width, height, durationMs: Math.round(total * 1000), data: await readFile(out) }],
    meta: { slides: n, durationSeconds: total, resolution: job.resolution, music: Boolean(music), voiceOver, aiDisclosure: disclosed, logo: Boolean(job.logo) },
  }
}
