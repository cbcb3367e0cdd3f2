// Catalog search benchmark (npm run bench:search → tsx bench/catalog-search.ts).
// Starts the hub as `npm start` does (wrangler dev + embedded Postgres + relay), loads
// 1,000,000 products with COPY-free server-side generate_series: 100,000 in one shop ("big") and
// 900,000 across 900 shops of 1,000, made from real Craigslist listing titles/descriptions
// (../shared/data/captions/craigslist, MIT, stanfordnlp/cocoa) with generated variations
// (colour, size, condition, model year). `ref` is given explicitly: the default (8 random hex
// characters) collides by the birthday bound long before a million rows. Then times searchProducts() of 1–3 word queries, exact
// and with one typo, as database time (Node → Postgres, the same query function the Worker runs)
// and as HTTP time (GET /api/products?q=… through the local Worker, signed in), beside the same
// Worker's hello-world route (GET /healthz). Writes bench/results/catalog-search.json.
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { type SearchMemo, searchProducts, type TypoLookup } from '../db/queries/search-products'
import * as schema from '../db/schema'
import type { Database } from '../db/types'
import { startHub } from '../scripts/lib/hub'
import { freePort } from '../test/global-setup'

const BIG = Number(process.env.BENCH_BIG ?? 100_000)
const SHOPS = Number(process.env.BENCH_SHOPS ?? 900)
const PER_SHOP = Number(process.env.BENCH_PER_SHOP ?? 1000)
const QUERIES = Number(process.env.BENCH_QUERIES ?? 60) // per (words × typo) group
const DATA = path.resolve(import.meta.dirname, '../../shared/data/captions/craigslist')

type Listing = { title: string; description: string[]; category: string }
const listings: Listing[] = ['bike', 'car', 'housing', 'phone'].flatMap(
  (k) => JSON.parse(readFileSync(path.join(DATA, `craigslist_${k}.json`), 'utf8')) as Listing[],
)
const clean = (s: string) =>
  s
    .replace(/[\t\n\r\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}
const round = (n: number) => Math.round(n * 100) / 100

/** Deterministic pseudo-random numbers, so runs compare. */
let seed = 42
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed / 0x7fffffff
}
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]

function typo(word: string) {
  const i = 1 + Math.floor(rand() * (word.length - 2))
  const kind = Math.floor(rand() * 3)
  if (kind === 0) return word.slice(0, i) + word.slice(i + 1) // drop a letter
  if (kind === 1) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) // swap two
  return word.slice(0, i) + word[i] + word.slice(i) // double a letter
}

function makeQueries(words: number, withTypo: boolean): string[] {
  const out: string[] = []
  while (out.length < QUERIES) {
    const title = pick(listings).title.toLowerCase()
    const ws = title.split(/[^a-z0-9]+/).filter((w) => w.length >= 4 && !/^\d+$/.test(w))
    if (ws.length < words) continue
    const start = Math.floor(rand() * (ws.length - words + 1))
    const q = ws.slice(start, start + words)
    if (withTypo) {
      const j = q.findIndex((w) => w.length >= 5)
      if (j < 0) continue
      q[j] = typo(q[j])
    }
    out.push(q.join(' '))
  }
  return out
}

