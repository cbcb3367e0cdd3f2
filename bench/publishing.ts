// Publishing benchmark (npm run bench:publishing → tsx bench/publishing.ts).
// Starts the whole hub as `npm start` does (wrangler dev with local Workflows, queues and R2,
// embedded Postgres, the render node) with TikTok pointed at the in-process fake, connects a
// TikTok account through the fake's consent page, makes one studio video (offline path) and
// sends it to publishing, then schedules BENCH_POSTS (default 1000) Direct Posts for one instant
// while the fake hangs BENCH_HANG_RATE (default 5%) of inits after accepting them and drops
// BENCH_DROP_RATE (default 5%) of uploads after the bytes arrived. It reports:
//   - duplicates: posts TikTok received more than once (must be 0);
//   - final statuses (the hung inits must end `unconfirmed`, never re-sent);
//   - time from publishAt to the init call at the fake: p50 / p95 / max (target p95 < 60 s).
// Writes bench/results/publishing.json and prints a markdown table.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { buildWebIfStale, ROOT, startHub } from '../scripts/lib/hub'
import { createTikTokPlatformFake } from '../test/fakes/tiktok-platform'
import { freePort } from '../test/global-setup'
import { FAKE_PUBLISHING_CLIENTS } from '../test/secrets'

const POSTS = Number(process.env.BENCH_POSTS ?? 1000)
const HANG_RATE = Number(process.env.BENCH_HANG_RATE ?? 0.05)
const DROP_RATE = Number(process.env.BENCH_DROP_RATE ?? 0.05)
const LEAD_SECONDS = Number(process.env.BENCH_LEAD_SECONDS ?? 60)
/** Publish times spread evenly over this window (0: all at one instant, the worst burst). */
const SPREAD_SECONDS = Number(process.env.BENCH_SPREAD_SECONDS ?? 300)

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : Number.NaN
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function main() {
  await buildWebIfStale(() => {})
  const tiktok = await createTikTokPlatformFake()
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'linkhub-bench-publishing-'))
  const ports = { worker: await freePort(), postgres: await freePort(), relay: await freePort(), renderNode: await freePort() }
  const hub = await startHub({
    dataDir,
    persistent: false,
    ports,
    quiet: true,
    log: () => {},
    vars: {
      LOG_LEVEL: 'error',
      TIKTOK_AUTH_URL: tiktok.url,
      TIKTOK_API_URL: tiktok.url,
      TIKTOK_CLIENT_KEY: FAKE_PUBLISHING_CLIENTS.tiktok.id,
      TIKTOK_CLIENT_SECRET: FAKE_PUBLISHING_CLIENTS.tiktok.secret,
      PUBLISHING_TRUSTED_ORIGINS: tiktok.url,
      PUBLISHING_TIMEOUT_MS: '3000',
      // one account posting 1,000 times in minutes is past TikTok's 6 a minute: lifted, to measure the Workflow itself
      TIKTOK_POSTS_PER_MINUTE: '1000000',
    },
  })
  const db = new pg.Client({ connectionString: hub.databaseUrl })
  await db.connect()
  const t0 = Date.now()
  try {
    const signup = await fetch(`${hub.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `bench-publishing-${Date.now()}@shop.test`, password: 'bench-publishing-2026', shopName: 'Bench Publishing Shop' }),
    })
    if (!signup.ok) throw new Error(`signup failed: ${signup.status} ${await signup.text()}`)
    const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0]
    const api = async <T>(p: string, json?: unknown, method = json === undefined ? 'GET' : 'POST') => {
      const res = await fetch(`${hub.url}${p}`, {
        method,
        headers: { cookie, origin: hub.url, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
        body: json === undefined ? undefined : JSON.stringify(json),
        redirect: 'manual',
      })
      if (res.status >= 400) throw new Error(`${p}: ${res.status} ${await res.text()}`)
      return res.status === 204 || res.status === 302 ? (res as unknown as T) : ((await res.json()) as T)
    }

    // Connect TikTok through the consent page.
    const { authorizeUrl } = await api<{ authorizeUrl: string }>('/api/publishing/channels/connect', { platform: 'tiktok' })
    const u = new URL(authorizeUrl)
    const consent = await fetch(`${u.origin}${u.pathname}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...Object.fromEntries(u.searchParams), decision: 'allow' }).toString(),
    })
    const back = await fetch(consent.headers.get('location') as string, { headers: { cookie }, redirect: 'manual' })
    if (!(back.headers.get('location') ?? '').includes('connected=tiktok')) throw new Error(`connect failed: ${back.headers.get('location')}`)

    // One studio video (a topic: text cards, template writer, espeak-ng), sent to publishing.
    const { video } = await api<{ video: { id: string } }>('/api/studio/videos', {
      source: { kind: 'topic', topic: 'How to style a wrap dress for work' },
      reviewRequired: false,
      targetSeconds: 15,
      resolution: '540x960',
    })
    for (;;) {
      const v = await api<{ status: string; error: string | null }>(`/api/studio/videos/${video.id}`)
      if (v.status === 'ready') break
      if (['failed', 'blocked', 'rejected', 'parked'].includes(v.status)) throw new Error(`studio video ${v.status}: ${v.error}`)
      await sleep(1000)
    }
    await api(`/api/studio/videos/${video.id}/publishing`, { onStorefront: false })

    await fetch(`${tiktok.url}/__faults`, { method: 'POST', body: JSON.stringify({ hangRate: HANG_RATE, dropRate: DROP_RATE, hangMs: 6000 }) })
    const tCreate = Date.now()
    const start = tCreate + LEAD_SECONDS * 1000
    // Each post's own time (whole seconds; the shop's zone is UTC): its slot in the window, or 20 s from now if creation fell behind.
    const due = new Map<string, number>()
    for (let i = 0; i < POSTS; i += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, POSTS - i) }, async (_, j) => {
          const k = i + j
          const at = Math.ceil(Math.max(start + (SPREAD_SECONDS * 1000 * k) / POSTS, Date.now() + 20_000) / 1000) * 1000
          const title = `bench-${k} wrap dress`
          due.set(title, at)
          await api<{ id: string }>('/api/publishing/posts', {
            source: { kind: 'studio', videoId: video.id },
            publishAt: new Date(at).toISOString().slice(0, 19),
            targets: [{ platform: 'tiktok', caption: title, tiktok: { mode: 'direct', privacyLevel: 'SELF_ONLY', isAigc: true, musicConsent: true } }],
          })
        }),
      )
    }
    const createSeconds = (Date.now() - tCreate) / 1000
    const publishAt = new Date(Math.max(...due.values()))

    // Until every target has a final status (or 20 minutes after publishAt).
    let counts: Record<string, number> = {}
    for (;;) {
      const { rows } = await db.query<{ status: string; n: number }>('select status, count(*)::int as n from publishing_post_targets group by status')
      counts = Object.fromEntries(rows.map((r) => [r.status, r.n]))
      const open = (counts.scheduled ?? 0) + (counts.publishing ?? 0) + (counts.processing ?? 0)
      if (!open || Date.now() > publishAt.getTime() + 20 * 60_000) break
      await sleep(2000)
    }
    const calls = tiktok.calls.filter((c) => c.method === 'POST' && c.path === '/v2/post/publish/video/init/')
    const byTitle = new Map<string, number>()
    for (const c of calls) {
      const title = String((c.body as { post_info?: { title?: string } })?.post_info?.title ?? '')
      byTitle.set(title, (byTitle.get(title) ?? 0) + 1)
    }
    const duplicates = [...byTitle.values()].filter((n) => n > 1).length
    // publishAt → the first init call of each post.
    const firstInit = new Map<string, number>()
    for (const c of calls) {
      const title = String((c.body as { post_info?: { title?: string } })?.post_info?.title ?? '')
      if (!firstInit.has(title)) firstInit.set(title, c.at)
    }
    const lags = [...firstInit].map(([title, at]) => (at - (due.get(title) ?? at)) / 1000)
    const { rows: attempts } = await db.query<{ over: number }>('select count(*)::int as over from publishing_post_targets where attempts > 1')
    const result = {
      posts: POSTS,
      hangRate: HANG_RATE,
      dropRate: DROP_RATE,
      spreadSeconds: SPREAD_SECONDS,
      scheduledInSeconds: createSeconds,
      postsNeverSent: POSTS - firstInit.size,
      initCalls: calls.length,
      duplicates,
      targetsWithMoreThanOneAttempt: attempts[0].over,
      statuses: counts,
      publishAtToInitSeconds: { p50: pct(lags, 50), p95: pct(lags, 95), max: Math.max(...lags) },
      wallSeconds: (Date.now() - t0) / 1000,
      at: new Date().toISOString(),
    }
    writeFileSync(path.join(ROOT, 'bench/results/publishing.json'), `${JSON.stringify(result, null, 2)}\n`)
    console.log('| posts | init calls | duplicates | statuses | publishAt→init p50 / p95 / max (s) |')
    console.log('|---|---|---|---|---|')
    console.log(
      `| ${POSTS} | ${calls.length} | ${duplicates} | ${Object.entries(counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(
          ', ',
        )} | ${result.publishAtToInitSeconds.p50.toFixed(1)} / ${result.publishAtToInitSeconds.p95.toFixed(1)} / ${result.publishAtToInitSeconds.max.toFixed(1)} |`,
    )
    if (duplicates > 0) process.exitCode = 1
  } finally {
    await db.end().catch(() => {})
    await hub.stop()
    await tiktok.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
