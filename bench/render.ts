// Render node benchmark (npm run bench:render → tsx bench/render.ts).
// (a) thumbnails: one 3000×4000 cover → 9:16 at 320/640/1080 × WebP + AVIF, through the render
//     node over HTTP (with title + price overlay), beside vipsthumbnail and ImageMagick doing the
//     same sizes and formats (no overlay: neither draws one without a second step).
// (b) promo: the 15 s 1080×1920 promo through the render node over HTTP, beside the plain
//     `ffmpeg` command line with the same filtergraph on the same prepared inputs.
// Writes bench/results/render.json and prints a markdown table.
import { execFile, spawn, spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import sharp from 'sharp'
import { promoJobSchema, thumbnailsJobSchema } from '../contracts/render-jobs'
import { loadConfig } from '../render-node/src/config'
import { promoJob } from '../render-node/src/jobs/promo'
import { thumbnailsJob } from '../render-node/src/jobs/thumbnails'
import { renderThumbnailOverlay, thumbHashOf } from '../render-node/src/media/image'
import { probeH264Encoder } from '../render-node/src/media/video'
import { SECRET, sendJob, startNode } from '../render-node/test/helpers'

const run = promisify(execFile)
const N = Number(process.env.BENCH_N ?? 6)
const PROMO_SECONDS = Number(process.env.BENCH_PROMO_SECONDS ?? 15)
const PROMO_ROUNDS = Math.max(1, Number(process.env.BENCH_PROMO_ROUNDS ?? 3))
const SIZES = [
  { width: 320, height: 568 },
  { width: 640, height: 1136 },
  { width: 1080, height: 1920 },
]

function ensureTools() {
  const has = (check: string) => spawnSync('sh', ['-c', check]).status === 0
  if (has('command -v vipsthumbnail') && has('test -x /usr/bin/convert')) return
  console.log('installing libvips-tools and imagemagick with apt…')
  const r = spawnSync('sh', ['-c', 'apt-get install -y libvips-tools imagemagick || (apt-get update && apt-get install -y libvips-tools imagemagick)'], {
    stdio: 'inherit',
  })
  if (r.status !== 0) throw new Error('could not install libvips-tools and imagemagick (run as root)')
}

/** A realistic-ish 3000×4000 photo: gradient, shapes and fine noise, JPEG q90. */
async function makeCover(file: string) {
  const W = 3000
  const H = 4000
  let shapes = ''
  for (let i = 0; i < 60; i++)
    shapes += `<circle cx="${(i * 997) % W}" cy="${(i * 1543) % H}" r="${80 + ((i * 37) % 400)}" fill="hsl(${(i * 47) % 360},70%,55%)" fill-opacity="0.55"/>`
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1e3c72"/><stop offset="1" stop-color="#f7b733"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>${shapes}</svg>`
  const base = await sharp(Buffer.from(svg)).png().toBuffer()
  const noise = await sharp({ create: { width: W, height: H, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .png()
    .toBuffer()
  await sharp(base)
    .composite([{ input: noise, blend: 'overlay' }])
    .jpeg({ quality: 90 })
    .toFile(file)
}

/** Runs a command under /usr/bin/time; returns its peak RSS in MiB. */
async function timedChild(cmd: string, args: string[]): Promise<number> {
  // sharp sets VIPSHOME for its own libvips; Debian's vipsthumbnail must not see it (it would look for its modules there)
  const { VIPSHOME: _vipsHome, FONTCONFIG_FILE: _fonts, ...env } = process.env
  const { stderr } = await run('/usr/bin/time', ['-f', 'MAXRSS=%M', cmd, ...args], { env, maxBuffer: 16 << 20 })
  const kb = Number(/MAXRSS=(\d+)/.exec(stderr)?.[1] ?? 0)
  return kb / 1024
}

type Row = { what: string; perSecond: number; unit: string; msPerImage: number; peakRssMiB: number; note?: string }

async function benchCli(label: string, commands: (w: number, h: number) => Array<[string, string[]]>, note: string): Promise<Row> {
  const once = async () => {
    let peak = 0
    for (const s of SIZES) for (const [cmd, args] of commands(s.width, s.height)) peak = Math.max(peak, await timedChild(cmd, args))
    return peak
  }
  await once() // warm the page cache
  const t0 = performance.now()
  let peak = 0
  for (let i = 0; i < N; i++) peak = Math.max(peak, await once())
  const s = (performance.now() - t0) / 1000
  return { what: label, perSecond: N / s, unit: 'images/s', msPerImage: (s / N) * 1000, peakRssMiB: peak, note }
}

async function main() {
  ensureTools()
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-render-'))
  const results: Record<string, unknown> = {
    machine: { cpus: os.availableParallelism(), node: process.version, sharp: sharp.versions.sharp, libvips: sharp.versions.vips },
    n: N,
  }
  try {
    const src = path.join(dir, 'cover.jpg')
    await makeCover(src)
    const cover = await readFile(src)
    const rows: Row[] = []

    // (a) render node over HTTP
    const node = await startNode({ RENDER_CONCURRENCY: '2', RENDER_ENCODER_PROBE: 'on', RENDER_JOB_TIMEOUT_MS: '600000' })
    const job = {
      type: 'thumbnails',
      input: 'cover',
      crops: ['portrait'],
      formats: ['webp', 'avif'],
      overlay: { title: 'Linen summer dress in three colours', price: '€49.90' },
    }
    const warm = await sendJob(node.url, job, { cover })
    if (warm.status !== 200) throw new Error(`thumbnails job failed: ${JSON.stringify(warm.error)}`)
    let peakDelta = 0
    const t0 = performance.now()
    for (let i = 0; i < N; i++) {
      const before = process.memoryUsage().rss
      let peak = before
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
      await sendJob(node.url, job, { cover })
      clearInterval(timer)
      peakDelta = Math.max(peakDelta, Math.max(peak, process.memoryUsage().rss) - before)
    }
    const s = (performance.now() - t0) / 1000
    rows.push({
      what: 'render node (HTTP, sharp) — with overlay',
      perSecond: N / s,
      unit: 'images/s',
      msPerImage: (s / N) * 1000,
      peakRssMiB: peakDelta / 2 ** 20,
      note: 'RSS: peak rise of the node process during one job',
    })
    // two in flight, as the node runs with RENDER_CONCURRENCY=2
    const t1 = performance.now()
    await Promise.all(
      Array.from({ length: 2 }, async () => {
        for (let i = 0; i < N / 2; i++) await sendJob(node.url, job, { cover })
      }),
    )
    const s2 = (performance.now() - t1) / 1000
    rows.push({
      what: 'render node (HTTP, sharp) — 2 jobs in flight',
      perSecond: N / s2,
      unit: 'images/s',
      msPerImage: (s2 / N) * 1000,
      peakRssMiB: Number.NaN,
    })

    // What the HTTP round trip alone costs with this input: the smallest job (probe-image: read
    // the header) with the same cover — signing, upload, the node's checks, the reply.
    const transport: number[] = []
    for (let i = 0; i < N; i++) {
      const t = performance.now()
      const r = await sendJob(node.url, { type: 'probe-image', input: 'cover' }, { cover })
      if (r.status !== 200) throw new Error(`probe-image failed: ${JSON.stringify(r.error)}`)
      transport.push(performance.now() - t)
    }
    const transportMs = [...transport].sort((a, b) => a - b)[Math.floor(transport.length / 2)]

    // The floor, in the same run: the same outputs in-process with sharp — one decode with the
    // attention crop, then each size resized, overlaid and encoded to both formats (same
    // settings as the node), no HTTP, no job plumbing.
    const overlayText = job.overlay
    const floorOnce = async () => {
      const base = await sharp(cover)
        .rotate()
        .resize(1080, 1920, { fit: 'cover', position: 'attention', kernel: 'lanczos3' })
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true })
      await Promise.all([
        thumbHashOf(base),
        ...SIZES.map(async (size) => {
          const ov = await renderThumbnailOverlay(overlayText, size.width, size.height)
          const resized = await sharp(base.data, { raw: base.info })
            .resize(size.width, size.height, { fit: 'fill', kernel: 'lanczos3' })
            .raw()
            .toBuffer({ resolveWithObject: true })
          const px = sharp(resized.data, { raw: resized.info })
            .composite([{ input: ov, top: 0, left: 0 }])
            .removeAlpha()
          await Promise.all([
            px.clone().webp({ quality: 80, effort: 4 }).toBuffer(),
            px.clone().avif({ quality: 50, effort: 2, chromaSubsampling: '4:2:0' }).toBuffer(),
          ])
        }),
      ])
    }
    await floorOnce()
    const f0 = performance.now()
    for (let i = 0; i < N; i++) await floorOnce()
    const fs = (performance.now() - f0) / 1000
    rows.push({
      what: 'floor: in-process sharp, one decode, same outputs and overlay',
      perSecond: N / fs,
      unit: 'images/s',
      msPerImage: (fs / N) * 1000,
      peakRssMiB: Number.NaN,
    })
    // The goal's ratio: node and floor alternating, N times each, medians (the machine is shared,
    // so load that comes and goes hits both sides alike).
    // The job alone (in-process, no HTTP) alternates with them too: node − job = the HTTP round trip.
    const pairs = { node: [] as number[], floor: [] as number[], jobInProcess: [] as number[] }
    const jobCtx = {
      config: loadConfig({ RENDER_SIGNING_SECRET: SECRET }),
      jobId: 'bench',
      inputs: new Map([['cover', cover]]),
      tmpDir: dir,
      signal: new AbortController().signal,
      encoder: 'libx264' as const,
    }
    const thumbJob = thumbnailsJobSchema.parse(job)
    for (let i = 0; i < N; i++) {
      let t = performance.now()
      await sendJob(node.url, job, { cover })
      pairs.node.push(performance.now() - t)
      t = performance.now()
      await floorOnce()
      pairs.floor.push(performance.now() - t)
      t = performance.now()
      await thumbnailsJob(thumbJob, jobCtx)
      pairs.jobInProcess.push(performance.now() - t)
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
    results.thumbnailsFloor = {
      msPerImage: med(pairs.floor),
      nodeMsPerImage: med(pairs.node),
      ratio: med(pairs.node) / med(pairs.floor),
      jobInProcessMsPerImage: med(pairs.jobInProcess),
      jobInProcessRatio: med(pairs.jobInProcess) / med(pairs.floor),
      alternatingRuns: pairs,
      sequentialRatio: s / fs,
      httpRoundTripMs: transportMs,
      coverBytes: cover.byteLength,
    }

    rows.push(
      await benchCli(
        'vipsthumbnail 8.14 (attention crop)',
        (w, h) => [
          ['vipsthumbnail', [src, '--size', `${w}x${h}`, '--smartcrop', 'attention', '-o', path.join(dir, `vt-${w}.webp[Q=80]`)]],
          ['vipsthumbnail', [src, '--size', `${w}x${h}`, '--smartcrop', 'attention', '-o', path.join(dir, `vt-${w}.avif[Q=50,effort=2]`)]],
        ],
        'no overlay; one process per output',
      ),
    )
    rows.push(
      await benchCli(
        'ImageMagick 6.9 convert (centre crop)',
        (w, h) => [
          [
            '/usr/bin/convert',
            [
              '-define',
              `jpeg:size=${w * 2}x${h * 2}`,
              src,
              '-resize',
              `${w}x${h}^`,
              '-gravity',
              'center',
              '-extent',
              `${w}x${h}`,
              '-strip',
              '-quality',
              '80',
              path.join(dir, `im-${w}.webp`),
            ],
          ],
          [
            '/usr/bin/convert',
            [
              '-define',
              `jpeg:size=${w * 2}x${h * 2}`,
              src,
              '-resize',
              `${w}x${h}^`,
              '-gravity',
              'center',
              '-extent',
              `${w}x${h}`,
              '-strip',
              '-quality',
              '50',
              '-define',
              'heic:speed=7',
              path.join(dir, `im-${w}.avif`),
            ],
          ],
        ],
        'no overlay; jpeg:size decode hint; one process per output',
      ),
    )
    results.thumbnails = rows

    // (b) promo: through the node over HTTP, then the same FFmpeg command alone
    const images: Record<string, Buffer> = {}
    const colours = ['#ef4444', '#22c55e', '#3b82f6', '#eab308']
    const dims = [
      [1600, 1200],
      [1080, 1920],
      [2000, 2000],
      [900, 1600],
    ]
    for (let i = 0; i < 4; i++) {
      const [w, h] = dims[i]
      images[`img${i}`] = await sharp({ create: { width: w, height: h, channels: 3, background: colours[i] } })
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
    images.music = await new Promise<Buffer>((resolve, reject) => {
      const file = path.join(dir, 'music.m4a')
      const p = spawn('ffmpeg', [
        '-v',
        'error',
        '-y',
        '-f',
        'lavfi',
        '-i',
        `sine=frequency=220:sample_rate=48000:duration=${PROMO_SECONDS}`,
        '-c:a',
        'aac',
        file,
      ])
      p.on('close', (code) => (code === 0 ? readFile(file).then(resolve, reject) : reject(new Error('ffmpeg music failed'))))
    })
    const promo = {
      type: 'promo' as const,
      images: ['img0', 'img1', 'img2', 'img3'],
      title: 'Fresh arrivals — linen summer dress',
      priceText: '€49.90',
      callToAction: 'Shop now →',
      music: 'music',
      aiGenerated: true,
      durationSeconds: PROMO_SECONDS,
    }
    // The FFmpeg command the node runs for this job: the same job in-process once, keeping its
    // temp dir (slides, overlays, music), to replay the command alone.
    const jobDir = path.join(dir, 'promo-job')
    await mkdir(jobDir)
    let args: string[] = []
    let ffmpegStartedAt = 0
    const prep0 = performance.now()
    await promoJob(promoJobSchema.parse(promo), {
      config: loadConfig({ RENDER_SIGNING_SECRET: SECRET }),
      jobId: 'bench',
      inputs: new Map(Object.entries(images)),
      tmpDir: jobDir,
      signal: new AbortController().signal,
      encoder: (await probeH264Encoder()).encoder,
      onFfmpegCommand: (a) => {
        args = a
        ffmpegStartedAt = performance.now()
      },
    })
    const prepSeconds = (ffmpegStartedAt - prep0) / 1000
    const replay = args.map((a) => (a.endsWith('promo.mp4') ? path.join(jobDir, 'replay.mp4') : a))
    await writeFile(path.join(dir, 'ffmpeg-args.json'), JSON.stringify(args))
    // Node over HTTP and plain FFmpeg alternate, PROMO_ROUNDS times each, so a change in the
    // machine's load (it is shared) hits both sides alike; the ratio is of the medians.
    const nodeRuns: number[] = []
    const rawRuns: number[] = []
    let ffmpegRss = 0
    let encoder = ''
    let bytes: number | undefined
    for (let round = 0; round < PROMO_ROUNDS; round++) {
      const p0 = performance.now()
      const promoReply = await sendJob(node.url, promo, images)
      nodeRuns.push((performance.now() - p0) / 1000)
      if (promoReply.status !== 200) throw new Error(`promo failed: ${JSON.stringify(promoReply.error)}`)
      encoder = promoReply.result!.encoder ?? ''
      bytes = promoReply.files.get('promo.mp4')?.byteLength
      const r0 = performance.now()
      ffmpegRss = Math.max(ffmpegRss, await timedChild('ffmpeg', ['-v', 'error', '-y', ...replay]))
      rawRuns.push((performance.now() - r0) / 1000)
    }
    await node.close()
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
    const nodeSeconds = median(nodeRuns)
    const rawSeconds = median(rawRuns)
    results.promo = {
      durationSeconds: PROMO_SECONDS,
      resolution: '1080x1920',
      encoder,
      rounds: PROMO_ROUNDS,
      inProcessPrepSeconds: prepSeconds,
      nodeRunsSeconds: nodeRuns,
      rawFfmpegRunsSeconds: rawRuns,
      nodeSeconds,
      rawFfmpegSeconds: rawSeconds,
      ratio: nodeSeconds / rawSeconds,
      pairRatios: nodeRuns.map((n, k) => Math.round((n / rawRuns[k]) * 1000) / 1000),
      nodeTimesRealtime: PROMO_SECONDS / nodeSeconds,
      rawTimesRealtime: PROMO_SECONDS / rawSeconds,
      rawFfmpegPeakRssMiB: ffmpegRss,
      bytes,
    }

    await mkdir(path.join(import.meta.dirname, 'results'), { recursive: true })
    await writeFile(path.join(import.meta.dirname, 'results', 'render.json'), `${JSON.stringify(results, null, 2)}\n`)

    const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '—')
    console.log(`\n### Thumbnails: 3000×4000 JPEG → 9:16 at 320/640/1080 × WebP q80 + AVIF q50 effort 2 (N=${N}, ${os.availableParallelism()} cores)\n`)
    console.log('| tool | images/s | ms/image | peak RSS (MiB) | note |\n| --- | ---: | ---: | ---: | --- |')
    for (const r of rows) console.log(`| ${r.what} | ${f(r.perSecond)} | ${f(r.msPerImage, 0)} | ${f(r.peakRssMiB, 0)} | ${r.note ?? ''} |`)
    const p = results.promo as Record<string, number | string>
    const tf = results.thumbnailsFloor as { ratio: number }
    console.log(
      `\nrender node / in-process floor (1 in flight) = ${f(tf.ratio)}; the job alone in-process / floor = ${f((results.thumbnailsFloor as { jobInProcessRatio: number }).jobInProcessRatio)}; HTTP round trip alone (probe-image, same input) ${f((results.thumbnailsFloor as { httpRoundTripMs: number }).httpRoundTripMs, 0)} ms`,
    )
    console.log(`\n### Promo: ${PROMO_SECONDS} s 1080×1920 H.264 + AAC, 4 images, xfade, zoom, overlays, music (${encoder})\n`)
    console.log('| path | seconds | × realtime |\n| --- | ---: | ---: |')
    console.log(`| render node (HTTP: upload, sharp prep, overlays, FFmpeg, response) | ${f(p.nodeSeconds as number)} | ${f(p.nodeTimesRealtime as number)} |`)
    console.log(`| plain ffmpeg, same filtergraph and inputs | ${f(p.rawFfmpegSeconds as number)} | ${f(p.rawTimesRealtime as number)} |`)
    console.log(
      `\nnode / ffmpeg = ${f(p.ratio as number)} (medians of ${PROMO_ROUNDS} alternating runs; pairs ${(p.pairRatios as unknown as number[]).join(', ')}); ffmpeg peak RSS ${f(p.rawFfmpegPeakRssMiB as number, 0)} MiB`,
    )
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
