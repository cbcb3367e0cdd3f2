import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ffmpegMake, ffprobe, frameAt, makeVideo, sendJob, startNode, type TestNode, withTempFile } from '../../test/helpers'
import { captionFiles, studioLayout } from '../media/studio/layout'

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
  it('renders the storefront and clean cuts in sync with the voice; only the storefront cut has the price badge and logo', async () => {
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
      scenes: scenes([
        { kind: 'image', input: 'photo' },
        { kind: 'clip', input: 'clip', startSeconds: 1, endSeconds: 3 },
        { kind: 'image', input: 'photo' },
      ]),
      captions: captions(),
      priceText: 'KSh 4,500',
      callToAction: 'Order on WhatsApp',
      qrUrl: 'https://hub.test/@demo',
      disclosureText: 'AI-generated',
      brandColor: '#0f766e',
    }
    // a landscape clip with a moving test pattern, a solid green box in its middle
    const clip = await makeVideo('testsrc2=s=640x360:r=30:d=4,drawbox=x=270:y=130:w=100:h=100:color=0x00ff00:t=fill')
    const reply = await sendJob(node.url, job, { voice, photo, logo, clip })
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
    const earlyStore = await frameAt(reply.files.get('storefront.mp4')!, 0.8)
    const early = await colourAt(earlyStore, x, y)
    expect(isBadgeRed(early), `early ${early}`).toBe(false)
    // the logo watermark (yellow) is on the storefront cut only: TikTok's guidelines forbid it on shared content
    const { logo: at } = studioLayout(W, H)
    const isYellow = ([r, g, b]: number[]) => r > 180 && g > 150 && b < 110
    const logoStore = await colourAt(earlyStore, at.left + at.box / 2 - 3, at.top + at.box / 2 - 3)
    const logoClean = await colourAt(await frameAt(reply.files.get('clean.mp4')!, 0.8), at.left + at.box / 2 - 3, at.top + at.box / 2 - 3)
    expect(isYellow(logoStore), `storefront logo ${logoStore}`).toBe(true)
    expect(isYellow(logoClean), `clean logo ${logoClean}`).toBe(false)

    // the caption box (the brand colour, teal) is drawn inside the safe area, clear of the bottom and right UI zones
    const { safe } = studioLayout(W, H)
    const { data } = await sharp(await frameAt(reply.files.get('clean.mp4')!, (chunks[0].startMs + chunks[0].endMs) / 2000))
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
    const teal: Array<[number, number]> = []
    for (let py = H / 2; py < H; py++)
      for (let px = 0; px < W; px++) {
        const i = (py * W + px) * 3
        if (data[i + 1] > data[i] + 60 && data[i + 1] > 90 && data[i] < 70 && data[i + 2] < 160) teal.push([px, py])
      }
    expect(teal.length).toBeGreaterThan(500)
    expect(Math.min(...teal.map(([px]) => px))).toBeGreaterThanOrEqual(safe.left)
    expect(Math.max(...teal.map(([px]) => px))).toBeLessThanOrEqual(safe.right)
    expect(Math.max(...teal.map(([, py]) => py))).toBeLessThanOrEqual(safe.bottom)
    // and inside the box the quality check computes for that cue (so its safe-area verdict is about the real pixels)
    const [box] = captionFiles(captions(), [], { width: W, height: H, layout: studioLayout(W, H), brandColor: '#0f766e', captionText: '#ffffff' }).captionBoxes
    expect(Math.min(...teal.map(([px]) => px))).toBeGreaterThanOrEqual(box.left - 2)
    expect(Math.max(...teal.map(([px]) => px))).toBeLessThanOrEqual(box.right + 2)
    expect(Math.min(...teal.map(([, py]) => py))).toBeGreaterThanOrEqual(box.top - 2)
    expect(Math.max(...teal.map(([, py]) => py))).toBeLessThanOrEqual(box.bottom + 2)

    // the clip scene shows the clip cover-cropped to 9:16: its green box sits in the middle of the frame
    const clipFrame = await frameAt(reply.files.get('clean.mp4')!, (chunks[1].startMs + chunks[1].endMs) / 2000)
    const [cr, cg, cb] = await colourAt(clipFrame, W / 2 - 3, H / 2 - 3)
    expect(cg > 200 && cr < 80 && cb < 80, `clip centre ${[cr, cg, cb]}`).toBe(true)

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

  it('reports black and frozen stretches in the quality check without failing the job', async () => {
    const black = await makeVideo('color=c=black:s=640x360:r=30:d=3')
    const at = (k: number) => chunks[k].startMs / 1000
    const reply = await sendJob(
      node.url,
      {
        type: 'studio-assemble',
        resolution: '540x960',
        voice: 'voice',
        cuts: ['clean'],
        scenes: [
          { id: 'still', visual: { kind: 'image', input: 'photo' }, startSeconds: 0, endSeconds: at(1), motion: 'none' },
          { id: 'dark', visual: { kind: 'clip', input: 'black', startSeconds: 0, endSeconds: 3 }, startSeconds: at(1), endSeconds: at(2) },
          { id: 'end', visual: { kind: 'card' }, startSeconds: at(2), endSeconds: at(2) + 1, onScreen: 'Bye' },
        ],
        // no caption over the black scene, so nothing is drawn on it
        captions: captions().filter((_, i) => i !== 1),
      },
      { voice, photo, black },
    )
    expect(reply.status, JSON.stringify(reply.error)).toBe(200)
    const qc = (
      reply.result!.meta as {
        qc: Record<string, Qc & { blackStretches: Array<{ startSeconds: number; endSeconds: number }>; frozenStretches: Array<{ startSeconds: number }> }>
      }
    ).qc.clean
    expect(qc.ok).toBe(false)
    expect(qc.blackStretches).toHaveLength(1)
    expect(qc.blackStretches[0].startSeconds).toBeGreaterThanOrEqual(at(1))
    expect(qc.blackStretches[0].endSeconds).toBeLessThanOrEqual(at(2) + 0.5)
    expect(qc.frozenStretches.some((f) => f.startSeconds < at(1))).toBe(true)
    expect(qc.problems.some((p) => p.startsWith('black from'))).toBe(true)
    // The motionless photo is reported frozen but is the still as designed, not a problem; the stuck clip is one.
    const frozenProblems = qc.problems.filter((p) => p.startsWith('frozen')).map((p) => Number(/from ([\d.]+) s/.exec(p)?.[1]))
    expect(frozenProblems.every((start) => start >= at(1) - 0.5)).toBe(true)
    expect(frozenProblems.length).toBeGreaterThan(0)
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
