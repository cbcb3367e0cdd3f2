// Smart clips: find the shots of an uploaded clip and score candidate segments inside them.
// FFmpeg finds the cuts (scene score + showinfo) and, in the same decoding pass, hands us small
// greyscale frames; the scores are plain arithmetic on those pixels.
import { RenderError } from '../../errors'
import { ffmpegOnInput, guardedInput, type RunOptions } from '../video'

/** Width of the analysis frames: enough for blur to show in the Laplacian, small enough to keep in memory. */
const ANALYSIS_WIDTH = 320
/** At most this many analysis frames, whatever the clip's length. */
const MAX_SAMPLES = 480

export type FrameStats = { t: number; sharpness: number; luma: number; clipped: number; diff: number; shift: number }

export type Analysis = { cuts: number[]; frames: FrameStats[]; sampleFps: number }

/** One decoding pass: scene cuts from FFmpeg's scene score, and per-frame statistics from the sampled grey frames. */
export async function analyseClip(file: string, durationSeconds: number, o: RunOptions = {}): Promise<Analysis> {
  const sampleFps = Math.min(8, MAX_SAMPLES / durationSeconds)
  const { stdout, stderr } = await ffmpegOnInput(
    'video',
    [
      ...guardedInput('video'),
      '-i',
      file,
      '-filter_complex',
      `[0:v]scale=${ANALYSIS_WIDTH}:-2:flags=area,format=gray,split[a][b];[a]select='gt(scene\\,0.3)',showinfo,nullsink;[b]fps=${sampleFps.toFixed(4)}[out]`,
      '-map',
      '[out]',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      'pipe:1',
    ],
    o,
  )
  // the frame size after FFmpeg's scaling (and auto-rotation of phone videos), as it reports it
  const size = /Stream #0:0.*?, gray\b.*?, (\d+)x(\d+)/.exec(stderr.slice(stderr.indexOf('Output #0')))
  if (!size) throw new RenderError('internal', 'could not read the analysis frame size from FFmpeg')
  const w = Number(size[1])
  const h = Number(size[2])
  const cuts = [...stderr.matchAll(/Parsed_showinfo.*?pts_time:\s*([\d.]+)/g)].map((m) => Number(m[1])).filter((t) => t > 0.05)
  const frames: FrameStats[] = []
  let prev: Uint8Array | undefined
  for (let off = 0, i = 0; off + w * h <= stdout.byteLength; off += w * h, i++) {
    const px = new Uint8Array(stdout.buffer, stdout.byteOffset + off, w * h)
    frames.push({ t: i / sampleFps, ...frameStats(px, w, h), ...(prev ? motion(prev, px, w, h) : { diff: 0, shift: 0 }) })
    prev = px
  }
  return { cuts, frames, sampleFps }
}

/** Laplacian variance (detail), mean luma (0..1) and the share of clipped pixels of a grey frame. */
function frameStats(px: Uint8Array, w: number, h: number) {
  let sum = 0
  let clipped = 0
  for (let i = 0; i < px.length; i++) {
    sum += px[i]
    if (px[i] <= 8 || px[i] >= 247) clipped++
  }
  let lapSum = 0
  let lapSq = 0
  let n = 0
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x
      const lap = 4 * px[i] - px[i - 1] - px[i + 1] - px[i - w] - px[i + w]
      lapSum += lap
      lapSq += lap * lap
      n++
    }
  }
  const mean = lapSum / n
  return { sharpness: lapSq / n - mean * mean, luma: sum / px.length / 255, clipped: clipped / px.length }
}

/**
 * Mean absolute difference of two frames (motion), and the global shift between them: the
 * offset (±4 px on a quarter-size frame) that best aligns them, i.e. how much the camera moved.
 */
function motion(a: Uint8Array, b: Uint8Array, w: number, h: number) {
  let diff = 0
  for (let i = 0; i < a.length; i++) diff += Math.abs(a[i] - b[i])
  const qa = quarter(a, w, h)
  const qb = quarter(b, w, h)
  const qw = w >> 2
  const qh = h >> 2
  const R = 4
  let best = Number.POSITIVE_INFINITY
  let bestShift = 0
  for (let dy = -R; dy <= R; dy++) {
    for (let dx = -R; dx <= R; dx++) {
      let sad = 0
      let count = 0
      for (let y = R; y < qh - R; y++) {
        for (let x = R; x < qw - R; x++) {
          sad += Math.abs(qa[y * qw + x] - qb[(y + dy) * qw + x + dx])
          count++
        }
      }
      const cost = sad / Math.max(1, count)
      // ties go to the smaller shift, so a flat frame does not read as camera shake
      if (cost < best - 1e-9 || (Math.abs(cost - best) < 1e-9 && Math.hypot(dx, dy) < bestShift)) {
        best = cost
        bestShift = Math.hypot(dx, dy)
      }
    }
  }
  return { diff: diff / a.length, shift: bestShift }
}

