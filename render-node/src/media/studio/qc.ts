// The quality check every studio output passes before it is offered: what ffprobe says (size,
// codecs, duration), one decoding pass with blackdetect, freezedetect and ebur128, and the
// caption boxes from the layout against the safe area.
import { ffmpegArgs, probeStreams, type RunOptions } from '../video'
import { parseIntegratedLoudness } from './audio'
import { type Box, inside } from './layout'

export type Stretch = { startSeconds: number; endSeconds: number }

export type QcReport = {
  ok: boolean
  width: number | null
  height: number | null
  durationMs: number | null
  videoCodec: string | null
  audioCodec: string | null
  lufs: number | null
  blackStretches: Stretch[]
  frozenStretches: Stretch[]
  captionsInSafeArea: boolean
  problems: string[]
  /** Problems that make the file unusable (the job fails instead of offering it). */
  fatal: string[]
}

export type QcExpectation = {
  width: number
  height: number
  durationSeconds: number
  voiceSeconds: number
  captionBoxes: Box[]
  safe: Box
  /**
   * Where the video shows a still (a photo or text card under a slow Ken Burns move). A nearly
   * flat image moved a pixel a frame can fall under freezedetect's threshold; that is the still
   * as designed, so a frozen stretch inside one is reported but is not a problem. A freeze in a
   * clip, or across a scene change, is.
   */
  stillSpans?: Stretch[]
}

/** Stretches longer than this of black or frozen picture are reported. */
const STRETCH_SECONDS = 1

export async function qualityCheck(file: string, expect: QcExpectation, o: RunOptions = {}): Promise<QcReport> {
  const problems: string[] = []
  const fatal: string[] = []
  const info = await probeStreams(file)
  if (info.width !== expect.width || info.height !== expect.height)
    fatal.push(`frame is ${info.width}×${info.height}, expected ${expect.width}×${expect.height}`)
  if (info.videoCodec !== 'h264') fatal.push(`video codec is ${info.videoCodec ?? 'missing'}, expected h264`)
  if (info.audioCodec !== 'aac') fatal.push(`audio is ${info.audioCodec ?? 'missing'}, expected aac`)
  const duration = info.durationSeconds
  if (duration === null || Math.abs(duration - expect.durationSeconds) > expect.voiceSeconds * 0.1) {
    fatal.push(`lasts ${duration?.toFixed(2) ?? '?'} s, expected ${expect.durationSeconds.toFixed(2)} s (the voice plus its tail)`)
  } else if (Math.abs(duration - expect.durationSeconds) > 0.25)
    problems.push(`lasts ${duration.toFixed(2)} s, ${expect.durationSeconds.toFixed(2)} s expected`)

  let lufs: number | null = null
  let black: Stretch[] = []
  let frozen: Stretch[] = []
  if (fatal.length === 0) {
    const { stderr } = await ffmpegArgs(
      [
        '-i',
        file,
        '-filter_complex',
        `[0:v]blackdetect=d=${STRETCH_SECONDS}:pix_th=0.08,freezedetect=n=-60dB:d=${STRETCH_SECONDS},nullsink;[0:a]ebur128=framelog=verbose,anullsink`,
        '-f',
        'null',
        '-',
      ],
      o,
    )
    lufs = parseIntegratedLoudness(stderr)
    black = [...stderr.matchAll(/black_start:([\d.]+) black_end:([\d.]+)/g)].map((m) => ({ startSeconds: Number(m[1]), endSeconds: Number(m[2]) }))
    const starts = [...stderr.matchAll(/freeze_start: ([\d.]+)/g)].map((m) => Number(m[1]))
    const ends = [...stderr.matchAll(/freeze_end: ([\d.]+)/g)].map((m) => Number(m[1]))
    frozen = starts.map((s, i) => ({ startSeconds: s, endSeconds: ends[i] ?? duration ?? s }))
    if (lufs === null) fatal.push('the audio track is silent')
    else if (lufs < -20 || lufs > -12) problems.push(`loudness ${lufs} LUFS is far from -16`)
    for (const b of black) problems.push(`black from ${b.startSeconds.toFixed(2)} s to ${b.endSeconds.toFixed(2)} s`)
    const inStill = (f: Stretch) => (expect.stillSpans ?? []).some((s) => f.startSeconds >= s.startSeconds - 0.05 && f.endSeconds <= s.endSeconds + 0.05)
    for (const f of frozen) if (!inStill(f)) problems.push(`frozen picture from ${f.startSeconds.toFixed(2)} s to ${f.endSeconds.toFixed(2)} s`)
  }
  const captionsInSafeArea = expect.captionBoxes.every((b) => inside(b, expect.safe))
  if (!captionsInSafeArea) problems.push('a caption reaches outside the safe area')
  return {
    ok: fatal.length === 0 && problems.length === 0,
    width: info.width,
    height: info.height,
    durationMs: duration === null ? null : Math.round(duration * 1000),
    videoCodec: info.videoCodec,
    audioCodec: info.audioCodec,
    lufs,
    blackStretches: black,
    frozenStretches: frozen,
    captionsInSafeArea,
    problems: [...fatal, ...problems],
    fatal,
  }
}
