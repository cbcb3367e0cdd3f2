// Studio render benchmark (tsx bench/studio-render.ts).
// (a) voice: a 30 s script as espeak-ng chunks through the render node over HTTP.
// (b) assembly: a 30 s studio video (photos, a clip, a text card, music, logo, captions, badge,
//     CTA, QR), storefront + clean cuts, through the render node over HTTP (p50/p95), beside the
//     plain `ffmpeg` command line of the same filtergraph on the same prepared inputs (the floor,
//     measured in the same run), and the node process's peak RSS.
// BENCH_N (3), BENCH_STUDIO_RESOLUTION (1080x1920 | 540x960). Writes bench/results/studio-render.json.
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import sharp from 'sharp'
import { studioAssembleJobSchema } from '../contracts/render-jobs'
import { loadConfig } from '../render-node/src/config'
import { studioAssembleJob } from '../render-node/src/jobs/studio-assemble'
import { probeH264Encoder } from '../render-node/src/media/video'
import { ffmpegMake, SECRET, sendJob, startNode } from '../render-node/test/helpers'

const run = promisify(execFile)
const N = Number(process.env.BENCH_N ?? 3)
const RESOLUTION = (process.env.BENCH_STUDIO_RESOLUTION ?? '1080x1920') as '1080x1920' | '540x960'

/** About 80 words: 30 s at espeak-ng's 160 words per minute, in caption-sized chunks. */
const SCRIPT = [
  'Meet the Nairobi canvas tote.',
  'Hand stitched in Nairobi from heavy cotton canvas.',
  'It carries a laptop, your lunch and a water bottle.',
  'The strap is wide, so it never digs into your shoulder.',
  'Inside there is a zip pocket for your keys and phone.',
  'Three colours: sand, olive and charcoal.',
  'Only four thousand five hundred shillings.',
  'Delivery across Nairobi the next day.',
  'Send us a message on WhatsApp to order yours today.',
  'Tap the link and say hello.',
]

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]
}

/** Runs a command under /usr/bin/time; returns its peak RSS in MiB. */
async function timedChild(cmd: string, args: string[]): Promise<number> {
  const { stderr } = await run('/usr/bin/time', ['-f', 'MAXRSS=%M', cmd, ...args], { maxBuffer: 64 << 20 })
  return Number(/MAXRSS=(\d+)/.exec(stderr)?.[1] ?? 0) / 1024
}

