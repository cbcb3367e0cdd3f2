// The studio video's one FFmpeg run: scenes (Ken Burns stills, trimmed clips) joined by short
// crossfades on the voice timeline, the AI label, burned ASS captions, then split into the cuts
// (the storefront cut adds the logo, and its badge/CTA/QR over the last scene; square and wide
// are the clean cut on a blurred fill), each encoded once from the shared composite. Audio: the
// voice, and the music bed looped, faded and ducked under it by a sidechain compressor.
import { ffmpegOnInput, filterPath, guardedInput, type H264Encoder, h264Options, kenBurns, REPRODUCIBLE_OUTPUT, type RunOptions } from '../video'

export type StudioCut = 'storefront' | 'clean' | 'square' | 'wide'

export type SceneSource =
  | { kind: 'still'; file: string; motion: 'zoom-in' | 'zoom-out' | 'pan-left' | 'pan-right' | 'none' }
  | { kind: 'clip'; file: string; startSeconds: number; endSeconds: number }

export type AssemblySpec = {
  width: number
  height: number
  fps: number
  /** Scenes in order; scene k is on screen from `starts[k]` (starts[0] = 0) to the next start, the last to `totalSeconds`. */
  scenes: SceneSource[]
  starts: number[]
  totalSeconds: number
  transitionSeconds: number
  /** Stills are this much larger than the frame (so the zoom never upsamples). */
  slideScale: number
  /** Static overlay on every cut (the AI disclosure). */
  disclosure?: { file: string; left: number; top: number }
  /** The shop's logo watermark, on the storefront cut only. */
  logo?: { file: string; left: number; top: number }
  /** The storefront cut's overlay, shown from `from` to the end. */
  store?: { file: string; left: number; top: number; from: number }
  assFile: string
  voice: string
  music?: string
  cuts: StudioCut[]
  outputs: Record<StudioCut, string>
  encoder: H264Encoder
}

/** The seconds of each scene on screen (without its crossfade tail). */
export function sceneSpans(starts: number[], total: number): number[] {
  return starts.map((s, k) => (k + 1 < starts.length ? starts[k + 1] : total) - s)
}

/** The size of a cut: the 9:16 frame, its width squared, or its height by its width. */
export function cutSize(cut: StudioCut, width: number, height: number): { width: number; height: number } {
  return cut === 'square' ? { width, height: width } : cut === 'wide' ? { width: height, height: width } : { width, height }
}

