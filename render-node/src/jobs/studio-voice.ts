import { readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { RenderError } from '../errors'
import { espeakVoice, speakWithEspeak } from '../media/speech'
import { assertAudible, decodeTrimmedPcm, normalizeVoice, placeChunks, VOICE_RATE } from '../media/studio/audio'
import { mapLimit, onceByKey } from '../media/studio/pool'
import { assertPlainMedia, probeMedia } from '../media/video'
import { inputFile, type JobRunner, requireInput } from './types'

/**
 * The studio's voice-over: each caption chunk spoken on its own (espeak-ng) or taken from the
 * audio the Worker sent (OpenAI TTS), trimmed, placed back to back with `gapMs` between them on
 * an exact sample timeline, then loudness-normalised as one AAC file. Because every chunk's
 * length is its sample count, the chunk times in meta are exactly where each chunk sits.
 */
export const studioVoiceJob: JobRunner<'studio-voice'> = async (job, ctx) => {
  const voice = await espeakVoice(job.language, job.voice)
  for (const c of job.chunks) {
    if (!c.input && c.text.trim() === '') throw new RenderError('bad_request', `chunk "${c.id}" has no text to speak`)
    if (c.input) assertPlainMedia(requireInput(ctx, c.input), `audio of chunk "${c.id}"`)
  }
  const opts = { signal: ctx.signal, onCommand: ctx.onFfmpegCommand }
  // one provided file may serve several chunks; it is written and probed once
  const openAudio = onceByKey(async (name) => {
    const file = await inputFile(ctx, name)
    const users = job.chunks.filter((c) => c.input === name).map((c) => `"${c.id}"`)
    await probeMedia(file, { kind: 'audio', maxSeconds: ctx.config.RENDER_MAX_VIDEO_SECONDS, what: `audio of chunk ${users.join(', ')}` })
    return file
  })
  // Chunks are independent until they are placed: synthesise and decode them side by side.
  const speak = (rate: number) =>
    mapLimit(job.chunks, Math.max(1, os.availableParallelism()), async (c, i) => {
      const what = c.input ? `audio of chunk "${c.id}"` : `chunk "${c.id}"`
      let file: string
      if (c.input) file = await openAudio(c.input)
      else {
        file = path.join(ctx.tmpDir, `chunk-${i}-${rate}.wav`)
        await speakWithEspeak(c.text, file, { voice, wordsPerMinute: rate, signal: ctx.signal }).catch((err: Error) => {
          throw new RenderError('internal', `espeak-ng could not speak ${what}: ${err.message}`, { cause: err })
        })
      }
      const pcm = await decodeTrimmedPcm(file, what, opts)
      assertAudible(pcm, what, Boolean(c.input))
      return { id: c.id, pcm, spoken: !c.input }
    })
  let rate = job.wordsPerMinute
  let pcms = await speak(rate)
  const corrected = correctedRate(pcms, job, rate)
  if (corrected !== rate) {
    rate = corrected
    pcms = await speak(rate)
  }
  const timeline = placeChunks(pcms, job.gapMs)
  const pcmFile = path.join(ctx.tmpDir, 'voice.pcm')
  await writeFile(pcmFile, timeline.pcm)
  const out = path.join(ctx.tmpDir, 'voice.m4a')
  const { lufs } = await normalizeVoice(pcmFile, out, opts)

  const provided = job.chunks.filter((c) => c.input).length
  const engine = provided === 0 ? 'espeak-ng' : provided === job.chunks.length ? 'provided' : 'mixed'
  return {
    outputs: [{ name: 'voice.m4a', contentType: 'audio/mp4', durationMs: timeline.durationMs, data: await readFile(out) }],
    meta: { engine, chunks: timeline.chunks, durationMs: timeline.durationMs, lufs, ...(engine !== 'provided' ? { voice, wordsPerMinute: rate } : {}) },
  }
}

/** espeak-ng's rate limits we use: slower drags, faster blurs. */
const RATE_MIN = 80
const RATE_MAX = 320

/**
 * The espeak-ng rate that brings the voice-over to `targetMs`: the spoken chunks' length scales
 * with 1 / rate, the gaps and any provided audio do not. `rate` itself when there is no target,
 * nothing espeak spoke, or the first pass is already within 3 %.
 */
export function correctedRate(pcms: Array<{ pcm: Buffer; spoken: boolean }>, job: { gapMs: number; targetMs?: number }, rate: number): number {
  if (!job.targetMs) return rate
  const ms = (b: Buffer) => (b.byteLength / 2 / VOICE_RATE) * 1000
  const spokenMs = pcms.filter((p) => p.spoken).reduce((n, p) => n + ms(p.pcm), 0)
  if (spokenMs === 0) return rate
  const fixedMs = pcms.filter((p) => !p.spoken).reduce((n, p) => n + ms(p.pcm), 0) + job.gapMs * Math.max(0, pcms.length - 1)
  const wantMs = job.targetMs - fixedMs
  if (wantMs <= 0) return RATE_MAX
  const ratio = spokenMs / wantMs
  if (Math.abs(ratio - 1) <= 0.03) return rate
  return Math.min(RATE_MAX, Math.max(RATE_MIN, Math.round(rate * ratio)))
}
