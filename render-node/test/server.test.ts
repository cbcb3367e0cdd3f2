import { mkdtemp, readdir } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeVideo, pngClaiming, SECRET, sendJob, startNode, type TestNode } from './helpers'

let node: TestNode
let photo: Buffer
beforeAll(async () => {
  node = await startNode()
  photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3b82f6' } })
    .jpeg()
    .toBuffer()
})
afterAll(() => node.close())

describe('render node contract', () => {
  it('answers a signed probe-image job with the image size', async () => {
    const reply = await sendJob(node.url, { type: 'probe-image', input: 'photo' }, { photo })
    expect(reply.status).toBe(200)
    expect(reply.result?.meta).toMatchObject({ format: 'jpeg', width: 640, height: 480 })
  })

  it('rejects a job signed with another secret with 401', async () => {
    const reply = await sendJob(node.url, { type: 'probe-image', input: 'photo' }, { photo }, { secret: `${SECRET}-other` })
    expect(reply.status).toBe(401)
    expect(reply.error?.code).toBe('unauthorized')
  })

  it('rejects an input whose bytes differ from the signed hash with 400', async () => {
    const reply = await sendJob(node.url, { type: 'probe-image', input: 'photo' }, { photo }, { tamper: 'photo' })
    expect(reply.status).toBe(400)
    expect(reply.error?.message).toMatch(/does not match its signed size and hash/)
  })

  it('rejects an unknown job type with 400', async () => {
    const reply = await sendJob(node.url, { type: 'transcode-everything', input: 'photo' }, { photo })
    expect(reply.status).toBe(400)
  })

  it('reports the encoder in /health and counts jobs in /metrics', async () => {
    const health = (await (await fetch(`${node.url}/health`)).json()) as { status: string; encoder: string }
    expect(health).toMatchObject({ status: 'ok', encoder: 'libx264' })
    const metrics = await (await fetch(`${node.url}/metrics`)).text()
    expect(metrics).toMatch(/render_jobs_total\{type="probe-image",outcome="ok"\} [1-9]/)
    expect(metrics).toMatch(/render_job_duration_seconds_count\{type="probe-image"\} [1-9]/)
  })
})