async function load(client: pg.Client) {
  const t0 = performance.now()
  await client.query('create temp table seed_listings (i int primary key, title text, description text, category text)')
  const rows = listings.map((l, i) => [i, clean(l.title).slice(0, 150), clean(l.description.join(' ')).slice(0, 600), l.category])
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500)
    const values = chunk.map((_, j) => `($${j * 4 + 1}, $${j * 4 + 2}, $${j * 4 + 3}, $${j * 4 + 4})`).join(',')
    await client.query(`insert into seed_listings values ${values}`, chunk.flat())
  }
  const n = rows.length
  const [{ id: bigId }] = (await client.query(`insert into merchants (slug, name, default_currency) values ('bench-big', 'Bench Big', 'USD') returning id`))
    .rows
  await client.query(`insert into merchants (slug, name, default_currency) select 'bench-' || g, 'Bench ' || g, 'USD' from generate_series(1, $1) g`, [SHOPS])
  // Bulk load without the search indexes, then build them once (much faster than per-row upkeep).
  await client.query('drop index if exists products_search_idx, products_title_trgm_idx')
  const insert = (merchantExpr: string, count: number, offset: number, extraFrom = '') =>
    client.query(
      `insert into products (merchant_id, slug, ref, title, description, status, price_minor, currency, category, tags, stock)
       select ${merchantExpr}, 'p-' || g, 'B' || lpad(to_hex(g), 11, '0'), title, description, (array['published','draft','archived'])[1 + g % 3]::product_status,
              100 + (g::bigint * 7919) % 500000, 'USD', category, array[category, (array['sale','new','used','vintage'])[1 + g % 4]], case when g % 5 = 0 then 0 else g % 40 end
       from (
         select g, s.category,
           concat_ws(' ', (array['Red','Blue','Black','White','Green','Silver','Gold','Pink','Grey','Navy','Orange','Purple'])[1 + (g / ${n}) % 12],
                          s.title, (array['','XL','Small','Large','Pro','Mini','2019','2021','Deluxe','Classic'])[1 + (g / ${n * 12}) % 10]) as title,
           s.description
         from generate_series(${offset + 1}, ${offset + count}) g join seed_listings s on s.i = g % ${n}
       ) x ${extraFrom}`,
    )
  await insert(`'${bigId}'::uuid`, BIG, 0)
  console.log(`  ${BIG} products in the big shop: ${Math.round(performance.now() - t0)} ms`)
  // 900 shops × 1,000: merchant picked by row number.
  await client.query(`create temp table bench_shops as select id, row_number() over (order by slug) - 1 as k from merchants where slug ~ '^bench-[0-9]+$'`)
  await client.query(`create index on bench_shops (k)`)
  await client.query(
    `insert into products (merchant_id, slug, ref, title, description, status, price_minor, currency, category, tags, stock)
     select m.id, 'p-' || g, 'S' || lpad(to_hex(g), 11, '0'), concat_ws(' ', (array['Red','Blue','Black','White','Green','Silver'])[1 + g % 6], s.title), s.description, 'published',
            100 + (g::bigint * 7919) % 500000, 'USD', s.category, array[s.category], g % 20
     from generate_series(0, ${SHOPS * PER_SHOP - 1}) g
     join seed_listings s on s.i = (g::bigint * 31) % ${n}
     join bench_shops m on m.k = g / ${PER_SHOP}`,
  )
  console.log(`  + ${SHOPS * PER_SHOP} products across ${SHOPS} shops: ${Math.round(performance.now() - t0)} ms`)
  await client.query(`create index products_search_idx on products using gin (search)`)
  await client.query(`create index products_title_trgm_idx on products using gin (immutable_unaccent(lower(title)) gin_trgm_ops)`)
  await client.query('analyze products')
  const loadMs = Math.round(performance.now() - t0)
  console.log(`  indexes built, analysed: ${loadMs} ms`)
  const small = (await client.query(`select id from merchants where slug = 'bench-1'`)).rows[0].id as string
  return { bigId: bigId as string, smallId: small, loadMs }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8)
const concurrentAgent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY })
function get(url: string, cookie?: string, via = agent): Promise<{ status: number; ms: number; body: string }> {
  const t0 = performance.now()
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: via, headers: cookie ? { cookie } : {} }, (res) => {
      let body = ''
      res.on('data', (d) => {
        body += d
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, body }))
    })
    req.on('error', reject)
  })
}

