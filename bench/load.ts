// Load benchmark (npm run bench:load → tsx bench/load.ts).
// Starts the hub as `npm start` does (like bench/bot.ts), with WHATSAPP_GRAPH_URL pointed at an
// in-process fake Graph API, connects a WhatsApp number to the demo shop, then runs SHOPPERS
// concurrent shoppers (default 200) for SECONDS (default 60). Each shopper loops: the storefront
// page, a search, a product page, and every third round a signed WhatsApp webhook ("hi"),
// re-sent with the same wamid after 1 s when not answered 200, as Meta does.
// Reports: responses by status, 5xx other than 503-with-Retry-After (the goal is 0), and whether
// every accepted webhook was answered exactly once (the bot's reply count per shopper equals
// accepted messages × the replies one "hi" gets, measured on a warm-up shopper).
// Bounded: 127.0.0.1 only. Writes bench/results/load.json.
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { DEMO_LOGIN } from '../scripts/lib/seed'
import { signedHeaders, startWhatsAppBenchHub, stats, webhookBody } from './lib/whatsapp-hub'

const SHOPPERS = Math.min(Number(process.env.BENCH_SHOPPERS ?? 200), 500)
const SECONDS = Math.min(Number(process.env.BENCH_SECONDS ?? 60), 600)
const PHONE_ID = '1099000000002'
const QUERIES = ['sneakers', 'red', 'tee', 'bag', 'ankara', 'shoes under 5000', 'dress']

