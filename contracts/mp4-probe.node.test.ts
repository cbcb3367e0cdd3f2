import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Mp4ProbeError, probeMp4 } from './mp4-probe'

const run = promisify(execFile)
let dir = ''
const made: Record<string, Uint8Array> = {}

/** Real files from FFmpeg: what phones and editors write (moov first or last, MOV, audio only). */
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mp4-probe-'))
  const video = ['-f', 'lavfi', '-i', 'testsrc=size=360x640:rate=30:duration=2.5', '-f', 'lavfi', '-i', 'sine=duration=2.5']
  const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest']
  const files: Record<string, string[]> = {
    faststart: [...video, ...x264, '-movflags', '+faststart', 'faststart.mp4'],
    moovLast: [...video, ...x264, 'moov-last.mp4'],
    mov: [...video, ...x264, 'clip.mov'],
    audio: ['-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'aac', 'audio.m4a'],
  }
  for (const [name, args] of Object.entries(files)) {
    await run('ffmpeg', ['-v', 'error', '-y', ...args], { cwd: dir })
    made[name] = new Uint8Array(await readFile(path.join(dir, args.at(-1) as string)))
  }
}, 60_000)
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('probeMp4', () => {
  it('reads the duration and the video size of an MP4, moov first or last, and of a MOV', () => {
    for (const name of ['faststart', 'moovLast']) {
      const info = probeMp4(made[name])
      expect(info).toMatchObject({ container: 'mp4', width: 360, height: 640 })
      expect(Math.abs(info.durationMs - 2500)).toBeLessThan(120)
    }
    expect(probeMp4(made.mov)).toMatchObject({ container: 'quicktime', brand: 'qt  ', width: 360, height: 640 })
  })

  it('refuses a truncated upload, a file with no video track, and what is not a video, saying why', () => {
    const cut = made.moovLast.subarray(0, Math.floor(made.moovLast.byteLength * 0.6))
    expect(() => probeMp4(cut)).toThrow(Mp4ProbeError)
    expect(() => probeMp4(cut)).toThrow(/runs past the end|incomplete/)
    expect(() => probeMp4(made.audio)).toThrow('it has no video track')
    expect(() => probeMp4(new TextEncoder().encode('<html>not a video</html>'))).toThrow(/no ftyp box/)
    expect(() => probeMp4(new Uint8Array(0))).toThrow(Mp4ProbeError)
    // A box claiming more bytes than the file has.
    const lying = made.faststart.slice()
    new DataView(lying.buffer).setUint32(0, 0x7fffffff)
    expect(() => probeMp4(lying)).toThrow(/runs past the end/)
  })
})