function quarter(px: Uint8Array, w: number, h: number): Uint8Array {
  const qw = w >> 2
  const qh = h >> 2
  const out = new Uint8Array(qw * qh)
  for (let y = 0; y < qh; y++) {
    for (let x = 0; x < qw; x++) {
      let s = 0
      for (let j = 0; j < 4; j++) for (let i = 0; i < 4; i++) s += px[(y * 4 + j) * w + x * 4 + i]
      out[y * qw + x] = s >> 4
    }
  }
  return out
}

export type ScoredClip = {
  startSeconds: number
  endSeconds: number
  score: number
  sharpness: number
  motion: number
  exposure: number
  stability: number
  bestFrameSeconds: number
}

/** Each factor is 0..1. */
function scoreSegment(frames: FrameStats[]): Omit<ScoredClip, 'startSeconds' | 'endSeconds'> {
  const mean = (f: (s: FrameStats) => number) => frames.reduce((a, s) => a + f(s), 0) / frames.length
  const lap = mean((s) => s.sharpness)
  // a sharp 320-px frame of real footage has a Laplacian variance in the hundreds; heavy blur, under 20
  const sharpness = lap / (lap + 120)
  const luma = mean((s) => s.luma)
  const clipped = mean((s) => s.clipped)
  const exposure = Math.max(0, 1 - Math.abs(luma - 0.45) / 0.45) * Math.max(0, 1 - 2 * clipped)
  // some motion is good (a pan, a hand turning the product), none is fine, a lot is bad: a bell around 5 grey levels per frame
  const moving = frames.slice(1)
  const d = moving.length ? moving.reduce((a, s) => a + s.diff, 0) / moving.length : 0
  const motion = Math.exp(-((Math.log(d + 1) - Math.log(6)) ** 2) / 2)
  const shake = moving.length ? moving.reduce((a, s) => a + s.shift, 0) / moving.length : 0
  const stability = Math.max(0, 1 - shake / 3)
  const score = exposure * (0.5 * sharpness + 0.2 * motion + 0.2 * stability + 0.1)
  const best = frames.reduce((a, s) => (s.sharpness > a.sharpness ? s : a))
  return { score: r3(score), sharpness: r3(sharpness), motion: r3(motion), exposure: r3(exposure), stability: r3(stability), bestFrameSeconds: best.t }
}

/**
 * The best `count` non-overlapping segments of `minSeconds`–`maxSeconds` inside the shots
 * (a segment never spans a cut), best first. Windows of `maxSeconds` (or the whole shot, if
 * shorter) slide in half-second steps; shots shorter than `minSeconds` are skipped.
 */
export function pickClips(a: Analysis, durationSeconds: number, o: { count: number; minSeconds: number; maxSeconds: number }): ScoredClip[] {
  const bounds = [0, ...a.cuts.filter((c) => c < durationSeconds), durationSeconds]
  const candidates: ScoredClip[] = []
  for (let s = 0; s + 1 < bounds.length; s++) {
    // keep a frame clear of each cut: the frames right at a cut belong to neither shot cleanly
    const from = bounds[s] + (s > 0 ? 0.05 : 0)
    const to = bounds[s + 1] - (s + 2 < bounds.length ? 0.05 : 0)
    const len = Math.min(o.maxSeconds, to - from)
    if (len < o.minSeconds) continue
    for (let start = from; start + len <= to + 1e-6; start += 0.5) {
      const frames = a.frames.filter((f) => f.t >= start && f.t < start + len)
      if (frames.length === 0) continue
      candidates.push({ startSeconds: r3(start), endSeconds: r3(start + len), ...scoreSegment(frames) })
    }
  }
  candidates.sort((x, y) => y.score - x.score || x.startSeconds - y.startSeconds)
  const picked: ScoredClip[] = []
  for (const c of candidates) {
    if (picked.length >= o.count) break
    if (picked.every((p) => c.endSeconds <= p.startSeconds || c.startSeconds >= p.endSeconds)) picked.push(c)
  }
  return picked
}

const r3 = (n: number) => Math.round(n * 1000) / 1000