/** Builds the FFmpeg arguments of the assembly (exported so the bench can replay exactly this). */
export function assemblyArgs(spec: AssemblySpec): string[] {
  const { width: W, height: H, fps, totalSeconds: T } = spec
  const spans = sceneSpans(spec.starts, T)
  const n = spec.scenes.length
  const X = n > 1 ? Math.min(spec.transitionSeconds, ...spans.map((s) => s / 2)) : 0
  const args: string[] = []
  const graph: string[] = []
  let idx = 0
  for (const [k, scene] of spec.scenes.entries()) {
    // every scene but the last runs on for the crossfade into the next one
    const L = spans[k] + (k + 1 < n ? X : 0)
    if (scene.kind === 'still') {
      args.push(...guardedInput('image'), '-i', scene.file)
      const frames = Math.ceil(L * fps) + 1
      graph.push(`[${idx++}:v]${kenBurns(scene.motion, { frames, width: W, height: H, fps })},trim=duration=${L.toFixed(3)},setsar=1,format=yuv420p[s${k}]`)
    } else {
      const len = Math.max(0.1, scene.endSeconds - scene.startSeconds)
      args.push(...guardedInput('video'), '-ss', scene.startSeconds.toFixed(3), '-t', len.toFixed(3), '-i', scene.file)
      // cover-crop to the frame; a clip shorter than its scene holds its last frame
      graph.push(
        `[${idx++}:v]scale=${W}:${H}:force_original_aspect_ratio=increase:flags=bicubic,crop=${W}:${H},setsar=1,fps=${fps},tpad=stop_mode=clone:stop_duration=${L.toFixed(3)},trim=duration=${L.toFixed(3)},setpts=PTS-STARTPTS,format=yuv420p[s${k}]`,
      )
    }
  }
  let video = 's0'
  for (let k = 1; k < n; k++) {
    // the crossfade into scene k starts exactly at its start time, so the total stays the voice's length
    graph.push(`[${video}][s${k}]xfade=transition=fade:duration=${X.toFixed(3)}:offset=${spec.starts[k].toFixed(3)}[x${k}]`)
    video = `x${k}`
  }
  if (spec.disclosure) {
    args.push(...guardedInput('image'), '-i', spec.disclosure.file)
    graph.push(`[${video}][${idx++}:v]overlay=x=${spec.disclosure.left}:y=${spec.disclosure.top}[vb]`)
    video = 'vb'
  }
  graph.push(`[${video}]ass=${filterPath(spec.assFile)},format=yuv420p[base]`)

  const wantsClean = spec.cuts.filter((c) => c !== 'storefront')
  const branches = (spec.cuts.includes('storefront') ? 1 : 0) + wantsClean.length
  const videoOut: Partial<Record<StudioCut, string>> = {}
  const sources = Array.from({ length: branches }, (_, i) => `b${i}`)
  graph.push(branches > 1 ? `[base]split=${branches}${sources.map((s) => `[${s}]`).join('')}` : `[base]null[${sources[0]}]`)
  let next = 0
  if (spec.cuts.includes('storefront')) {
    let src = sources[next++]
    if (spec.logo) {
      args.push(...guardedInput('image'), '-i', spec.logo.file)
      graph.push(`[${src}][${idx++}:v]overlay=x=${spec.logo.left}:y=${spec.logo.top}[vlogo]`)
      src = 'vlogo'
    }
    if (spec.store) {
      const { file, left, top, from } = spec.store
      // looped (decoded each frame) only for the last scene, then shifted there: no PNG decodes for the rest of the video
      args.push(...guardedInput('image'), '-loop', '1', '-framerate', String(fps), '-t', (T - from).toFixed(3), '-i', file)
      graph.push(`[${idx++}:v]format=rgba,fade=t=in:st=0:d=0.3:alpha=1,setpts=PTS+${from.toFixed(3)}/TB[so]`)
      graph.push(`[${src}][so]overlay=x=${left}:y=${top}:eof_action=pass[vstorefront]`)
    } else graph.push(`[${src}]null[vstorefront]`)
    videoOut.storefront = 'vstorefront'
  }
  for (const cut of wantsClean) {
    const src = sources[next++]
    const label = `v${cut}`
    if (cut === 'clean') graph.push(`[${src}]null[${label}]`)
    else {
      // the 9:16 cut whole, centred on a blurred, darkened fill of itself: nothing stretched, nothing cut
      const size = cutSize(cut, W, H)
      const fgW = Math.round((size.height * W) / H / 2) * 2
      graph.push(
        `[${src}]split[${label}bg][${label}fg]`,
        `[${label}bg]scale=${Math.round(size.width / 8 / 2) * 2}:${Math.round(size.height / 8 / 2) * 2}:force_original_aspect_ratio=increase,crop=${Math.round(size.width / 8 / 2) * 2}:${Math.round(size.height / 8 / 2) * 2},boxblur=4:2,eq=brightness=-0.08,scale=${size.width}:${size.height}:flags=bicubic,setsar=1[${label}fill]`,
        `[${label}fg]scale=${fgW}:${size.height}:flags=bicubic,setsar=1[${label}front]`,
        `[${label}fill][${label}front]overlay=x=(W-w)/2:y=0,format=yuv420p[${label}]`,
      )
    }
    videoOut[cut] = label
  }

  const stereo = 'aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo'
  args.push(...guardedInput('audio'), '-i', spec.voice)
  const voiceIdx = idx++
  graph.push(`[${voiceIdx}:a]${stereo},apad,atrim=0:${T.toFixed(3)}[voice]`)
  let audio = 'voice'
  if (spec.music) {
    args.push('-stream_loop', '-1', ...guardedInput('audio'), '-i', spec.music)
    const musicIdx = idx++
    graph.push(
      '[voice]asplit=2[vmain][vkey]',
      `[${musicIdx}:a]${stereo},atrim=0:${T.toFixed(3)},asetpts=PTS-STARTPTS,volume=0.3,afade=t=in:d=0.6,afade=t=out:st=${Math.max(0, T - 1.5).toFixed(3)}:d=1.5[bed]`,
      // the voice keys a compressor on the bed: about -12 dB while someone speaks, back up in the pauses
      '[bed][vkey]sidechaincompress=threshold=0.02:ratio=12:attack=15:release=350:makeup=1[ducked]',
      '[vmain][ducked]amix=inputs=2:duration=first:normalize=0[mixed]',
    )
    audio = 'mixed'
  }
  const audioOut = spec.cuts.map((c) => `a${c}`)
  graph.push(spec.cuts.length > 1 ? `[${audio}]asplit=${spec.cuts.length}${audioOut.map((a) => `[${a}]`).join('')}` : `[${audio}]anull[${audioOut[0]}]`)

  args.push('-filter_complex', graph.join(';'))
  const h264 = h264Options(spec.encoder, 23).flatMap((o) => o.split(' '))
  for (const [i, cut] of spec.cuts.entries()) {
    args.push(
      '-map',
      `[${videoOut[cut]}]`,
      '-map',
      `[${audioOut[i]}]`,
      ...h264,
      '-r',
      String(fps),
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-ar',
      '48000',
      '-t',
      T.toFixed(3),
      ...REPRODUCIBLE_OUTPUT,
      '-y',
      spec.outputs[cut],
    )
  }
  return args
}

/** Runs the assembly; a failure decoding a clip or image the merchant sent is a 4xx. */
export async function renderAssembly(spec: AssemblySpec, o: RunOptions = {}): Promise<void> {
  await ffmpegOnInput('a scene, the voice or the music', assemblyArgs(spec), o)
}
