// Content studio benchmark (npm run bench:studio → tsx bench/studio.ts).
// Starts the whole hub as `npm start` does (wrangler dev with local Workflows, queues and R2,
// embedded Postgres, the render node), signs up a shop with products and photos, and measures,
// with the offline providers (template writer, rules safety, espeak-ng):
//   (a) one 30 s video end to end (POST /api/studio/videos → `ready`), BENCH_N runs (default 5):
//       p50/p95 wall time, the render node's own seconds (from the video's cost lines) and the
//       Workflow's overhead (wall − render);
//   (b) a batch of 10 videos (one per product): wall time until all are ready, and the render
//       node's peak resident memory, sampled from its /metrics every 250 ms.
// The floor for the render part (plain ffmpeg on the same filtergraph) is bench:studio-render.
// Writes bench/results/studio.json and prints a markdown table.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { buildWebIfStale, ROOT, startHub } from '../scripts/lib/hub'
import { freePort } from '../test/global-setup'

const N = Number(process.env.BENCH_N ?? 5)
const BATCH = Number(process.env.BENCH_BATCH ?? 10)
const TARGET = Number(process.env.BENCH_TARGET_SECONDS ?? 30)
const RESOLUTION = (process.env.BENCH_RESOLUTION ?? '1080x1920') as '1080x1920' | '540x960'

type Video = { id: string; status: string; phase: string; error: string | null; costs: { lines: { unit: string; quantity: number; step: string }[] } }

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]
}

