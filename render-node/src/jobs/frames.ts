import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { convertImage, type FrameScore, fingerprintDistance, IMAGE_CONTENT_TYPES, IMAGE_EXTENSIONS, scoreFrame } from '../media/image'
import { sampleFrames } from '../media/video'
import { imageLimits, type JobRunner, openVideoInput, type ProducedFile } from './types'

/** Fingerprint distance above which two neighbouring candidates belong to different scenes. */
const SCENE_CHANGE = 0.12
/** Below this, a frame is a near-duplicate of one already picked. */
const NEAR_DUPLICATE = 0.04
const MAX_CANDIDATES = 36

type Candidate = FrameScore & { file: string; timeSeconds: number; scene: number }

/**
 * Best frames of a video: sample candidates (scene cuts, keyframes, regular intervals), score each
 * for sharpness, detail and exposure, then take the best frame of each scene first, so that three
 * frames show three different moments, not one moment three times.
 */
export const framesJob: JobRunner<'frames'> = async (job, ctx) => {
  const { file, info } = await openVideoInput(ctx, job.input)
  const dir = path.join(ctx.tmpDir, 'frames')
  await mkdir(dir)
  const sampled = await sampleFrames(file, dir, {
    durationSeconds: info.durationSeconds,
    maxCandidates: MAX_CANDIDATES,
    maxWidth: job.maxWidth,
    signal: ctx.signal,
    onCommand: ctx.onFfmpegCommand,
  })
  const limits = imageLimits(ctx)
  const candidates: Candidate[] = []
  let scene = 0
  for (const s of sampled) {
    const score = await scoreFrame(s.file, limits)
    const prev = candidates[candidates.length - 1]
    if (prev && fingerprintDistance(prev.fingerprint, score.fingerprint) > SCENE_CHANGE) scene++
    candidates.push({ ...s, ...score, scene })
  }

  const byScore = [...candidates].sort((a, b) => b.score - a.score || a.timeSeconds - b.timeSeconds)
  const picked: Candidate[] = []
  const bestOfScene = new Map<number, Candidate>()
  for (const c of byScore) if (!bestOfScene.has(c.scene)) bestOfScene.set(c.scene, c)
  for (const c of bestOfScene.values()) if (picked.length < job.count) picked.push(c)
  for (const c of byScore) {
    if (picked.length >= job.count) break
    if (!picked.includes(c) && picked.every((p) => fingerprintDistance(p.fingerprint, c.fingerprint) > NEAR_DUPLICATE)) picked.push(c)
  }
  picked.sort((a, b) => b.score - a.score || a.timeSeconds - b.timeSeconds)

  const outputs: ProducedFile[] = []
  for (const [rank, c] of picked.entries()) {
    for (const format of job.formats) {
      const img = await convertImage(c.file, format, { maxWidth: job.maxWidth, limits })
      outputs.push({
        name: `frame-${rank + 1}.${IMAGE_EXTENSIONS[format]}`,
        contentType: IMAGE_CONTENT_TYPES[format],
        width: img.width,
        height: img.height,
        data: img.data,
        meta: { rank: rank + 1, timeSeconds: c.timeSeconds, score: c.score },
      })
    }
  }
  const describe = ({ timeSeconds, score, sharpness, entropy, luminance, scene }: Candidate) => ({ timeSeconds, score, sharpness, entropy, luminance, scene })
  return {
    outputs,
    meta: {
      video: { durationSeconds: info.durationSeconds, width: info.width, height: info.height, codec: info.videoCodec },
      frames: picked.map(describe),
      candidates: candidates.map(describe),
      scenes: scene + 1,
    },
  }
}
