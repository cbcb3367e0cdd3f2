import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { create as createQr } from 'qrcode'
import { RenderError } from '../errors'
import { convertImage, prepareStudioSlide, renderStudioOverlays, renderTextCard, scoreFrame, textColourOn } from '../media/image'
import { type AssemblySpec, cutSize, renderAssembly, type SceneSource, type StudioCut, sceneSpans } from '../media/studio/assemble'
import { captionFiles, studioLayout } from '../media/studio/layout'
import { mapLimit, onceByKey } from '../media/studio/pool'
import { type QcReport, qualityCheck } from '../media/studio/qc'
import { assertPlainMedia, ffmpegArgs, probeMedia } from '../media/video'
import { imageLimits, inputFile, type JobRunner, openVideoInput, type ProducedFile, requireInput } from './types'

const FPS = 30
const TRANSITION_SECONDS = 0.4
/**
 * The video runs on after the voice ends (so a looping player does not clip the last word):
 * 0.5 s, or less on very short voice-overs, so the video stays within 10 % of the voice.
 */
const tailSeconds = (voiceSeconds: number) => Math.min(0.5, voiceSeconds * 0.06)
const SLIDE_SCALE = 1.15

/**
 * A studio video: scenes laid on the voice timeline (Ken Burns photos, trimmed clips, text cards)
 * with short crossfades, burned captions in sync with the voice chunks, each scene's on-screen
 * text, the music bed ducked under the voice, the AI-disclosure label (and on the storefront cut
 * the logo, price badge, call to action and QR); rendered in one FFmpeg pass into every
 * requested cut, then quality-checked.
 */