describe('hostile inputs get a clear 4xx and the node keeps working', () => {
  const cases: Array<[string, () => Promise<{ job: Record<string, unknown>; inputs: Record<string, Buffer> }>, number, RegExp]> = [
    [
      'a truncated JPEG',
      async () => {
        const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
          .jpeg()
          .toBuffer()
        return { job: { type: 'thumbnails', input: 'img' }, inputs: { img: jpeg.subarray(0, Math.floor(jpeg.length / 2)) } }
      },
      422,
      /not a readable image/,
    ],
    [
      'a PNG declaring 100000×100000 pixels',
      async () => ({ job: { type: 'thumbnails', input: 'img' }, inputs: { img: pngClaiming(100_000, 100_000) } }),
      413,
      /pixel/,
    ],
    [
      'random bytes as an image',
      async () => ({ job: { type: 'thumbnails', input: 'img' }, inputs: { img: Buffer.from('definitely not an image at all') } }),
      422,
      /not a readable image/,
    ],
    ['a zero-length video', async () => ({ job: { type: 'preview', input: 'video' }, inputs: { video: Buffer.alloc(0) } }), 422, /empty/],
    [
      'an HLS playlist pointing at /etc/passwd',
      async () => ({
        job: { type: 'frames', input: 'video' },
        inputs: { video: Buffer.from('#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n/etc/passwd\n#EXT-X-ENDLIST\n') },
      }),
      422,
      /playlist/,
    ],
    [
      'an ffconcat list pointing at /etc/passwd',
      async () => ({ job: { type: 'preview', input: 'video' }, inputs: { video: Buffer.from('ffconcat version 1.0\nfile /etc/passwd\n') } }),
      422,
      /playlist or concat/,
    ],
    [
      'an HLS playlist hidden after leading junk',
      async () => ({
        job: { type: 'preview', input: 'video' },
        inputs: { video: Buffer.from(`${' '.repeat(600)}#EXTM3U\n#EXTINF:10,\nfile:///etc/passwd\n`) },
      }),
      422,
      /not a supported video/,
    ],
    [
      'a text file as a video',
      async () => ({ job: { type: 'frames', input: 'video' }, inputs: { video: Buffer.from('root:x:0:0:root:/root:/bin/bash\n') } }),
      422,
      /not a supported video/,
    ],
    [
      'a still image as music',
      async () => ({
        job: { type: 'promo', images: ['img'], title: 'T', music: 'song', durationSeconds: 3, resolution: '540x960' },
        inputs: { img: photo, song: photo },
      }),
      422,
      /music/,
    ],
  ]

  for (const [label, make, status, message] of cases) {
    it(`refuses ${label} with ${status}`, async () => {
      const { job, inputs } = await make()
      const reply = await sendJob(node.url, job, inputs)
      expect(reply.status).toBe(status)
      expect(reply.error?.message).toMatch(message)
      expect(reply.error?.retryable).toBe(false)
      const next = await sendJob(node.url, { type: 'probe-image', input: 'photo' }, { photo })
      expect(next.status).toBe(200)
    })
  }

  it('refuses a video longer than RENDER_MAX_VIDEO_SECONDS before doing any work', async () => {
    const short = await startNode({ RENDER_MAX_VIDEO_SECONDS: '1' })
    try {
      const video = await makeVideo('testsrc2=s=160x120:d=2:r=10')
      const reply = await sendJob(short.url, { type: 'preview', input: 'video' }, { video })
      expect(reply.status).toBe(413)
      expect(reply.error?.message).toMatch(/over the limit of 1 s/)
    } finally {
      await short.close()
    }
  })
})

describe('timeouts and draining', () => {
  it('stops FFmpeg when a job runs past its timeout, answers 504 and cleans its temp dir', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'rn-timeout-'))
    const slow = await startNode({ RENDER_JOB_TIMEOUT_MS: '300', RENDER_TMP_DIR: tmp })
    try {
      const video = await makeVideo('testsrc2=s=1280x720:d=8:r=30')
      const t0 = Date.now()
      const reply = await sendJob(slow.url, { type: 'preview', input: 'video' }, { video })
      expect(reply.status).toBe(504)
      expect(reply.error?.retryable).toBe(true)
      expect(Date.now() - t0).toBeLessThan(5000)
      await new Promise((r) => setTimeout(r, 200))
      expect(await readdir(tmp)).toEqual([])
      // A studio voice-over runs under its own, longer limit on the same node.
      const voice = await sendJob(slow.url, {
        type: 'studio-voice',
        chunks: [
          { id: 'a', text: 'Soft cotton, made in Nairobi, ties at the waist' },
          { id: 'b', text: 'Order on WhatsApp today' },
        ],
      })
      expect(voice.status, voice.error?.message).toBe(200)
      expect(voice.result?.durationMs).toBeGreaterThan(300)
    } finally {
      await slow.close()
    }
  })

  it('lets an in-flight job finish on drain and refuses new ones', async () => {
    const draining = await startNode()
    const video = await makeVideo('testsrc2=s=640x360:d=3:r=25')
    const inFlight = sendJob(draining.url, { type: 'preview', input: 'video', durationSeconds: 2 }, { video })
    await new Promise((r) => setTimeout(r, 300))
    const drained = draining.server.drain()
    const refused = await sendJob(draining.url, { type: 'probe-image', input: 'photo' }, { photo }).catch(() => ({ status: 0 }))
    expect([0, 503]).toContain(refused.status)
    const reply = await inFlight
    expect(reply.status).toBe(200)
    expect(reply.files.get('preview.mp4')?.byteLength).toBeGreaterThan(1000)
    await drained
  })
})
