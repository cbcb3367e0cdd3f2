import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ffmpegMake, ffprobe, frameAt, sendJob, startNode, type TestNode, withTempFile } from '../../test/helpers'
import { studioLayout } from '../media/studio/layout'

const run = promisify(execFile)
const W = 540
const H = 960
const TEXTS = ['Meet the Nairobi tote', 'It carries everything', 'Order on WhatsApp today']

type Chunk = { id: string; startMs: number; endMs: number }
type Qc = { ok: boolean; width: number; height: number; captionsInSafeArea: boolean; problems: string[]; lufs: number }

let node: TestNode
let voice: Buffer
let chunks: Chunk[]
let photo: Buffer
beforeAll(async () => {
  node = await startNode({ RENDER_JOB_TIMEOUT_MS: '120000' })
  const v = await sendJob(node.url, { type: 'studio-voice', chunks: TEXTS.map((text, i) => ({ id: `c${i}`, text })) })
  expect(v.status).toBe(200)
  voice = v.files.get('voice.m4a')!
  chunks = (v.result!.meta as { chunks: Chunk[] }).chunks
  photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#2563eb' } })
    .composite([
      { input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900"><circle cx="600" cy="450" r="300" fill="#fff"/></svg>') },
    ])
    .jpeg()
    .toBuffer()
})
afterAll(() => node.close())

const captions = () => chunks.map((c, i) => ({ startSeconds: c.startMs / 1000, endSeconds: c.endMs / 1000, text: TEXTS[i] }))
const scenes = (visuals: Array<Record<string, unknown>>) =>
  visuals.map((visual, k) => ({
    id: `s${k}`,
    visual,
    startSeconds: chunks[k].startMs / 1000,
    endSeconds: chunks[k].endMs / 1000,
    onScreen: k === 0 ? 'The Nairobi tote' : '',
  }))

/** Mean RGB of a small square of a PNG frame. */
async function colourAt(png: Buffer, left: number, top: number, size = 6) {
  const { channels } = await sharp(
    await sharp(png)
      .extract({ left: Math.round(left), top: Math.round(top), width: size, height: size })
      .toBuffer(),
  ).stats()
  return channels.slice(0, 3).map((c) => Math.round(c.mean))
}
const isBadgeRed = ([r, g, b]: number[]) => r > 170 && g < 90 && b < 130

describe('studio-assemble job', () => {
  it('renders the storefront and clean cuts in sync with the voice; only the storefront cut has the price badge', async () => {
    const logo = await sharp(
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><circle cx="100" cy="100" r="100" fill="#facc15"/></svg>'),
    )
      .png()
      .toBuffer()
    const job = {
      type: 'studio-assemble',
      resolution: '540x960',
      voice: 'voice',
      logo: 'logo',
      scenes: scenes([{ kind: 'image', input: 'photo' }, { kind: 'card' }, { kind: 'image', input: 'photo' }]),
      captions: captions(),
      priceText: 'KSh 4,500',
      callToAction: 'Order on WhatsApp',
      qrUrl: 'https://hub.test/@demo',
      disclosureText: 'AI-generated',
      brandColor: '#0f766e',
    }
    const reply = await sendJob(node.url, job, { voice, photo, logo })
    expect(reply.status, JSON.stringify(reply.error)).toBe(200)
    const meta = reply.result!.meta as { qc: Record<string, Qc>; voiceMs: number; durationMs: number }
    const voiceSeconds = meta.voiceMs / 1000
    for (const cut of ['storefront', 'clean']) {
      const probe = await ffprobe(reply.files.get(`${cut}.mp4`)!)
      expect(probe.streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: W, height: H, pix_fmt: 'yuv420p' })
      expect(probe.streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac' })
      const duration = Number(probe.format.duration)
      expect(Math.abs(duration - voiceSeconds) / voiceSeconds).toBeLessThan(0.1)
      expect(duration).toBeCloseTo(meta.durationMs / 1000, 1)
      expect(duration).toBeGreaterThan(voiceSeconds)
      expect(meta.qc[cut], JSON.stringify(meta.qc[cut])).toMatchObject({ ok: true, width: W, height: H, captionsInSafeArea: true, problems: [] })
    }

    // captions: the SRT and ASS cues start exactly where the voice chunks start
    const srt = reply.files.get('captions.srt')!.toString()
    const srtStarts = [...srt.matchAll(/(\d\d):(\d\d):(\d\d),(\d{3}) -->/g)].map(
      (m) => ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]),
    )
    expect(srtStarts).toEqual(chunks.map((c) => c.startMs))
    const ass = reply.files.get('captions.ass')!.toString()
    const assStarts = [...ass.matchAll(/^Dialogue: 0,(\d):(\d\d):(\d\d)\.(\d\d),/gm)].map(
      (m) => ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]) * 10,
    )
    expect(assStarts).toEqual(chunks.map((c) => c.startMs))
    expect(srt).toContain(TEXTS[1])

    // the badge region in the last scene: red on the storefront cut, not on the clean cut
    const { badge } = studioLayout(W, H)
    const x = badge.right - badge.fontSize * 0.35
    const y = badge.top + badge.fontSize * 0.8
    const t = meta.durationMs / 1000 - 0.3
    const store = await colourAt(await frameAt(reply.files.get('storefront.mp4')!, t), x, y)
    const clean = await colourAt(await frameAt(reply.files.get('clean.mp4')!, t), x, y)
    expect(isBadgeRed(store), `storefront ${store}`).toBe(true)
    expect(isBadgeRed(clean), `clean ${clean}`).toBe(false)
    // and the badge is only on the last scene
    const early = await colourAt(await frameAt(reply.files.get('storefront.mp4')!, 0.8), x, y)
    expect(isBadgeRed(early), `early ${early}`).toBe(false)

    const cover = reply.files.get('cover.jpg')!
    expect((await sharp(cover).metadata()).format).toBe('jpeg')
  })

  it('ducks the music bed while the voice speaks', async () => {
    // a voice that is silent for 1.6 s and then a 300 Hz tone; music a 3 kHz tone, measured through a band-pass
    const speech = await ffmpegMake(
      [
        '-f',
        'lavfi',
        '-i',
        'anullsrc=r=48000:cl=mono:d=1.6',
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=300:sample_rate=48000:duration=2.4',
        '-filter_complex',
        '[0][1]concat=n=2:v=0:a=1',
        '-c:a',
        'aac',
      ],
      'voice.m4a',
    )
    const music = await ffmpegMake(['-f', 'lavfi', '-i', 'sine=frequency=3000:sample_rate=48000:duration=1.5', '-c:a', 'aac'], 'music.m4a')
    const reply = await sendJob(
      node.url,
      {
        type: 'studio-assemble',
        resolution: '540x960',
        voice: 'voice',
        music: 'music',
        cuts: ['clean'],
        scenes: [{ id: 'a', visual: { kind: 'card' }, startSeconds: 0, endSeconds: 4, onScreen: 'Hello' }],
        captions: [{ startSeconds: 1.6, endSeconds: 4, text: 'A tone' }],
      },
      { voice: speech, music },
    )
    expect(reply.status, JSON.stringify(reply.error)).toBe(200)
    const level = (from: number, seconds: number) =>
      withTempFile(reply.files.get('clean.mp4')!, async (file) => {
        const { stderr } = await run('ffmpeg', [
          '-hide_banner',
          '-ss',
          String(from),
          '-t',
          String(seconds),
          '-i',
          file,
          '-vn',
          '-af',
          'bandpass=f=3000:width_type=h:w=300,astats=metadata=0',
          '-f',
          'null',
          '-',
        ])
        return Number(/Overall[\s\S]*?RMS level dB: (-?[\d.]+)/.exec(stderr)?.[1])
      })
    const alone = await level(0.7, 0.8)
    const underVoice = await level(2.2, 1)
    expect(alone).toBeGreaterThan(-40)
    expect(alone - underVoice).toBeGreaterThan(6)
  })

  it('renders a product with no photos from text cards, with square and wide exports of the clean cut', async () => {
    const reply = await sendJob(
      node.url,
      {
        type: 'studio-assemble',
        resolution: '540x960',
        voice: 'voice',
        cuts: ['clean', 'square', 'wide'],
        scenes: scenes([{ kind: 'card' }, { kind: 'card' }, { kind: 'card' }]),
        captions: captions(),
      },
      { voice },
    )
    expect(reply.status, JSON.stringify(reply.error)).toBe(200)
    const sizes = await Promise.all(
      ['clean', 'square', 'wide'].map(async (cut) => {
        const v = (await ffprobe(reply.files.get(`${cut}.mp4`)!)).streams.find((s) => s.codec_type === 'video')!
        return [v.width, v.height]
      }),
    )
    expect(sizes).toEqual([
      [540, 960],
      [540, 540],
      [960, 540],
    ])
    const qc = (reply.result!.meta as { qc: Record<string, Qc> }).qc
    expect(Object.keys(qc)).toEqual(['clean', 'square', 'wide'])
    for (const cut of ['clean', 'square', 'wide']) expect(qc[cut].captionsInSafeArea).toBe(true)
    // the wide export fills its sides with a blurred copy, not black bars
    const [r, g, b] = await colourAt(await frameAt(reply.files.get('wide.mp4')!, 1), 40, 270)
    expect(r + g + b).toBeGreaterThan(20)
  })

  it('answers 4xx for a missing input and an undecodable image', async () => {
    const base = { type: 'studio-assemble', resolution: '540x960', voice: 'voice', captions: captions() }
    const missing = await sendJob(node.url, { ...base, scenes: scenes([{ kind: 'image', input: 'photo' }]) }, { voice })
    expect(missing.status).toBe(400)
    expect(missing.error?.message).toMatch(/"photo" is missing/)
    const broken = await sendJob(node.url, { ...base, scenes: scenes([{ kind: 'image', input: 'photo' }]) }, { voice, photo: photo.subarray(0, 200) })
    expect(broken.status).toBe(422)
    expect(broken.error?.message).toMatch(/image "photo"/)
  })
})
