// Edge benchmark (npm run bench:edge → tsx bench/edge.ts).
// Starts the hub as `npm start` does (wrangler dev + embedded Postgres + PgBouncer + relay;
// DB_DRIVER=neon for the Neon fallback driver instead of Hyperdrive + pg), then loads, on
// 127.0.0.1 only, with a bounded number of requests at fixed concurrency:
//   hello     GET /healthz                          the same Worker's hello-world route
//   redirect  GET /l/<code>                         short-link 302 (link from the edge cache, click written in waitUntil)
//   product   GET /@demo/p/red-runner-sneakers      product page HTML (edge cache hit: version check + cached HTML)
//   product-miss  same page, a new `src` each time  every request loads Postgres and rewrites the HTML
//   search    GET /api/products?q=…                 the dashboard's product search, signed in (demo shop)
// Each route also reports its statements per request (PgBouncer's SHOW STATS before and after,
// bench/lib/pg-stats.ts): the round trips to Postgres that path costs.
// Writes bench/results/edge.json and prints a markdown table.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { startHub } from '../scripts/lib/hub'
import { DEMO_LOGIN } from '../scripts/lib/seed'
import { freePort } from '../test/global-setup'
import { perRequest, poolStats } from './lib/pg-stats'

const N = Number(process.env.BENCH_N ?? 2000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8)
const WARMUP = 100

type Result = {
  name: string
  path: string
  requests: number
  concurrency: number
  p50: number
  p90: number
  p99: number
  max: number
  rps: number
  statuses: Record<string, number>
  /** Statements sent to Postgres per request (PgBouncer stats, background writes included). */
  statementsPerRequest?: number
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY })

let cookie = ''

function get(url: string): Promise<{ status: number; ms: number }> {
  const t0 = performance.now()
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: cookie ? { cookie } : {} }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }))
    })
    req.on('error', reject)
  })
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

let pooledUrl = ''

async function load(name: string, base: string, pathFor: (i: number) => string, n: number): Promise<Result> {
  console.log(`${name}…`)
  for (let i = 0; i < Math.min(WARMUP, n); i++) await get(base + pathFor(-1 - i))
  // Let the warm-up's background writes land before the first snapshot.
  await new Promise((r) => setTimeout(r, 1500))
  const before = await poolStats(pooledUrl)
  const times: number[] = []
  const statuses: Record<string, number> = {}
  let next = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++
        const r = await get(base + pathFor(i))
        times.push(r.ms)
        statuses[r.status] = (statuses[r.status] ?? 0) + 1
      }
    }),
  )
  const wall = (performance.now() - t0) / 1000
  await new Promise((r) => setTimeout(r, 1500))
  const statementsPerRequest = perRequest(before, await poolStats(pooledUrl), n)
  times.sort((a, b) => a - b)
  const r2 = (x: number) => Math.round(x * 100) / 100
  return {
    name,
    path: pathFor(0),
    requests: n,
    concurrency: CONCURRENCY,
    p50: r2(pct(times, 50)),
    p90: r2(pct(times, 90)),
    p99: r2(pct(times, 99)),
    max: r2(times[times.length - 1]),
    rps: Math.round(n / wall),
    statuses,
    statementsPerRequest,
  }
}

async function main() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'linkhub-bench-'))
  const ports = { worker: await freePort(), postgres: await freePort(), relay: await freePort(), renderNode: await freePort() }
  console.log('starting the hub…')
  const hub = await startHub({ dataDir, persistent: false, ports, quiet: true, log: () => {}, vars: { LOG_LEVEL: 'error' } })
  try {
    console.log(`hub up at ${hub.url}`)
    pooledUrl = hub.pooledDatabaseUrl
    const db = new pg.Client({ connectionString: hub.databaseUrl })
    await db.connect()
    const code = 'BenchL1'
    await db.query(
      `insert into short_links (merchant_id, code, product_id) select m.id, $1, p.id from merchants m join products p on p.merchant_id = m.id and p.slug = 'red-runner-sneakers' where m.slug = 'demo' on conflict do nothing`,
      [code],
    )
    const results: Result[] = []
    results.push(await load('hello-world', hub.url, () => '/healthz', N))
    results.push(await load('short-link redirect', hub.url, () => `/l/${code}`, N))
    results.push(await load('product page (edge cache hit)', hub.url, () => '/@demo/p/red-runner-sneakers', N))
    results.push(await load('product page (cache miss)', hub.url, (i) => `/@demo/p/red-runner-sneakers?src=V${1_000_000 + i + WARMUP}`, Math.min(N, 500)))
    const login = await fetch(`${hub.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: hub.url },
      body: JSON.stringify({ email: DEMO_LOGIN.email, password: DEMO_LOGIN.password }),
    })
    if (login.status !== 200) throw new Error(`demo login failed: ${login.status} ${await login.text()}`)
    cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ')
    const words = ['sneakers', 'red', 'tote', 'ankara dress', 'snekers', 'bag']
    results.push(
      await load(
        'search, signed in (demo shop)',
        hub.url,
        (i) => `/api/products?q=${encodeURIComponent(words[Math.abs(i) % words.length])}&limit=24`,
        Math.min(N, 1000),
      ),
    )
    cookie = ''
    results.push(await load('hello-world (again)', hub.url, () => '/healthz', N))
    // Clicks are written after the response: wait for them to land, to check nothing was lost.
    await new Promise((r) => setTimeout(r, 3000))
    const clicks = await db.query(`select count(*)::int as n from events e join short_links l on l.id = e.link_id where l.code = $1`, [code])
    await db.end()
    // The floor: the same Worker's hello-world route, the better of its two runs (before and after).
    const floorP50 = Math.min(results[0].p50, results[results.length - 1].p50)
    const out = {
      floor: { route: 'hello-world /healthz', p50: floorP50 },
      ratios: Object.fromEntries(
        results.map((r) => [r.name, { p50: Math.round((r.p50 / floorP50) * 100) / 100, p99: Math.round((r.p99 / floorP50) * 100) / 100 }]),
      ),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
      // How the Worker reached Postgres (DB_DRIVER=neon selects the Neon fallback; docs/benchmarks.md).
      dbDriver: hub.dbDriver,
      clicksRecorded: clicks.rows[0].n,
      redirectsServed: N + Math.min(WARMUP, N),
      results,
    }
    await mkdir('bench/results', { recursive: true })
    await writeFile('bench/results/edge.json', `${JSON.stringify(out, null, 2)}\n`)
    console.log(
      `\n| route | requests × concurrency | p50 ms | p90 ms | p99 ms | × hello p50 | req/s | statements/request | statuses |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
    )
    for (const r of results)
      console.log(
        `| ${r.name} \`${r.path}\` | ${r.requests} × ${r.concurrency} | ${r.p50} | ${r.p90} | ${r.p99} | ${(r.p50 / floorP50).toFixed(2)} | ${r.rps} | ${r.statementsPerRequest} | ${JSON.stringify(r.statuses)} |`,
      )
    console.log(`\nclicks recorded: ${out.clicksRecorded} of ${out.redirectsServed} redirects`)
  } finally {
    agent.destroy()
    await hub.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
