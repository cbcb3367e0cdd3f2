import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ffmpegMake, sendJob, startNode, type TestNode } from '../../test/helpers'

type Clip = { startSeconds: number; endSeconds: number; score: number; sharpness: number; motion: number; exposure: number; stability: number }

let node: TestNode
beforeAll(async () => {
  node = await startNode()
})
afterAll(() => node.close())

describe('studio-clips job', () => {
  it('finds the cuts of a three-shot video and ranks the sharp shot first, the blurred and the black one after it', async () => {
    // 0–3 s a heavily blurred test card, 3–6 s a sharp moving test pattern, 6–9 s black
    const video = await ffmpegMake([
      '-f',
      'lavfi',
      '-i',
      'smptebars=s=640x360:r=30:d=3',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=s=640x360:r=30:d=3',
      '-f',
      'lavfi',
      '-i',
      'color=c=black:s=640x360:r=30:d=3',
      '-filter_complex',
      '[0]gblur=sigma=12[a];[a][1][2]concat=n=3:v=1:a=0,format=yuv420p',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
    ])
    const reply = await sendJob(node.url, { type: 'studio-clips', input: 'raw', count: 3, minSeconds: 2, maxSeconds: 2.5 }, { raw: video })
    expect(reply.status, JSON.stringify(reply.error)).toBe(200)
    const meta = reply.result!.meta as { clips: Clip[]; cuts: number[] }
    expect(meta.cuts).toHaveLength(2)
    expect(meta.cuts[0]).toBeCloseTo(3, 1)
    expect(meta.cuts[1]).toBeCloseTo(6, 1)
    const [best, second, third] = meta.clips
    // the winner lies inside the sharp shot; a clip never spans a cut
    expect(best.startSeconds).toBeGreaterThanOrEqual(3)
    expect(best.endSeconds).toBeLessThanOrEqual(6)
    expect(best.sharpness).toBeGreaterThan(second.sharpness)
    // blurred next, black last (it has no exposure at all)
    expect(second.endSeconds).toBeLessThanOrEqual(3)
    expect(third.startSeconds).toBeGreaterThanOrEqual(6)
    expect(third.exposure).toBe(0)
    expect(best.score).toBeGreaterThan(second.score * 2)
    for (const c of meta.clips) expect(c.endSeconds - c.startSeconds).toBeGreaterThanOrEqual(2)
    // one poster per clip, the best clip's from the test pattern (colourful), not black
    expect([...reply.files.keys()].sort()).toEqual(['clip-1.jpg', 'clip-2.jpg', 'clip-3.jpg'])
    const stats = await sharp(reply.files.get('clip-1.jpg')!).stats()
    expect(stats.channels[0].mean + stats.channels[1].mean + stats.channels[2].mean).toBeGreaterThan(150)
  })

  it('answers 422 for a corrupt upload', async () => {
    const junk = Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypisom'), Buffer.alloc(3000, 7)])
    const reply = await sendJob(node.url, { type: 'studio-clips', input: 'raw' }, { raw: junk })
    expect(reply.status).toBe(422)
    expect(reply.error?.message).toMatch(/video/)
  })
})