async function main() {
  await buildWebIfStale(() => {})
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'linkhub-bench-studio-'))
  const ports = { worker: await freePort(), postgres: await freePort(), relay: await freePort(), renderNode: await freePort() }
  const hub = await startHub({ dataDir, persistent: false, ports, quiet: true, log: () => {}, vars: { LOG_LEVEL: 'error' } })
  try {
    const signup = await fetch(`${hub.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `bench-studio-${Date.now()}@shop.test`, password: 'bench-studio-2026', shopName: 'Bench Studio Shop' }),
    })
    if (!signup.ok) throw new Error(`signup failed: ${signup.status} ${await signup.text()}`)
    const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0]
    const api = async <T>(p: string, init: { method?: string; json?: unknown; form?: FormData } = {}) => {
      const res = await fetch(`${hub.url}${p}`, {
        method: init.method ?? (init.json || init.form ? 'POST' : 'GET'),
        headers: { cookie, origin: hub.url, ...(init.json ? { 'content-type': 'application/json' } : {}) },
        body: init.json ? JSON.stringify(init.json) : init.form,
      })
      if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`)
      return (await res.json()) as T
    }
    // The daily quota would stop a benchmark; raise it for this shop.
    const settings = await api<{ brandVoice: Record<string, unknown> }>('/api/studio/settings')
    await api('/api/studio/settings', { method: 'PUT', json: { ...settings.brandVoice, dailyQuota: 500, reviewRequired: false, targetSeconds: TARGET } })

    const products: string[] = []
    for (let i = 0; i < BATCH; i++) {
      const p = await api<{ id: string }>('/api/products', {
        json: {
          title: `Bench Sneaker ${i + 1}`,
          priceMinor: 450000 + i * 10000,
          currency: 'KES',
          status: 'published',
          description: 'Breathable knit upper, cushioned sole.',
        },
      })
      for (const hue of [20 + i * 30, 200 + i * 10]) {
        const photo = await sharp({
          create: { width: 1200, height: 1600, channels: 3, background: `hsl(${hue % 360},60%,55%)`, noise: { type: 'gaussian', mean: 128, sigma: 20 } },
        })
          .jpeg({ quality: 85 })
          .toBuffer()
        const form = new FormData()
        form.set('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), `photo-${hue}.jpg`)
        await api(`/api/products/${p.id}/images`, { form })
      }
      products.push(p.id)
    }

    const waitReady = async (ids: string[], timeoutMs = 900_000) => {
      const t0 = Date.now()
      const done = new Map<string, Video>()
      while (done.size < ids.length) {
        if (Date.now() - t0 > timeoutMs) throw new Error(`timed out with ${done.size}/${ids.length} ready`)
        for (const id of ids.filter((x) => !done.has(x))) {
          const v = await api<Video>(`/api/studio/videos/${id}`)
          if (v.status === 'ready') done.set(id, v)
          else if (['failed', 'blocked', 'rejected', 'parked'].includes(v.status)) throw new Error(`video ${id} ${v.status}: ${v.error}`)
        }
        await new Promise((r) => setTimeout(r, 200))
      }
      return [...done.values()]
    }
    const renderSecondsOf = (v: Video) => v.costs.lines.filter((l) => l.unit === 'render_seconds').reduce((s, l) => s + l.quantity, 0)

    // (a) one video at a time
    const single: { wallSeconds: number; renderSeconds: number; overheadSeconds: number }[] = []
    for (let i = 0; i < N; i++) {
      const t0 = performance.now()
      const { video } = await api<{ video: { id: string } }>('/api/studio/videos', {
        json: { source: { kind: 'product', productId: products[i % products.length] }, reviewRequired: false, targetSeconds: TARGET, resolution: RESOLUTION },
      })
      const [v] = await waitReady([video.id])
      const wall = (performance.now() - t0) / 1000
      const render = renderSecondsOf(v)
      single.push({ wallSeconds: wall, renderSeconds: render, overheadSeconds: wall - render })
      console.log(`single ${i + 1}/${N}: ${wall.toFixed(1)} s (render ${render.toFixed(1)} s)`)
    }

    // (b) a batch of 10, sampling the render node's RSS
    let peakRss = 0
    const sampler = setInterval(async () => {
      const text = await fetch(`${hub.renderNodeUrl}/metrics`)
        .then((r) => r.text())
        .catch(() => '')
      const m = /^process_resident_memory_bytes\s+(\d+)/m.exec(text)
      if (m) peakRss = Math.max(peakRss, Number(m[1]))
    }, 250)
    const b0 = performance.now()
    const batch = await api<{ batchId: string; videos: { id: string }[] }>('/api/studio/batches', {
      json: {
        items: products.map((id) => ({ source: { kind: 'product', productId: id }, reviewRequired: false, targetSeconds: TARGET, resolution: RESOLUTION })),
      },
    })
    const batchVideos = await waitReady(batch.videos.map((v) => v.id))
    const batchWall = (performance.now() - b0) / 1000
    clearInterval(sampler)
    const batchRender = batchVideos.reduce((s, v) => s + renderSecondsOf(v), 0)

    const walls = single.map((s) => s.wallSeconds)
    const renders = single.map((s) => s.renderSeconds)
    const overheads = single.map((s) => s.overheadSeconds)
    const result = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model },
      targetSeconds: TARGET,
      resolution: RESOLUTION,
      single: {
        n: N,
        wallP50: pct(walls, 50),
        wallP95: pct(walls, 95),
        renderP50: pct(renders, 50),
        overheadP50: pct(overheads, 50),
        overheadP95: pct(overheads, 95),
        /** Wall ÷ the render node's own time: what the Workflow and the Worker add around the renders. */
        ratioToRender: pct(walls, 50) / pct(renders, 50),
        runs: single,
      },
      batch: { n: BATCH, wallSeconds: batchWall, renderSecondsSum: batchRender, perVideoSeconds: batchWall / BATCH, renderNodePeakRssMiB: peakRss / 2 ** 20 },
    }
    writeFileSync(path.join(ROOT, 'bench/results/studio.json'), `${JSON.stringify(result, null, 2)}\n`)
    console.log(`
| what | value |
|---|---|
| one ${TARGET} s video end to end, p50 / p95 (n=${N}) | ${result.single.wallP50.toFixed(1)} s / ${result.single.wallP95.toFixed(1)} s |
| of which the render node (voice + assembly), p50 | ${result.single.renderP50.toFixed(1)} s |
| Workflow + Worker overhead, p50 / p95 | ${result.single.overheadP50.toFixed(1)} s / ${result.single.overheadP95.toFixed(1)} s |
| wall ÷ render time | ${result.single.ratioToRender.toFixed(2)}× |
| batch of ${BATCH}: wall, per video | ${batchWall.toFixed(1)} s, ${(batchWall / BATCH).toFixed(1)} s |
| batch: render node peak RSS | ${result.batch.renderNodePeakRssMiB.toFixed(0)} MiB |
`)
  } finally {
    await hub.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
