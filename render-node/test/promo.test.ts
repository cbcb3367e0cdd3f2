import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ffmpegMake, ffprobe, frameAt, sendJob, startNode, type TestNode } from './helpers'

const still = (color: string, w = 900, h = 1200) =>
  sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="${color}"/><circle cx="${w / 2}" cy="${h / 2}" r="${w / 4}" fill="#fff" fill-opacity="0.5"/></svg>`,
    ),
  )
    .jpeg()
    .toBuffer()

/** Mean colour of a small square of a PNG frame. */
async function colourAt(png: Buffer, left: number, top: number, size = 6) {
  const { channels } = await sharp(await sharp(png).extract({ left, top, width: size, height: size }).toBuffer()).stats()
  return channels.slice(0, 3).map((c) => Math.round(c.mean))
}

let node: TestNode
let speechServer: Server
const speechRequests: Array<{ auth?: string; body: { input: string; model: string } }> = []
let images: Record<string, Buffer>
beforeAll(async () => {
  // a stand-in for OpenAI's POST /audio/speech that answers with a short WAV
  const wav = await ffmpegMake(['-f', 'lavfi', '-i', 'sine=frequency=300:sample_rate=24000:duration=1.5'], 'voice.wav')
  speechServer = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      if (req.url !== '/v1/audio/speech') return res.writeHead(404).end()
      speechRequests.push({ auth: req.headers.authorization, body: JSON.parse(body) })
      res.writeHead(200, { 'content-type': 'audio/wav' }).end(wav)
    })
  })
  await new Promise<void>((r) => speechServer.listen(0, '127.0.0.1', r))
  const { port } = speechServer.address() as AddressInfo
  node = await startNode({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` })
  images = { a: await still('#2563eb'), b: await still('#16a34a', 1600, 1000) }
})
afterAll(async () => {
  await node.close()
  await new Promise((r) => speechServer.close(r))
})

describe('promo job', () => {
  it('renders a 9:16 H.264 + AAC video with music, price badge, logo watermark, captions and the AI label', async () => {
    const logo = await sharp(
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><circle cx="100" cy="100" r="100" fill="#facc15"/></svg>'),
    )
      .png()
      .toBuffer()
    const music = await ffmpegMake(['-f', 'lavfi', '-i', 'sine=frequency=220:sample_rate=44100:duration=2', '-c:a', 'aac'], 'music.m4a')
    const job = {
      type: 'promo',
      images: ['a', 'b'],
      title: 'Linen summer dress — 3 colours',
      priceText: '€49.90',
      callToAction: 'Shop now →',
      logo: 'logo',
      music: 'music',
      aiGenerated: true,
      durationSeconds: 4,
      resolution: '540x960',
    }
    const reply = await sendJob(node.url, job, { ...images, logo, music })
    expect(reply.status).toBe(200)
    expect(reply.result!.encoder).toBe('libx264')
    expect(reply.result!.meta).toMatchObject({ slides: 2, music: true, aiDisclosure: true, logo: true, voiceOver: { engine: 'none' } })
    const mp4 = reply.files.get('promo.mp4')!
    const probe = await ffprobe(mp4)
    const video = probe.streams.find((s) => s.codec_type === 'video')
    const audio = probe.streams.find((s) => s.codec_type === 'audio')
    expect(video).toMatchObject({ codec_name: 'h264', width: 540, height: 960, pix_fmt: 'yuv420p' })
    expect(audio).toMatchObject({ codec_name: 'aac', sample_rate: '48000' })
    expect(Number(probe.format.duration)).toBeCloseTo(4, 0)
    expect(mp4.indexOf('moov')).toBeLessThan(mp4.indexOf('mdat'))

    const frame = await frameAt(mp4, 1)
    const [r, g, b] = await colourAt(frame, 488, 74) // price badge, top right
    expect(r).toBeGreaterThan(180)
    expect(g).toBeLessThan(90)
    expect(b).toBeLessThan(130)
    const [lr, lg, lb] = await colourAt(frame, 78, 98) // logo, top left
    expect(lr).toBeGreaterThan(180)
    expect(lg).toBeGreaterThan(150)
    expect(lb).toBeLessThan(110)
    const [cr, cg, cb] = await colourAt(frame, 19, 925, 4) // AI label box (left padding): dark over blue
    expect(Math.max(cr, cg, cb)).toBeLessThan(150) // the slide there is #2563eb: blue 235
    // the call to action (yellow box) appears over the last slide only
    const lastFrame = await frameAt(mp4, 3.7)
    const cta = await colourAt(lastFrame, 200, 727, 4)
    expect(cta[0]).toBeGreaterThan(180)
    expect(cta[2]).toBeLessThan(110)
    const early = await colourAt(frame, 200, 727, 4)
    expect(early[0] > 180 && early[2] < 110).toBe(false)
  })

  it('speaks title, price and call to action through OpenAI speech when a key is configured, and labels the video', async () => {
    const reply = await sendJob(
      node.url,
      {
        type: 'promo',
        images: ['a'],
        title: 'Ceramic mug',
        priceText: '$12',
        callToAction: 'Order today',
        voiceOver: true,
        durationSeconds: 3,
        resolution: '540x960',
      },
      { a: images.a },
    )
    expect(reply.status).toBe(200)
    expect(reply.result!.meta).toMatchObject({ voiceOver: { engine: 'openai' }, aiDisclosure: true })
    expect(speechRequests.at(-1)).toMatchObject({ auth: 'Bearer sk-test', body: { input: 'Ceramic mug. $12. Order today' } })
    const probe = await ffprobe(reply.files.get('promo.mp4')!)
    expect(probe.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video'])
  })

  it('always has an audio track: silent AAC at 1080×1920 when there is neither music nor voice', async () => {
    const reply = await sendJob(node.url, { type: 'promo', images: ['b'], title: 'Desk lamp', durationSeconds: 3 }, { b: images.b })
    expect(reply.status).toBe(200)
    expect(reply.result!.meta).toMatchObject({ aiDisclosure: false, music: false })
    const probe = await ffprobe(reply.files.get('promo.mp4')!)
    expect(probe.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 1080, height: 1920 })
    expect(probe.streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac' })
    expect(Number(probe.format.duration)).toBeCloseTo(3, 0)
  })
})
