// The only module that drives FFmpeg (system ffmpeg through fluent-ffmpeg).
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import ffmpeg from 'fluent-ffmpeg'
import { RenderError } from '../errors'

export type H264Encoder = 'h264_nvenc' | 'libx264'

/** Sees every FFmpeg command a job runs (the bench replays them to time FFmpeg alone). */
export type CommandHook = (args: string[]) => void

export type RunOptions = { signal?: AbortSignal; onCommand?: CommandHook }

/** Runs a configured fluent-ffmpeg command to completion as a promise; aborting the signal kills FFmpeg. */
export function runFfmpeg(cmd: ffmpeg.FfmpegCommand, signal?: AbortSignal, onCommand?: CommandHook): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new RenderError('timeout', 'job was stopped before FFmpeg started'))
    const onAbort = () => cmd.kill('SIGKILL')
    signal?.addEventListener('abort', onAbort, { once: true })
    cmd
      .on('start', () => onCommand?.((cmd as unknown as { _getArguments(): string[] })._getArguments()))
      .on('error', (err: Error, _stdout: string | null, stderr: string | null) => {
        signal?.removeEventListener('abort', onAbort)
        if (signal?.aborted) return reject(new RenderError('timeout', 'FFmpeg was stopped: job timed out'))
        const tail = String(stderr ?? '')
          .trim()
          .split('\n')
          .slice(-3)
          .join(' | ')
        reject(new Error(`${err.message}${tail ? ` (${tail.slice(0, 400)})` : ''}`, { cause: err }))
      })
      .on('end', () => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      })
      .run()
  })
}

/**
 * Picks the H.264 encoder by really encoding one frame with NVENC; anything but success means
 * libx264. (H100/H200 have no NVENC engine, so even a GPU machine may answer libx264.)
 */