async function main() {
  const loadAverageAtStart = os.loadavg().map((n) => Math.round(n * 100) / 100)
  const { hub, graph, close } = await startWhatsAppBenchHub('load', PHONE_ID)
  try {
    const shopHtml = await (await fetch(`${hub.url}/@${DEMO_LOGIN.shop}`)).text()
    const slugs = [...new Set([...shopHtml.matchAll(new RegExp(`/@${DEMO_LOGIN.shop}/p/([a-z0-9-]+)`, 'g'))].map((m) => m[1]))]

    const repliesTo = (to: string) => graph.calls.filter((c) => (c.body as { to?: string; status?: string })?.to === to).length

    // Warm-up shopper: how many messages the bot sends for one "hi".
    const warm = '2349100000000'
    const wb = webhookBody(PHONE_ID, warm, { id: `wamid.LOAD.${warm}.0`, type: 'text', text: { body: 'hi' } })
    await fetch(`${hub.url}/webhooks/whatsapp`, { method: 'POST', body: wb, headers: signedHeaders(wb) })
    const warmDeadline = Date.now() + 30_000
    while (repliesTo(warm) === 0 && Date.now() < warmDeadline) await new Promise((r) => setTimeout(r, 50))
    await new Promise((r) => setTimeout(r, 3000))
    const perHi = repliesTo(warm)
    if (!perHi) throw new Error('the bot did not answer the warm-up message')

    const byStatus: Record<string, number> = {}
    const bad5xx: { status: number; path: string; sample: string }[] = []
    let bad5xxCount = 0
    let unavailableWithRetryAfter = 0
    const unavailableReasons: Record<string, number> = {}
    const latency: Record<string, number[]> = { page: [], search: [], product: [], webhook: [] }
    const accepted = new Map<string, number>()
    let webhookGaveUp = 0

    async function hit(kind: string, pathname: string, init?: RequestInit): Promise<Response> {
      const t = Date.now()
      const res = await fetch(`${hub.url}${pathname}`, { ...init, signal: AbortSignal.timeout(60_000) })
      const text = await res.text()
      latency[kind].push(Date.now() - t)
      byStatus[res.status] = (byStatus[res.status] ?? 0) + 1
      if (res.status >= 500) {
        if (res.status === 503 && res.headers.get('retry-after')) {
          unavailableWithRetryAfter++
          const reason = `${kind}: ${/"message":"([^"]*)"/.exec(text)?.[1] ?? text.slice(0, 80)}`
          unavailableReasons[reason] = (unavailableReasons[reason] ?? 0) + 1
        } else {
          bad5xxCount++
          if (bad5xx.length < 10) bad5xx.push({ status: res.status, path: pathname, sample: text.slice(0, 200) })
        }
      }
      return res
    }

    const t0 = Date.now()
    const end = t0 + SECONDS * 1000
    await Promise.all(
      Array.from({ length: SHOPPERS }, async (_, s) => {
        const from = `23482${String(10_000_000 + s)}`
        accepted.set(from, 0)
        for (let round = 0; Date.now() < end; round++) {
          try {
            await hit('page', `/@${DEMO_LOGIN.shop}`)
            await hit('search', `/api/storefront/${DEMO_LOGIN.shop}/search?q=${encodeURIComponent(QUERIES[(s + round) % QUERIES.length])}`)
            if (slugs.length) await hit('product', `/@${DEMO_LOGIN.shop}/p/${slugs[(s + round) % slugs.length]}`)
            if (round % 3 === 0) {
              const body = webhookBody(PHONE_ID, from, { id: `wamid.LOAD.${from}.${round}`, type: 'text', text: { body: 'hi' } })
              for (let attempt = 1; ; attempt++) {
                const res = await hit('webhook', '/webhooks/whatsapp', { method: 'POST', body, headers: signedHeaders(body) })
                if (res.status === 200) {
                  accepted.set(from, (accepted.get(from) ?? 0) + 1)
                  break
                }
                if (attempt >= 5) {
                  webhookGaveUp++
                  break
                }
                await new Promise((r) => setTimeout(r, 1000))
              }
            }
          } catch (err) {
            byStatus.network = (byStatus.network ?? 0) + 1
            if (bad5xx.length < 10) bad5xx.push({ status: 0, path: 'network', sample: String(err).slice(0, 200) })
          }
        }
      }),
    )
    const wallS = (Date.now() - t0) / 1000

    // Drain: wait until every accepted message has its replies (or nothing changes for 20 s).
    const expected = () => [...accepted.values()].reduce((a, b) => a + b, 0) * perHi
    const got = () => [...accepted.keys()].reduce((a, k) => a + repliesTo(k), 0)
    let last = -1
    let still = Date.now()
    while (got() < expected() && Date.now() - still < 20_000) {
      if (got() !== last) {
        last = got()
        still = Date.now()
      }
      await new Promise((r) => setTimeout(r, 250))
    }
    await new Promise((r) => setTimeout(r, 3000)) // late duplicates would show up here
    let answeredExactlyOnce = 0
    let missing = 0
    let duplicated = 0
    for (const [from, n] of accepted) {
      const r = repliesTo(from)
      if (r === n * perHi) answeredExactlyOnce += n
      else if (r < n * perHi) missing += n - Math.floor(r / perHi)
      else duplicated += Math.ceil((r - n * perHi) / perHi)
    }
    const acceptedTotal = [...accepted.values()].reduce((a, b) => a + b, 0)
    const requests = Object.values(byStatus).reduce((a, b) => a + b, 0)
    const result = {
      at: new Date().toISOString(),
      shoppers: SHOPPERS,
      seconds: SECONDS,
      wallSeconds: Math.round(wallS * 10) / 10,
      requests,
      requestsPerSecond: Math.round(requests / wallS),
      byStatus,
      fiveHundredsOtherThan503WithRetryAfter: bad5xxCount,
      unavailableWithRetryAfter,
      unavailableReasons,
      bad5xxSamples: bad5xx,
      latencyMs: Object.fromEntries(Object.entries(latency).map(([k, v]) => [k, stats(v)])),
      webhooks: { accepted: acceptedTotal, answeredExactlyOnce, missing, duplicated, gaveUpAfter5Tries: webhookGaveUp, repliesPerHi: perHi },
      machine: `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, Node ${process.version}`,
      // How the Worker reached Postgres (DB_DRIVER=neon selects the Neon fallback; docs/benchmarks.md).
      dbDriver: hub.dbDriver,
      loadAverage: {
        start: loadAverageAtStart,
        end: os.loadavg().map((n) => Math.round(n * 100) / 100),
        note: '1/5/15-minute load averages (the machine is shared)',
      },
    }
    await mkdir(path.join(import.meta.dirname, 'results'), { recursive: true })
    await writeFile(path.join(import.meta.dirname, 'results', 'load.json'), `${JSON.stringify(result, null, 2)}\n`)
    console.log(JSON.stringify(result, null, 2))
  } finally {
    await close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