export const studioAssembleJob: JobRunner<'studio-assemble'> = async (job, ctx) => {
  const [W, H] = job.resolution.split('x').map(Number)
  const limits = imageLimits(ctx)
  const opts = { signal: ctx.signal, onCommand: ctx.onFfmpegCommand }

  assertPlainMedia(requireInput(ctx, job.voice), 'voice')
  const voice = await inputFile(ctx, job.voice)
  const voiceSeconds = (await probeMedia(voice, { kind: 'audio', maxSeconds: ctx.config.RENDER_MAX_VIDEO_SECONDS, what: 'voice' })).durationSeconds
  const total = voiceSeconds + tailSeconds(voiceSeconds)

  // A scene lasts until the next one starts, so the picture never runs ahead of or behind the
  // voice; the first starts at 0 and the last runs to the end (`endSeconds` only says which chunks it covers).
  const starts = job.scenes.map((s, k) => (k === 0 ? 0 : s.startSeconds))
  for (let k = 1; k < starts.length; k++) {
    if (starts[k] <= starts[k - 1])
      throw new RenderError('bad_request', `scene "${job.scenes[k].id}" starts at ${starts[k]} s, not after the scene before it (${starts[k - 1]} s)`)
    if (starts[k] > total - 0.5)
      throw new RenderError('bad_request', `scene "${job.scenes[k].id}" starts at ${starts[k]} s, after the voice ends (${voiceSeconds.toFixed(2)} s)`)
  }
  const spans = sceneSpans(starts, total)

  let music: string | undefined
  if (job.music) {
    assertPlainMedia(requireInput(ctx, job.music), 'music')
    music = await inputFile(ctx, job.music)
    await probeMedia(music, { kind: 'audio', maxSeconds: ctx.config.RENDER_MAX_VIDEO_SECONDS, what: 'music' })
  }

  // A card with no on-screen text shows what the voice says over it.
  const spokenDuring = (k: number) =>
    job.captions
      .filter((c) => c.startSeconds < starts[k] + spans[k] && c.endSeconds > starts[k])
      .map((c) => c.text)
      .join(' ')
  const t0 = performance.now()
  // Scenes are independent: prepare them side by side (libvips uses the cores; FFmpeg probes are short).
  const openClip = onceByKey((name) => openVideoInput(ctx, name))
  const scenes = await mapLimit(job.scenes, 3, async (scene, k): Promise<SceneSource> => {
    const v = scene.visual
    if (v.kind === 'clip') {
      const { file, info } = await openClip(v.input)
      const start = Math.min(v.startSeconds, Math.max(0, info.durationSeconds - 0.1))
      const end = Math.min(Math.max(v.endSeconds, start + 0.1), info.durationSeconds)
      return { kind: 'clip', file, startSeconds: start, endSeconds: end }
    }
    const png =
      v.kind === 'image'
        ? await prepareStudioSlide(requireInput(ctx, v.input), W, H, SLIDE_SCALE, limits, `image "${v.input}" of scene "${scene.id}"`)
        : await renderTextCard(scene.onScreen || spokenDuring(k), job.brandColor, W, H, SLIDE_SCALE)
    const file = path.join(ctx.tmpDir, `scene-${k}.png`)
    await writeFile(file, png)
    return { kind: 'still', file, motion: scene.motion }
  })

  const layout = studioLayout(W, H)
  const qr = job.qrUrl && job.cuts.includes('storefront') ? createQr(job.qrUrl, { errorCorrectionLevel: 'M' }).modules : undefined
  const overlays = await renderStudioOverlays(
    {
      logo: job.logo ? requireInput(ctx, job.logo) : undefined,
      disclosure: job.disclosureText,
      priceText: job.priceText,
      callToAction: job.callToAction,
      qr: qr ? { size: qr.size, dark: (row, col) => qr.data[row * qr.size + col] === 1 } : undefined,
    },
    layout,
    W,
    H,
    limits,
  )
  const placeOverlay = async (name: string, o: { png: Buffer; left: number; top: number } | undefined) => {
    if (!o) return undefined
    const file = path.join(ctx.tmpDir, `overlay-${name}.png`)
    await writeFile(file, o.png)
    return { file, left: o.left, top: o.top }
  }
  const disclosure = await placeOverlay('disclosure', overlays.disclosure)
  const logo = job.cuts.includes('storefront') ? await placeOverlay('logo', overlays.logo) : undefined
  const store = await placeOverlay('store', overlays.store)

  // Cards already show their text large; the headline would say it twice.
  const headlines = job.scenes.flatMap((s, k) =>
    s.onScreen && s.visual.kind !== 'card'
      ? [{ startSeconds: starts[k] + 0.15, endSeconds: starts[k] + spans[k] - (k + 1 < starts.length ? 0.1 : 0), text: s.onScreen }]
      : [],
  )
  const captions = captionFiles(job.captions, headlines, { width: W, height: H, layout, brandColor: job.brandColor, captionText: textColourOn(job.brandColor) })
  const assFile = path.join(ctx.tmpDir, 'captions.ass')
  await writeFile(assFile, captions.ass)

  const cuts = [...new Set(job.cuts)] as StudioCut[]
  const outputs = Object.fromEntries(cuts.map((c) => [c, path.join(ctx.tmpDir, `${c}.mp4`)])) as Record<StudioCut, string>
  const spec: AssemblySpec = {
    width: W,
    height: H,
    fps: FPS,
    scenes,
    starts,
    totalSeconds: total,
    transitionSeconds: TRANSITION_SECONDS,
    slideScale: SLIDE_SCALE,
    disclosure,
    logo,
    store: store ? { ...store, from: starts[starts.length - 1] } : undefined,
    assFile,
    voice,
    music,
    cuts,
    outputs,
    encoder: ctx.encoder,
  }
  const tEncode = performance.now()
  await renderAssembly(spec, opts)
  const tQc = performance.now()

  // The cover is picked while the cuts are checked.
  const cover = coverFrame(outputs[cuts.includes('clean') ? 'clean' : cuts[0]], starts[0], spans[0], W, H, ctx.tmpDir, limits, opts)
  cover.catch(() => {})
  const stillSpans = job.scenes.flatMap((s, k) => (s.visual.kind === 'clip' ? [] : [{ startSeconds: starts[k], endSeconds: starts[k] + spans[k] }]))
  // The square and wide cuts show the 9:16 frame scaled into their height; their caption boxes scale with it.
  const qcEntries = await mapLimit(cuts, 2, async (cut): Promise<[StudioCut, QcReport]> => {
    const size = cutSize(cut, W, H)
    const k = size.height / H
    const dx = (size.width - W * k) / 2
    const scale = (b: { left: number; top: number; right: number; bottom: number }) => ({
      left: b.left * k + dx,
      right: b.right * k + dx,
      top: b.top * k,
      bottom: b.bottom * k,
    })
    const report = await qualityCheck(
      outputs[cut],
      {
        width: size.width,
        height: size.height,
        durationSeconds: total,
        voiceSeconds,
        captionBoxes: captions.captionBoxes.map(scale),
        safe: scale(layout.safe),
        stillSpans,
      },
      opts,
    )
    return [cut, report]
  })
  const tDone = performance.now()
  const qc = Object.fromEntries(qcEntries.map(([cut, { fatal: _f, ...report }]) => [cut, report]))
  const unusable = qcEntries.filter(([, r]) => r.fatal.length)
  if (unusable.length) throw new RenderError('internal', `quality check failed: ${unusable.map(([c, r]) => `${c}: ${r.fatal.join('; ')}`).join(' | ')}`)

  const produced: ProducedFile[] = []
  for (const cut of cuts) {
    const size = cutSize(cut, W, H)
    produced.push({
      name: `${cut}.mp4`,
      contentType: 'video/mp4',
      width: size.width,
      height: size.height,
      durationMs: Math.round(total * 1000),
      data: await readFile(outputs[cut]),
    })
  }
  produced.push(await cover)
  produced.push({ name: 'captions.srt', contentType: 'application/x-subrip', data: Buffer.from(captions.srt) })
  produced.push({ name: 'captions.ass', contentType: 'text/x-ssa', data: Buffer.from(captions.ass) })
  return {
    encoder: ctx.encoder,
    outputs: produced,
    meta: {
      qc,
      durationMs: Math.round(total * 1000),
      voiceMs: Math.round(voiceSeconds * 1000),
      /** Where the job's time went: preparing slides, cards and overlays; the one FFmpeg run; the quality check and cover. */
      timingsMs: { prepare: Math.round(tEncode - t0), encode: Math.round(tQc - tEncode), check: Math.round(tDone - tQc) },
      scenes: job.scenes.map((s, k) => ({ id: s.id, kind: s.visual.kind, startSeconds: round3(starts[k]), endSeconds: round3(starts[k] + spans[k]) })),
      cuts,
      music: Boolean(music),
      logo: Boolean(job.logo),
      disclosure: Boolean(job.disclosureText),
      qr: Boolean(qr),
    },
  }
}

/**
 * The cover: the sharpest of three frames from the hook scene (after its on-screen text has
 * faded in), as JPEG.
 */
async function coverFrame(
  video: string,
  start: number,
  span: number,
  width: number,
  height: number,
  tmpDir: string,
  limits: { maxInputPixels: number },
  opts: { signal: AbortSignal },
): Promise<ProducedFile> {
  const times = [0.45, 0.65, 0.85].map((f) => start + Math.max(0.4, span * f))
  const frames = await mapLimit(times, 3, async (t, i) => {
    const file = path.join(tmpDir, `cover-${i}.png`)
    await ffmpegArgs(['-ss', t.toFixed(3), '-i', video, '-frames:v', '1', '-y', file], opts)
    return { file, score: (await scoreFrame(file, limits)).score }
  })
  const best = frames.reduce((a, b) => (b.score > a.score ? b : a))
  const jpeg = await convertImage(best.file, 'jpeg', { limits })
  return { name: 'cover.jpg', contentType: 'image/jpeg', width: jpeg.width ?? width, height: jpeg.height ?? height, data: jpeg.data }
}

const round3 = (n: number) => Math.round(n * 1000) / 1000