export async function probeH264Encoder(): Promise<{ encoder: H264Encoder; reason: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'enc-probe-'))
  try {
    const out = path.join(dir, 'probe.mp4')
    await runFfmpeg(
      ffmpeg().input('color=c=black:s=256x256:d=0.04').inputFormat('lavfi').outputOptions(['-frames:v 1', '-c:v h264_nvenc', '-pix_fmt yuv420p']).output(out),
    )
    return { encoder: 'h264_nvenc', reason: 'one-frame NVENC encode succeeded' }
  } catch (err) {
    const msg =
      String((err as Error).message)
        .split('\n')
        .filter(Boolean)
        .slice(-1)[0] ?? 'failed'
    return { encoder: 'libx264', reason: `NVENC unavailable (${msg.slice(0, 160)})` }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** H.264 output options for the chosen encoder: yuv420p High profile, roughly the same quality either way. */
export function h264Options(encoder: H264Encoder, crf = 23): string[] {
  const common = ['-pix_fmt yuv420p', '-profile:v high', '-movflags +faststart']
  if (encoder === 'h264_nvenc') return ['-c:v h264_nvenc', '-preset p4', '-tune hq', '-rc vbr', `-cq ${crf}`, '-b:v 0', ...common]
  return ['-c:v libx264', '-preset veryfast', `-crf ${crf}`, ...common]
}

/** Leaves out encoder version strings and creation times, so the same input gives the same bytes. */
const REPRODUCIBLE = ['-map_metadata -1', '-fflags +bitexact', '-flags:v +bitexact', '-flags:a +bitexact']

// ---- untrusted input ------------------------------------------------------------------------

/** Demuxers allowed for uploaded media. Playlists (hls, concat, dash…) can point at other files, so they are not. */
const VIDEO_DEMUXERS = 'mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,mpegts,flv,ogg,mpeg'
const AUDIO_DEMUXERS = 'mp3,wav,ogg,flac,aac,mov,mp4,m4a,matroska,webm'
/** Our own intermediate files (PNG slides and overlays). */
const IMAGE_DEMUXERS = 'png_pipe,image2'

/** Input options on every untrusted input: local files and pipes only, allowed containers only, bounded probing. */
function inputGuard(demuxers: string): string[] {
  return ['-protocol_whitelist', 'file,pipe', '-format_whitelist', demuxers, '-probesize', '10000000', '-analyzeduration', '10000000']
}

const PLAYLIST_SIGNATURES = [/^#EXTM3U/, /^ffconcat/i, /^\[playlist\]/i, /^<\?xml/, /^<(MPD|smil|asx)/i, /^file\s+['"]?[/.]/m]

/**
 * Refuses what must never reach a demuxer: empty files and playlists or concat lists (which
 * name other files, e.g. /etc/passwd). The demuxer whitelist refuses them too; this check
 * gives the merchant a clear message.
 */
export function assertPlainMedia(data: Buffer, what: string): void {
  if (data.byteLength === 0) throw new RenderError('unsupported_input', `${what} is empty`)
  const head = data
    .subarray(0, 512)
    .toString('latin1')
    .replace(/^\ufeff|^\xef\xbb\xbf/, '')
    .trimStart()
  if (PLAYLIST_SIGNATURES.some((re) => re.test(head))) {
    throw new RenderError('unsupported_input', `${what} is a playlist or concat list; upload the media file itself`)
  }
}

export type MediaInfo = {
  formatName: string
  durationSeconds: number
  hasVideo: boolean
  hasAudio: boolean
  width?: number
  height?: number
  videoCodec?: string
}

/**
 * Probes an uploaded file with ffprobe under the input guard and checks it before any work:
 * it must be a video (or audio) of known, positive duration no longer than `maxSeconds`.
 */
export async function probeMedia(file: string, o: { kind: 'video' | 'audio'; maxSeconds: number; maxPixels?: number; what: string }): Promise<MediaInfo> {
  const data = await new Promise<ffmpeg.FfprobeData>((resolve, reject) =>
    ffmpeg.ffprobe(file, inputGuard(o.kind === 'video' ? VIDEO_DEMUXERS : AUDIO_DEMUXERS), (err, d) => (err ? reject(err) : resolve(d))),
  ).catch((err: Error) => {
    const reason = /not on whitelist/i.test(err.message) ? 'its container is not allowed' : 'it could not be read'
    throw new RenderError('unsupported_input', `${o.what} is not a supported ${o.kind} file: ${reason}`, { cause: err })
  })
  const video = data.streams.find((s) => s.codec_type === 'video' && !(s.disposition?.attached_pic === 1))
  const audio = data.streams.find((s) => s.codec_type === 'audio')
  const duration = Number(data.format.duration ?? video?.duration ?? audio?.duration)
  if (o.kind === 'video' && (!video?.width || !video.height)) throw new RenderError('unsupported_input', `${o.what} has no video stream`)
  if (o.kind === 'audio' && !audio) throw new RenderError('unsupported_input', `${o.what} has no audio stream`)
  if (!Number.isFinite(duration) || duration <= 0) throw new RenderError('unsupported_input', `${o.what} has no duration (empty or damaged)`)
  if (duration > o.maxSeconds) throw new RenderError('input_too_large', `${o.what} lasts ${duration.toFixed(1)} s, over the limit of ${o.maxSeconds} s`)
  if (video && o.maxPixels && (video.width ?? 0) * (video.height ?? 0) > o.maxPixels) {
    throw new RenderError('input_too_large', `${o.what} is ${video.width}×${video.height}, over the pixel limit`)
  }
  return {
    formatName: String(data.format.format_name),
    durationSeconds: duration,
    hasVideo: Boolean(video),
    hasAudio: Boolean(audio),
    width: video?.width,
    height: video?.height,
    videoCodec: video?.codec_name,
  }
}

/** FFmpeg failing on an input that ffprobe accepted is still the input's fault, not the node's. */
async function onInput<T>(what: string, work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (err) {
    if (err instanceof RenderError) throw err
    throw new RenderError('unsupported_input', `${what} could not be decoded: ${String((err as Error).message).slice(0, 300)}`, { cause: err })
  }
}

// ---- frames -------------------------------------------------------------------------------

export type CandidateFrame = { file: string; timeSeconds: number }

/**
 * Samples candidate cover frames as PNG: the first frame, every scene cut (FFmpeg's scene score),
 * and at least one frame per `interval` seconds. Videos longer than 30 s decode keyframes only,
 * which is several times faster and still lands on cuts, since encoders put keyframes there.
 */
export async function sampleFrames(
  file: string,
  outDir: string,
  o: RunOptions & { durationSeconds: number; maxCandidates: number; maxWidth: number },
): Promise<CandidateFrame[]> {
  const keyframesOnly = o.durationSeconds > 30
  const interval = Math.max(0.25, o.durationSeconds / Math.max(1, o.maxCandidates - 4))
  const select = keyframesOnly
    ? `eq(n\\,0)+gte(t-prev_selected_t\\,${interval.toFixed(3)})`
    : `eq(n\\,0)+gte(t-prev_selected_t\\,${interval.toFixed(3)})+gt(scene\\,0.3)*gte(t-prev_selected_t\\,0.2)`
  await onInput(
    'video',
    runFfmpeg(
      ffmpeg(file)
        .inputOptions([...inputGuard(VIDEO_DEMUXERS), ...(keyframesOnly ? ['-skip_frame', 'nokey'] : [])])
        .noAudio()
        .videoFilters([`select='${select}'`, `scale=w='min(iw\\,${o.maxWidth})':h=-2:flags=lanczos`])
        // file names carry each frame's time in ms
        .outputOptions(['-fps_mode passthrough', '-enc_time_base 1:1000', '-frame_pts 1', `-frames:v ${o.maxCandidates}`, '-c:v png', '-compression_level 1'])
        .output(path.join(outDir, 'cand-%d.png')),
      o.signal,
      o.onCommand,
    ),
  )
  const files = (await readdir(outDir)).filter((f) => /^cand-\d+\.png$/.test(f))
  if (files.length === 0) throw new RenderError('unsupported_input', 'video has no decodable frames')
  return files.map((f) => ({ file: path.join(outDir, f), timeSeconds: Number(f.slice(5, -4)) / 1000 })).sort((a, b) => a.timeSeconds - b.timeSeconds)
}

// ---- preview ------------------------------------------------------------------------------

export const PREVIEW = { width: 540, height: 960, fps: 30, webpWidth: 360, webpHeight: 640, webpFps: 12 } as const

/**
 * A silent storefront loop: `durationSeconds` from `startSeconds`, cover-cropped to 9:16, as H.264
 * MP4 (540×960, yuv420p, +faststart) and animated WebP (360×640, 12 fps, loops forever). A video
 * shorter than the loop is repeated to fill it.
 */
export async function renderPreview(
  file: string,
  outDir: string,
  o: RunOptions & { encoder: H264Encoder; startSeconds: number; durationSeconds: number; sourceSeconds: number },
): Promise<{ mp4: string; webp: string }> {
  const loop = o.sourceSeconds < o.startSeconds + o.durationSeconds
  const input = () =>
    ffmpeg(file)
      .inputOptions([...inputGuard(VIDEO_DEMUXERS), ...(loop ? ['-stream_loop', '-1'] : []), '-ss', (loop ? 0 : o.startSeconds).toFixed(3)])
      .noAudio()
      .duration(o.durationSeconds)
  const cover = (w: number, h: number, fps: number) => [
    `scale=${w}:${h}:force_original_aspect_ratio=increase:flags=bicubic`,
    `crop=${w}:${h}`,
    'setsar=1',
    `fps=${fps}`,
  ]
  const mp4 = path.join(outDir, 'preview.mp4')
  const webp = path.join(outDir, 'preview.webp')
  await onInput(
    'video',
    runFfmpeg(
      input()
        .videoFilters([...cover(PREVIEW.width, PREVIEW.height, PREVIEW.fps), 'format=yuv420p'])
        .outputOptions([...h264Options(o.encoder, 26), ...REPRODUCIBLE])
        .output(mp4),
      o.signal,
      o.onCommand,
    ),
  )
  await onInput(
    'video',
    runFfmpeg(
      input()
        .videoFilters(cover(PREVIEW.webpWidth, PREVIEW.webpHeight, PREVIEW.webpFps))
        .outputOptions(['-c:v libwebp_anim', '-loop 0', '-quality 70', '-compression_level 4', '-preset picture', ...REPRODUCIBLE])
        .output(webp),
      o.signal,
      o.onCommand,
    ),
  )
  return { mp4, webp }
}

// ---- promo --------------------------------------------------------------------------------

export type PromoOverlayInput = { file: string; left: number; top: number; from?: number; to?: number }

export type PromoVideoSpec = {
  width: number
  height: number
  fps: number
  durationSeconds: number
  /** PNG slides, larger than the frame by `slideScale` so the zoom never upsamples. */
  slides: string[]
  slideScale: number
  transitionSeconds: number
  overlays: PromoOverlayInput[]
  /** Background music (already probed), looped to fill the video. */
  music?: string
  /** Voice-over (already probed), starting at 0.5 s. */
  voice?: string
  encoder: H264Encoder
}

const TRANSITIONS = ['fade', 'smoothleft', 'circleopen', 'slideup', 'fadeblack', 'wiperight'] as const

/** Seconds each slide is on screen so that N slides with N-1 overlapping transitions fill the duration. */
export function slideSeconds(count: number, durationSeconds: number, transitionSeconds: number): number {
  return (durationSeconds + (count - 1) * transitionSeconds) / count
}

/**
 * The promo filtergraph: each slide zooms gently (zoompan, alternating in and out), slides join
 * with xfade, then the overlays (price, logo, captions drawn by sharp) are laid on top, and the
 * audio is music, voice, both (voice over lowered music) or silence, so there is always an AAC
 * track.
 */
export async function renderPromoVideo(spec: PromoVideoSpec, out: string, o: RunOptions = {}): Promise<void> {
  const { width: W, height: H, fps, durationSeconds: total } = spec
  const n = spec.slides.length
  const T = n > 1 ? spec.transitionSeconds : 0
  const D = slideSeconds(n, total, T)
  const frames = Math.ceil(D * fps) + 1
  const cmd = ffmpeg()
  const graph: string[] = []
  let idx = 0
  for (const [i, slide] of spec.slides.entries()) {
    cmd.input(slide).inputOptions(inputGuard(IMAGE_DEMUXERS))
    // zoom from 1 (whole slide) to 1.1 or back; the slide is slideScale× the frame, so every output pixel has a source pixel
    const motion = kenBurns(i % 2 === 0 ? 'zoom-in' : 'zoom-out', { frames, width: W, height: H, fps })
    graph.push(`[${idx++}:v]${motion},trim=duration=${D.toFixed(3)},setsar=1,format=yuv420p[s${i}]`)
  }
  let video = 's0'
  for (let i = 1; i < n; i++) {
    const next = `x${i}`
    graph.push(`[${video}][s${i}]xfade=transition=${TRANSITIONS[(i - 1) % TRANSITIONS.length]}:duration=${T}:offset=${(i * (D - T)).toFixed(3)}[${next}]`)
    video = next
  }
  for (const [k, ov] of spec.overlays.entries()) {
    const timed = ov.from !== undefined || ov.to !== undefined
    const from = ov.from ?? 0
    const to = ov.to ?? total
    cmd.input(ov.file).inputOptions([...inputGuard(IMAGE_DEMUXERS), ...(timed ? ['-loop', '1', '-framerate', String(fps), '-t', total.toFixed(3)] : [])])
    const label = `o${k}`
    if (timed) {
      // captions fade in and out rather than pop
      // the last caption stays to the final frame
      const fadeOut = to < total - 0.01 ? `,fade=t=out:st=${Math.max(from, to - 0.4).toFixed(3)}:d=0.4:alpha=1` : ''
      graph.push(`[${idx++}:v]format=rgba,fade=t=in:st=${from.toFixed(3)}:d=0.4:alpha=1${fadeOut}[ov${k}]`)
      graph.push(`[${video}][ov${k}]overlay=x=${ov.left}:y=${ov.top}:enable='between(t,${from.toFixed(3)},${to.toFixed(3)})'[${label}]`)
    } else {
      graph.push(`[${video}][${idx++}:v]overlay=x=${ov.left}:y=${ov.top}[${label}]`)
    }
    video = label
  }
  graph.push(`[${video}]format=yuv420p[vout]`)

  const audioGuard = inputGuard(AUDIO_DEMUXERS)
  const fadeOut = `afade=t=out:st=${Math.max(0, total - 1.5).toFixed(3)}:d=1.5`
  const stereo = 'aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo'
  let music: string | undefined
  let voice: string | undefined
  if (spec.music) {
    cmd.input(spec.music).inputOptions(['-stream_loop', '-1', ...audioGuard])
    music = 'music'
    graph.push(`[${idx++}:a]${stereo},atrim=0:${total.toFixed(3)},volume=${spec.voice ? 0.18 : 0.4},afade=t=in:d=0.5,${fadeOut}[music]`)
  }
  if (spec.voice) {
    cmd.input(spec.voice).inputOptions(audioGuard)
    voice = 'voice'
    graph.push(`[${idx++}:a]${stereo},adelay=500|500,apad,atrim=0:${total.toFixed(3)}[voice]`)
  }
  if (music && voice) graph.push(`[${music}][${voice}]amix=inputs=2:duration=longest:normalize=0,${fadeOut}[aout]`)
  else if (music || voice) graph.push(`[${music ?? voice}]anull[aout]`)
  else graph.push(`anullsrc=r=48000:cl=stereo,atrim=0:${total.toFixed(3)}[aout]`)

  cmd
    .complexFilter(graph)
    .outputOptions([
      '-map [vout]',
      '-map [aout]',
      ...h264Options(spec.encoder, 23),
      `-r ${fps}`,
      '-c:a aac',
      '-b:a 128k',
      '-ar 48000',
      `-t ${total.toFixed(3)}`,
      ...REPRODUCIBLE,
    ])
    .output(out)
  await onInput('audio or image', runFfmpeg(cmd, o.signal, o.onCommand))
}

// ---- studio building blocks -----------------------------------------------------------------

export type MediaKind = 'video' | 'audio' | 'image'

/** The input options for an untrusted (or intermediate) input of `kind`: the same guard every job uses. */
export function guardedInput(kind: MediaKind): string[] {
  return inputGuard(kind === 'video' ? VIDEO_DEMUXERS : kind === 'audio' ? AUDIO_DEMUXERS : IMAGE_DEMUXERS)
}

/** Output options that keep encoder versions and creation times out of the file. */
export const REPRODUCIBLE_OUTPUT: readonly string[] = REPRODUCIBLE.flatMap((o) => o.split(' '))

/**
 * Runs FFmpeg with an argument list built by the caller (graphs too large or too multi-output for
 * fluent-ffmpeg's builder), returning stdout (raw frames, PCM) and stderr (the analysis filters
 * — silencedetect, ebur128, showinfo, blackdetect — write their findings there). The hook sees
 * the arguments, as with `runFfmpeg`; aborting the signal kills FFmpeg.
 */
export function ffmpegArgs(args: string[], o: RunOptions & { stdin?: Buffer } = {}): Promise<{ stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    if (o.signal?.aborted) return reject(new RenderError('timeout', 'job was stopped before FFmpeg started'))
    const full = ['-hide_banner', '-nostdin', '-nostats', ...args]
    if (o.stdin) full.splice(full.indexOf('-nostdin'), 1)
    o.onCommand?.(full)
    const child = spawn('ffmpeg', full, { stdio: [o.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    let err = ''
    const onAbort = () => child.kill('SIGKILL')
    o.signal?.addEventListener('abort', onAbort, { once: true })
    child.stdout?.on('data', (d: Buffer) => out.push(d))
    child.stderr?.on('data', (d: Buffer) => {
      // the analysis filters can be chatty; keep the head (stream info) and a long tail
      err = err.length > 4_000_000 ? err.slice(0, 100_000) + err.slice(-2_000_000) + d : err + d
    })
    child.on('error', (e) => {
      o.signal?.removeEventListener('abort', onAbort)
      reject(e)
    })
    child.on('close', (code) => {
      o.signal?.removeEventListener('abort', onAbort)
      if (o.signal?.aborted) return reject(new RenderError('timeout', 'FFmpeg was stopped: job timed out'))
      if (code === 0) return resolve({ stdout: Buffer.concat(out), stderr: err })
      const tail = err.trim().split('\n').slice(-3).join(' | ')
      reject(new Error(`ffmpeg exited with code ${code}${tail ? ` (${tail.slice(0, 400)})` : ''}`))
    })
    if (o.stdin && child.stdin) child.stdin.end(o.stdin)
  })
}

/** `ffmpegArgs` on an input the merchant sent: a failure is the input's fault (4xx), not the node's. */
export function ffmpegOnInput(what: string, args: string[], o: RunOptions & { stdin?: Buffer } = {}) {
  return onInput(what, ffmpegArgs(args, o))
}

/**
 * A file path as a filter option value (e.g. `ass=…`). Filtergraph escaping nests three levels
 * deep; our temp paths are plain, so anything else is refused rather than escaped by hope.
 */
export function filterPath(file: string): string {
  if (!/^[\w./-]+$/.test(file)) throw new RenderError('internal', `temp path ${JSON.stringify(file)} cannot be used in a filtergraph`)
  return file
}

/**
 * The Ken Burns motion of a still slide as a zoompan filter. The slide is prepared larger than the
 * frame (promo and studio: 1.15×), so a 10 % zoom or a pan across the spare margin never upsamples.
 */
export function kenBurns(
  motion: 'zoom-in' | 'zoom-out' | 'pan-left' | 'pan-right' | 'none',
  o: { frames: number; width: number; height: number; fps: number },
): string {
  const zoomStep = (0.1 / o.frames).toFixed(6)
  const n = o.frames
  const centre = "x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)'"
  const common = `d=${n}:s=${o.width}x${o.height}:fps=${o.fps}`
  switch (motion) {
    case 'zoom-in':
      return `zoompan=z='1+${zoomStep}*on':${centre}:${common}`
    case 'zoom-out':
      return `zoompan=z='1.1-${zoomStep}*on':${centre}:${common}`
    // pans run at a fixed 1.08 zoom across the spare width, left to right or back
    case 'pan-left':
      return `zoompan=z='1.08':x='(iw-iw/zoom)*(1-on/${n})':y='ih/2-(ih/zoom/2)':${common}`
    case 'pan-right':
      return `zoompan=z='1.08':x='(iw-iw/zoom)*on/${n}':y='ih/2-(ih/zoom/2)':${common}`
    default:
      return `zoompan=z='1':${centre}:${common}`
  }
}

export type StreamInfo = { width: number | null; height: number | null; videoCodec: string | null; audioCodec: string | null; durationSeconds: number | null }

/** ffprobe of one of our own outputs (no input guard needed): frame size, codecs, duration. */
export async function probeStreams(file: string): Promise<StreamInfo> {
  const data = await new Promise<ffmpeg.FfprobeData>((resolve, reject) => ffmpeg.ffprobe(file, (err, d) => (err ? reject(err) : resolve(d))))
  const video = data.streams.find((s) => s.codec_type === 'video')
  const audio = data.streams.find((s) => s.codec_type === 'audio')
  const duration = Number(data.format.duration)
  return {
    width: video?.width ?? null,
    height: video?.height ?? null,
    videoCodec: video?.codec_name ?? null,
    audioCodec: audio?.codec_name ?? null,
    durationSeconds: Number.isFinite(duration) ? duration : null,
  }
}