async function main() {
  const started = performance.now()
  const loadAverageAtStart = os.loadavg().map(round)
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'linkhub-bench-search-'))
  const ports = { worker: await freePort(), postgres: await freePort(), relay: await freePort(), renderNode: await freePort() }
  console.log('starting the hub…')
  const verbose = !!process.env.BENCH_VERBOSE
  const hub = await startHub({ dataDir, persistent: false, ports, quiet: !verbose, log: verbose ? console.log : () => {}, vars: { LOG_LEVEL: 'error' } })
  const client = new pg.Client({ connectionString: hub.databaseUrl })
  await client.connect()
  try {
    console.log('loading products…')
    const { bigId, smallId, loadMs } = await load(client)
    const total = Number((await client.query('select count(*) from products')).rows[0].count)

    // A signed-in owner of the big shop, for HTTP (the session row holds the token's SHA-256).
    const token = randomBytes(32).toString('base64url')
    const [{ id: userId }] = (await client.query(`insert into users (email, password_hash) values ('bench@bench.test', 'x') returning id`)).rows
    await client.query(`insert into memberships (merchant_id, user_id, role) values ($1, $2, 'owner')`, [bigId, userId])
    await client.query(`insert into sessions (id, user_id, merchant_id, expires_at) values ($1, $2, $3, now() + interval '1 day')`, [
      createHash('sha256').update(token).digest('hex'),
      userId,
      bigId,
    ])
    const cookie = `lh_session=${token}`

    const pool = new pg.Pool({ connectionString: hub.databaseUrl, max: 1 })
    const db = drizzle({ client: pool, schema }) as unknown as Database
    // What the Worker keeps per isolate (workers/src/catalog/search-memo.ts), kept here the same way.
    const memo: SearchMemo = { typos: new Map<string, TypoLookup>(), vocabulary: new Map<string, string[]>() }
    const groups: Record<string, unknown>[] = []
    const hello: number[] = []
    const bigQueries: string[] = []
    for (let i = 0; i < 30; i++) await get(`${hub.url}/healthz`) // warm up the Worker
    for (const [shop, merchantId] of [
      ['100k-shop', bigId],
      ['1k-shop', smallId],
    ] as const) {
      for (const words of [1, 2, 3]) {
        for (const withTypo of [false, true]) {
          const qs = makeQueries(words, withTypo)
          const dbMs: number[] = []
          const httpMs: number[] = []
          const hits: number[] = []
          if (shop === '100k-shop') bigQueries.push(...qs)
          const helloHere: number[] = []
          for (const q of qs) {
            const t0 = performance.now()
            const r = await searchProducts(db, { merchantId, q, limit: 24, memo })
            dbMs.push(performance.now() - t0)
            hits.push(r.items.length)
            if (shop === '100k-shop') {
              const res = await get(`${hub.url}/api/products?q=${encodeURIComponent(q)}&limit=24`, cookie)
              if (res.status !== 200) throw new Error(`search answered ${res.status}: ${res.body.slice(0, 200)}`)
              httpMs.push(res.ms)
              const h = (await get(`${hub.url}/healthz`)).ms
              hello.push(h)
              helloHere.push(h)
            }
          }
          const g = {
            shop,
            words,
            typo: withTypo,
            queries: qs.length,
            example: qs[0],
            withResults: hits.filter((h) => h > 0).length,
            db: { p50: round(pct(dbMs, 50)), p95: round(pct(dbMs, 95)), p99: round(pct(dbMs, 99)) },
            http: httpMs.length ? { p50: round(pct(httpMs, 50)), p95: round(pct(httpMs, 95)), p99: round(pct(httpMs, 99)) } : null,
            // the floor: /healthz requests interleaved with this group's searches (one after each)
            floor: helloHere.length ? { p50: round(pct(helloHere, 50)), p99: round(pct(helloHere, 99)) } : null,
            ratio: helloHere.length
              ? { p50: round(pct(httpMs, 50) / pct(helloHere, 50)), p99: round(pct(httpMs, 99) / pct(helloHere, 99)), goal: { p50: 1.5, p99: 3 } }
              : null,
          }
          groups.push(g)
          console.log(JSON.stringify(g))
        }
      }
    }
    await pool.end()

    // C = 8: every 100k-shop query again over HTTP, 8 at a time, between two hello-world runs at
    // the same concurrency (the floor is the better of the two: the machine's noise, not ours).
    const concurrent = async (urls: string[], cookieHere?: string) => {
      const ms: number[] = []
      let next = 0
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < urls.length) {
            const res = await get(urls[next++], cookieHere, concurrentAgent)
            if (res.status !== 200) throw new Error(`answered ${res.status}: ${res.body.slice(0, 200)}`)
            ms.push(res.ms)
          }
        }),
      )
      return ms
    }
    const helloUrls = Array.from({ length: bigQueries.length }, () => `${hub.url}/healthz`)
    await concurrent(helloUrls.slice(0, 80)) // warm the sockets
    const helloBefore = await concurrent(helloUrls)
    const searchC = await concurrent(
      bigQueries.map((q) => `${hub.url}/api/products?q=${encodeURIComponent(q)}&limit=24`),
      cookie,
    )
    const helloAfter = await concurrent(helloUrls)
    const better = pct(helloBefore, 50) <= pct(helloAfter, 50) ? helloBefore : helloAfter
    const atConcurrency = {
      concurrency: CONCURRENCY,
      requests: searchC.length,
      search: { p50: round(pct(searchC, 50)), p95: round(pct(searchC, 95)), p99: round(pct(searchC, 99)) },
      helloBefore: { p50: round(pct(helloBefore, 50)), p99: round(pct(helloBefore, 99)) },
      helloAfter: { p50: round(pct(helloAfter, 50)), p99: round(pct(helloAfter, 99)) },
      ratio: { p50: round(pct(searchC, 50) / pct(better, 50)), p99: round(pct(searchC, 99) / pct(better, 99)), goal: { p50: 1.5, p99: 3 } },
    }
    console.log(JSON.stringify({ atConcurrency }))
    const result = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
      loadAverage: { start: loadAverageAtStart, end: os.loadavg().map(round), note: '1/5/15-minute load averages (the machine is shared)' },
      products: total,
      bigShop: BIG,
      otherShops: { shops: SHOPS, perShop: PER_SHOP },
      loadMs,
      hello: { path: '/healthz', requests: hello.length, p50: round(pct(hello, 50)), p95: round(pct(hello, 95)), p99: round(pct(hello, 99)) },
      groups,
      atConcurrency,
      totalSeconds: Math.round((performance.now() - started) / 1000),
    }
    await mkdir(path.resolve(import.meta.dirname, 'results'), { recursive: true })
    await writeFile(path.resolve(import.meta.dirname, 'results/catalog-search.json'), `${JSON.stringify(result, null, 2)}\n`)
    console.log(
      '\n| shop | words | typo | example | with results | DB p50 / p95 ms | HTTP p50 / p95 / p99 ms | × hello p50 / p99 |\n|---|---|---|---|---|---|---|---|',
    )
    for (const g of groups as {
      shop: string
      words: number
      typo: boolean
      example: string
      withResults: number
      queries: number
      db: { p50: number; p95: number }
      http: { p50: number; p95: number; p99: number } | null
      ratio: { p50: number; p99: number } | null
    }[]) {
      console.log(
        `| ${g.shop} | ${g.words} | ${g.typo ? 'yes' : 'no'} | \`${g.example}\` | ${g.withResults}/${g.queries} | ${g.db.p50} / ${g.db.p95} | ${g.http ? `${g.http.p50} / ${g.http.p95} / ${g.http.p99}` : '–'} | ${g.ratio ? `${g.ratio.p50} / ${g.ratio.p99}` : '–'} |`,
      )
    }
    console.log(`| hello-world \`/healthz\` | | | | | | ${result.hello.p50} / ${result.hello.p95} / ${result.hello.p99} | 1 |`)
    const a = atConcurrency
    console.log(
      `\nC = ${a.concurrency}, all ${a.requests} 100k-shop queries: search p50 / p95 / p99 ${a.search.p50} / ${a.search.p95} / ${a.search.p99} ms; hello p50 ${a.helloBefore.p50} before, ${a.helloAfter.p50} after; × hello p50 / p99 ${a.ratio.p50} / ${a.ratio.p99}`,
    )
  } finally {
    await client.end()
    await hub.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
