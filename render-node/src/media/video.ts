// The only module that drives FFmpeg (system ffmpeg through fluent-ffmpeg).
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import ffmpeg from 'fluent-ffmpeg'

export type H264Encoder = 'h264_nvenc' | 'libx264'

/** Runs a configured fluent-ffmpeg command to completion as a promise. */
export function runFfmpeg(cmd: ffmpeg.FfmpegCommand, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => cmd.kill('SIGKILL')
    signal?.addEventListener('abort', onAbort, { once: true })
    cmd
      .on('error', (err) => {
        signal?.removeEventListener('abort', onAbort)
        reject(signal?.aborted ? new Error('ffmpeg was stopped: job timed out') : err)
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
      ffmpeg()
        .input('color=c=black:s=256x256:d=0.04')
        .inputFormat('lavfi')
        .outputOptions(['-frames:v 1', '-c:v h264_nvenc', '-pix_fmt yuv420p'])
        .output(out),
    )
    return { encoder: 'h264_nvenc', reason: 'one-frame NVENC encode succeeded' }
  } catch (err) {
    const msg = String((err as Error).message).split('\n').filter(Boolean).slice(-1)[0] ?? 'failed'
    return { encoder: 'libx264', reason: `NVENC unavailable (${msg.slice(0, 160)})` }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
