import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ffprobe, makeVideo, sendJob, startNode, type TestNode } from './helpers'

let node: TestNode
beforeAll(async () => {
  node = await startNode()
})
afterAll(() => node.close())

describe('frames job', () => {
  let video: Buffer
  beforeAll(async () => {
    // 2 s black, 2 s heavily blurred, 2 s sharp
    video = await makeVideo(
      'color=c=black:s=360x640:d=2:r=10[a];testsrc2=s=360x640:d=2:r=10,gblur=sigma=14[b];testsrc=s=360x640:d=2:r=10[c];[a][b][c]concat=n=3',
    )
  })

  it('picks the sharp, well-exposed segment first and returns frames from different scenes', async () => {
    const reply = await sendJob(node.url, { type: 'frames', input: 'video', count: 3 }, { video })
    expect(reply.status).toBe(200)
    const frames = reply.result!.meta.frames as Array<{ timeSeconds: number; score: number; scene: number; luminance: number }>
    expect(frames).toHaveLength(3)
    expect(frames[0].timeSeconds).toBeGreaterThanOrEqual(4)
    expect(frames[0].score).toBeGreaterThan(frames[1].score)
    expect(new Set(frames.map((f) => f.scene)).size).toBe(3)
    // black loses to everything
    const black = frames.find((f) => f.timeSeconds < 2)
    if (black) expect(black).toBe(frames[2])
    const first = await sharp(reply.files.get('frame-1.jpg')!).metadata()
    expect([first.format, first.width, first.height]).toEqual(['jpeg', 360, 640])
    expect((await sharp(reply.files.get('frame-1.webp')!).metadata()).format).toBe('webp')
    expect(reply.result!.outputs.find((o) => o.name === 'frame-1.jpg')?.meta).toMatchObject({ rank: 1 })
  })

  it('bounds the frame width', async () => {
    const reply = await sendJob(node.url, { type: 'frames', input: 'video', count: 1, formats: ['webp'], maxWidth: 180 }, { video })
    expect(reply.result!.outputs.map((o) => [o.name, o.width, o.height])).toEqual([['frame-1.webp', 180, 320]])
  })
})

describe('preview job', () => {
  it('makes a 6 s silent 540×960 H.264 MP4 with faststart and a 360×640 animated WebP', async () => {
    const video = await makeVideo('testsrc2=s=640x360:d=8:r=25', { audio: true, seconds: 8 })
    const reply = await sendJob(node.url, { type: 'preview', input: 'video' }, { video })
    expect(reply.status).toBe(200)
    expect(reply.result!.encoder).toBe('libx264')
    const mp4 = reply.files.get('preview.mp4')!
    const probe = await ffprobe(mp4)
    expect(probe.streams.map((s) => s.codec_type)).toEqual(['video'])
    expect(probe.streams[0]).toMatchObject({ codec_name: 'h264', width: 540, height: 960, pix_fmt: 'yuv420p' })
    expect(Number(probe.format.duration)).toBeCloseTo(6, 0)
    // +faststart: the moov box comes before mdat
    expect(mp4.indexOf('moov')).toBeLessThan(mp4.indexOf('mdat'))
    const webp = await sharp(reply.files.get('preview.webp')!, { animated: true }).metadata()
    expect(webp).toMatchObject({ format: 'webp', width: 360, pageHeight: 640, loop: 0 })
    expect(webp.pages).toBeGreaterThanOrEqual(70)
  })

  it('loops a clip shorter than the preview and gives the same bytes on a re-run', async () => {
    const video = await makeVideo('testsrc2=s=320x240:d=2:r=15')
    const job = { type: 'preview', input: 'video', durationSeconds: 3 }
    const [a, b] = [await sendJob(node.url, job, { video }), await sendJob(node.url, job, { video })]
    expect(a.result!.meta.looped).toBe(true)
    expect(Number((await ffprobe(a.files.get('preview.mp4')!)).format.duration)).toBeCloseTo(3, 0)
    expect(b.result!.outputs.map((o) => o.sha256)).toEqual(a.result!.outputs.map((o) => o.sha256))
  })
})