async function photo(w: number, h: number, colour: string) {
  return sharp({ create: { width: w, height: h, channels: 3, background: colour } })
    .composite([
      {
        input: Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><circle cx="${w / 2}" cy="${h / 2}" r="${Math.min(w, h) / 3}" fill="white" fill-opacity=".6"/></svg>`,
        ),
      },
    ])
    .jpeg({ quality: 90 })
    .toBuffer()
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-studio-'))
  const node = await startNode({ RENDER_CONCURRENCY: '1', RENDER_ENCODER_PROBE: 'on', RENDER_JOB_TIMEOUT_MS: '900000' })
  try {
    // (a) voice
    const voiceJob = { type: 'studio-voice', chunks: SCRIPT.map((text, i) => ({ id: `c${i}`, text })) }
    const voiceSeconds: number[] = []
    let voice: Buffer | undefined
    let chunks: Array<{ startMs: number; endMs: number }> = []
    let voiceMeta: Record<string, unknown> = {}
    for (let i = 0; i < N; i++) {
      const t0 = performance.now()
      const reply = await sendJob(node.url, voiceJob)
      voiceSeconds.push((performance.now() - t0) / 1000)
      if (reply.status !== 200) throw new Error(`studio-voice failed: ${JSON.stringify(reply.error)}`)
      voice = reply.files.get('voice.m4a')
      voiceMeta = reply.result!.meta
      chunks = (voiceMeta as { chunks: typeof chunks }).chunks
    }
    if (!voice) throw new Error('no voice')

    // (b) assembly: five scenes over the ten chunks
    const inputs: Record<string, Buffer> = {
      voice,
      p0: await photo(1600, 1200, '#2563eb'),
      p1: await photo(1080, 1920, '#16a34a'),
      p2: await photo(2000, 2000, '#eab308'),
      clip: await ffmpegMake(['-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=30:d=8', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p']),
      music: await ffmpegMake(['-f', 'lavfi', '-i', 'sine=frequency=220:sample_rate=48000:duration=12', '-c:a', 'aac'], 'music.m4a'),
      logo: await sharp(
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><circle cx="100" cy="100" r="100" fill="#facc15"/></svg>'),
      )
        .png()
        .toBuffer(),
    }
    const visuals = [
      { kind: 'image', input: 'p0' },
      { kind: 'clip', input: 'clip', startSeconds: 1, endSeconds: 7 },
      { kind: 'image', input: 'p1' },
      { kind: 'card' },
      { kind: 'image', input: 'p2' },
    ]
    const at = (k: number) => chunks[k * 2].startMs / 1000
    const assemble = {
      type: 'studio-assemble' as const,
      resolution: RESOLUTION,
      voice: 'voice',
      music: 'music',
      logo: 'logo',
      priceText: 'KSh 4,500',
      callToAction: 'Order on WhatsApp',
      qrUrl: 'https://hub.test/@demo/tote',
      disclosureText: 'AI-generated voice',
      cuts: ['storefront', 'clean'] as Array<'storefront' | 'clean'>,
      scenes: visuals.map((visual, k) => ({
        id: `s${k}`,
        visual,
        startSeconds: at(k),
        endSeconds: chunks[k * 2 + 1].endMs / 1000,
        onScreen: ['The Nairobi tote', 'Fits a laptop', '', 'Sand, olive, charcoal', 'KSh 4,500'][k],
        motion: (['zoom-in', 'none', 'pan-left', 'zoom-out', 'pan-right'] as const)[k],
      })),
      captions: chunks.map((c, i) => ({ startSeconds: c.startMs / 1000, endSeconds: c.endMs / 1000, text: SCRIPT[i] })),
    }
    // the same job in-process first, keeping its temp dir, to capture the assembly's FFmpeg command for the floor
    const jobDir = path.join(dir, 'job')
    await mkdir(jobDir)
    const commands: string[][] = []
    await studioAssembleJob(studioAssembleJobSchema.parse(assemble), {
      config: loadConfig({ RENDER_SIGNING_SECRET: SECRET, RENDER_JOB_TIMEOUT_MS: '900000' }),
      jobId: 'bench',
      inputs: new Map(Object.entries(inputs)),
      tmpDir: jobDir,
      signal: new AbortController().signal,
      encoder: (await probeH264Encoder()).encoder,
      onFfmpegCommand: (a) => commands.push(a),
    })
    const assembly = commands.find((a) => a.some((x) => x.includes('xfade') || x.includes('ass=')))
    if (!assembly) throw new Error('assembly command not captured')
    const replay = assembly.map((a) => (a.endsWith('.mp4') && a.startsWith(jobDir) ? a.replace(/\.mp4$/, '.replay.mp4') : a))

    // node run and floor run alternate, so a change in the machine's load hits both alike
    const nodeSeconds: number[] = []
    const rawSeconds: number[] = []
    const phases: Array<{ prepare: number; encode: number; check: number }> = []
    let ffmpegRss = 0
    let peakRise = 0
    let qc: unknown
    let encoder: string | undefined
    let bytes: Record<string, number> = {}
    let videoMs = 0
    for (let i = 0; i < N; i++) {
      const before = process.memoryUsage().rss
      let peak = before
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10)
      const t0 = performance.now()
      const reply = await sendJob(node.url, assemble, inputs)
      nodeSeconds.push((performance.now() - t0) / 1000)
      clearInterval(timer)
      peakRise = Math.max(peakRise, peak - before)
      if (reply.status !== 200) throw new Error(`studio-assemble failed: ${JSON.stringify(reply.error)}`)
      qc = reply.result!.meta.qc
      phases.push(reply.result!.meta.timingsMs as { prepare: number; encode: number; check: number })
      videoMs = Number(reply.result!.meta.durationMs)
      encoder = reply.result!.encoder
      bytes = Object.fromEntries([...reply.files].map(([name, data]) => [name, data.byteLength]))

      const t1 = performance.now()
      ffmpegRss = Math.max(
        ffmpegRss,
        await timedChild('ffmpeg', ['-v', 'error', ...replay.filter((a) => !['-hide_banner', '-nostdin', '-nostats'].includes(a))]),
      )
      rawSeconds.push((performance.now() - t1) / 1000)
    }
    await node.close()
    const phase = (k: 'prepare' | 'encode' | 'check') =>
      pct(
        phases.map((p) => p[k] / 1000),
        50,
      )
    const videoSeconds = videoMs / 1000
    const results = {
      machine: { cpus: os.availableParallelism(), node: process.version },
      n: N,
      resolution: RESOLUTION,
      encoder,
      voice: {
        chunks: SCRIPT.length,
        durationMs: voiceMeta.durationMs,
        lufs: voiceMeta.lufs,
        p50Seconds: pct(voiceSeconds, 50),
        p95Seconds: pct(voiceSeconds, 95),
      },
      assembly: {
        videoSeconds,
        cuts: assemble.cuts,
        nodeP50Seconds: pct(nodeSeconds, 50),
        nodeP95Seconds: pct(nodeSeconds, 95),
        rawFfmpegP50Seconds: pct(rawSeconds, 50),
        rawFfmpegP95Seconds: pct(rawSeconds, 95),
        ratio: pct(nodeSeconds, 50) / pct(rawSeconds, 50),
        /** Median seconds of the node's phases: slides/cards/overlays, its one FFmpeg run, the quality check + cover. */
        phasesP50Seconds: { prepare: phase('prepare'), encode: phase('encode'), check: phase('check') },
        /** The node's FFmpeg run alone beside the same command run plainly: the filtergraph overhead. */
        encodeRatio: phase('encode') / pct(rawSeconds, 50),
        nodeTimesRealtime: videoSeconds / pct(nodeSeconds, 50),
        nodeProcessPeakRssRiseMiB: peakRise / 2 ** 20,
        rawFfmpegPeakRssMiB: ffmpegRss,
        bytes,
        qc,
      },
    }
    await mkdir(path.join(import.meta.dirname, 'results'), { recursive: true })
    await writeFile(path.join(import.meta.dirname, 'results', 'studio-render.json'), `${JSON.stringify(results, null, 2)}\n`)

    const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '—')
    const a = results.assembly
    console.log(`\n### Studio: ${f(videoSeconds, 1)} s ${RESOLUTION} video, storefront + clean cuts (${encoder}, N=${N}, ${os.availableParallelism()} cores)\n`)
    console.log('| step | p50 s | p95 s | note |\n| --- | ---: | ---: | --- |')
    console.log(
      `| voice: ${SCRIPT.length} espeak-ng chunks, trim, place, -16 LUFS (HTTP) | ${f(results.voice.p50Seconds)} | ${f(results.voice.p95Seconds)} | ${voiceMeta.durationMs} ms of audio |`,
    )
    console.log(
      `| assembly through the render node (HTTP, prep, FFmpeg, QC, cover) | ${f(a.nodeP50Seconds)} | ${f(a.nodeP95Seconds)} | ${f(a.nodeTimesRealtime)}× realtime |`,
    )
    console.log(
      `| plain ffmpeg, same filtergraph and inputs (floor) | ${f(a.rawFfmpegP50Seconds)} | ${f(a.rawFfmpegP95Seconds)} | peak RSS ${f(a.rawFfmpegPeakRssMiB, 0)} MiB |`,
    )
    console.log(
      `| … of which: prepare slides, cards, overlays / the FFmpeg run / quality check + cover | ${f(a.phasesP50Seconds.prepare)} / ${f(a.phasesP50Seconds.encode)} / ${f(a.phasesP50Seconds.check)} | | encode / plain ffmpeg = ${f(a.encodeRatio)} |`,
    )
    console.log(`\nnode / ffmpeg = ${f(a.ratio)}; node process peak RSS rise ${f(a.nodeProcessPeakRssRiseMiB, 0)} MiB (FFmpeg children not included)`)
  } finally {
    await node.close().catch(() => {})
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
