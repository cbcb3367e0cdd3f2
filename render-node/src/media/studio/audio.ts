// The studio's audio steps: decode a chunk to trimmed PCM, place chunks on an exact sample
// timeline, loudness-normalise, measure. FFmpeg runs through media/video.ts.
import { RenderError } from '../../errors'
import { ffmpegArgs, ffmpegOnInput, guardedInput, type RunOptions } from '../video'

/** The voice timeline's sample rate; every chunk is decoded to mono s16 at this rate. */
export const VOICE_RATE = 48_000
/** Silence kept before and after each chunk's speech when trimming (so consonants are not clipped). */
export const KEEP_SILENCE_MS = 40
/** Chunk lengths are padded to whole 10 ms steps, so every start is exact in ASS (centiseconds) and SRT (ms) alike. */
const STEP_SAMPLES = VOICE_RATE / 100

const TARGET_LUFS = -16

const trimEdge = `silenceremove=start_periods=1:start_threshold=-50dB:start_silence=${KEEP_SILENCE_MS / 1000}:detection=peak`
/** Trims leading silence, reverses, trims again (the trailing silence), reverses back. */
const TRIM_SILENCE = `${trimEdge},areverse,${trimEdge},areverse`

/**
 * Decodes an audio file (a provided TTS chunk or espeak-ng's WAV) to mono 16-bit PCM at
 * VOICE_RATE with leading and trailing silence trimmed (keeping KEEP_SILENCE_MS), padded to a
 * whole 10 ms step. The duration is then the sample count: exact, not an estimate.
 */
export async function decodeTrimmedPcm(file: string, what: string, o: RunOptions = {}): Promise<Buffer> {
  const { stdout } = await ffmpegOnInput(
    what,
    [
      ...guardedInput('audio'),
      '-i',
      file,
      '-vn',
      '-af',
      `aresample=${VOICE_RATE},${TRIM_SILENCE}`,
      '-ac',
      '1',
      '-ar',
      String(VOICE_RATE),
      '-f',
      's16le',
      '-c:a',
      'pcm_s16le',
      'pipe:1',
    ],
    o,
  )
  const samples = Math.floor(stdout.byteLength / 2)
  const padded = Math.ceil(samples / STEP_SAMPLES) * STEP_SAMPLES
  const out = Buffer.alloc(padded * 2)
  stdout.copy(out, 0, 0, samples * 2)
  return out
}

export type PlacedChunk = { id: string; startMs: number; endMs: number }

/** Lays PCM chunks back to back with `gapMs` of silence between them; returns the PCM and each chunk's span. */
export function placeChunks(chunks: Array<{ id: string; pcm: Buffer }>, gapMs: number): { pcm: Buffer; chunks: PlacedChunk[]; durationMs: number } {
  const gapBytes = ((gapMs * VOICE_RATE) / 1000) * 2
  const parts: Buffer[] = []
  const placed: PlacedChunk[] = []
  let bytes = 0
  for (const [i, c] of chunks.entries()) {
    if (i > 0 && gapBytes > 0) {
      parts.push(Buffer.alloc(gapBytes))
      bytes += gapBytes
    }
    const startMs = msOf(bytes)
    parts.push(c.pcm)
    bytes += c.pcm.byteLength
    placed.push({ id: c.id, startMs, endMs: msOf(bytes) })
  }
  return { pcm: Buffer.concat(parts), chunks: placed, durationMs: msOf(bytes) }
}

const msOf = (bytes: number) => Math.round((bytes / 2 / VOICE_RATE) * 1000)

/** -1.5 dBFS: the ceiling the limiter keeps peaks under after the gain. */
const PEAK_LIMIT = 0.84

/**
 * Two-pass linear normalisation of mono PCM to -16 LUFS as AAC in MP4: measure (ebur128), apply
 * the gain under a delay-compensated limiter and measure again (the limiter can take a little
 * off), correct once, encode. One gain for the whole file, so the timeline is untouched and
 * short voice-overs (where loudnorm's dynamic mode misbehaves) come out right too. Returns the
 * output file's measured integrated loudness.
 */
export async function normalizeVoice(pcmFile: string, outFile: string, o: RunOptions = {}): Promise<{ lufs: number | null }> {
  const pcmIn = ['-f', 's16le', '-ar', String(VOICE_RATE), '-ac', '1', '-i', pcmFile]
  const chain = (gainDb: number) => `volume=${gainDb.toFixed(2)}dB,alimiter=limit=${PEAK_LIMIT}:level=false:latency=true`
  const measure = async (filter: string) => parseIntegratedLoudness((await ffmpegArgs([...pcmIn, '-af', `${filter},${EBUR128}`, '-f', 'null', '-'], o)).stderr)
  const input = await measure('anull')
  let gain = 0
  if (input !== null) {
    gain = TARGET_LUFS - input
    const first = await measure(chain(gain))
    if (first !== null) gain += TARGET_LUFS - first
  }
  await ffmpegArgs(
    [
      ...pcmIn,
      '-af',
      `${input === null ? 'anull' : chain(gain)},aformat=channel_layouts=mono`,
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-movflags',
      '+faststart',
      '-y',
      outFile,
    ],
    o,
  )
  return { lufs: await measureLoudness(outFile, o) }
}

/** ebur128 with its per-frame lines at verbose level, so stderr holds only the summary. */
const EBUR128 = 'ebur128=framelog=verbose'

/** Integrated loudness (LUFS) of a file's audio, by FFmpeg's ebur128 filter; null when it has none or it is silent. */
export async function measureLoudness(file: string, o: RunOptions = {}): Promise<number | null> {
  const { stderr } = await ffmpegArgs(['-i', file, '-vn', '-af', EBUR128, '-f', 'null', '-'], o)
  return parseIntegratedLoudness(stderr)
}

/** The "I: -16.0 LUFS" line of ebur128's summary. */
export function parseIntegratedLoudness(stderr: string): number | null {
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'))
  const m = /I:\s+(-?[\d.]+|-inf)\s+LUFS/.exec(summary)
  const v = m ? Number(m[1]) : Number.NaN
  return Number.isFinite(v) ? Math.round(v * 10) / 10 : null
}

/** Throws the 4xx a merchant should see when a chunk has no sound left after trimming. */
export function assertAudible(pcm: Buffer, what: string, provided: boolean): void {
  let peak = 0
  for (let i = 0; i + 1 < pcm.byteLength; i += 2) peak = Math.max(peak, Math.abs(pcm.readInt16LE(i)))
  if (pcm.byteLength === 0 || peak < 33) {
    throw new RenderError(provided ? 'unsupported_input' : 'bad_request', provided ? `${what} is silent` : `${what} has nothing to speak`)
  }
}
