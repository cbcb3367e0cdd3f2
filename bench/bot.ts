// Bot benchmark (npm run bench:bot → tsx bench/bot.ts).
// Starts the hub as `npm start` does, with WHATSAPP_GRAPH_URL pointed at an in-process fake Graph
// API on 127.0.0.1, connects a WhatsApp number to the demo shop, then runs two scenarios of the
// same 4-turn conversation (hello → search "red sneakers under 5000" → tap "Add to cart" → tap
// "Browse"), each turn sent when the previous one was answered:
//   idle     one shopper at a time (BENCH_IDLE_SHOPPERS, default 5 → 20 messages)
//   50 × 4   SHOPPERS concurrent shoppers (BENCH_SHOPPERS, default 50)
// and measures per message:
//   ack    time for POST /webhooks/whatsapp to answer (verify + dedupe + enqueue)
//   reply  time from sending the webhook to the bot's (first) reply arriving at the fake Graph API
// and per scenario: replies lost or duplicated (each shopper's replies against a reference
// shopper's, who ran the same script alone), pacing seen at the fake's receive timestamps (the
// per-number bucket, 80 msg/s with a burst of 80, and the per-shopper one, a burst of 10 then one
// per 6 s, replayed over the arrival times), CPU per message of all the hub's processes (workerd,
// wrangler, Postgres, PgBouncer, render node; /proc) and of this process (load generator, fake
// Graph API), and statements per message (PgBouncer's SHOW STATS).
// Bounded: 127.0.0.1 only. Writes bench/results/bot.json: per goal the product figure, its goal
// and whether it was met (these goals have no floor: they are absolute).
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { perRequest, poolStats } from './lib/pg-stats'
import { cpuSnapshot } from './lib/process-cpu'
import { signedHeaders, startWhatsAppBenchHub, stats, webhookBody } from './lib/whatsapp-hub'

const SHOPPERS = Math.min(Number(process.env.BENCH_SHOPPERS ?? 50), 200)
const IDLE_SHOPPERS = Math.min(Number(process.env.BENCH_IDLE_SHOPPERS ?? 5), 50)
const TURNS = 4
const PHONE_ID = '1099000000001'
/** The pacing the outbox applies (workers/src/bot/outbox-job.ts). */
const NUMBER_BUCKET = { capacity: 80, perSecond: 80 }
const SHOPPER_BUCKET = { capacity: 10, perSecond: 1 / 6 }
/** A reply that has not arrived this long after its message is lost. */
const LOST_AFTER_MS = 60_000

type GraphCall = { at: number; body: unknown }
type Button = { reply: { id: string; title: string } }

/**
 * Replays a token bucket over send times: the lowest level it reaches (negative = more sends than
 * the bucket allows; -1 is one message too many). Arrival times at the fake trail the token taken in
 * Postgres by the send's own latency, so a level down to -1 is within measurement.
 */
export function bucketLowWater(times: number[], b: { capacity: number; perSecond: number }) {
  const sorted = [...times].sort((x, y) => x - y)
  let level = b.capacity
  let low = b.capacity
  let last = sorted[0] ?? 0
  for (const t of sorted) {
    level = Math.min(b.capacity, level + ((t - last) / 1000) * b.perSecond) - 1
    last = t
    low = Math.min(low, level)
  }
  return Math.round(low * 100) / 100
}

/** The most sends in any window of `ms` milliseconds. */
function maxInWindow(times: number[], ms: number) {
  const s = [...times].sort((x, y) => x - y)
  let best = 0
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[i] - s[j] >= ms) j++
    best = Math.max(best, i - j + 1)
  }
  return best
}

async function main() {
  const { hub, graph, close } = await startWhatsAppBenchHub('bot', PHONE_ID)
  try {
    const to = (c: GraphCall) => (c.body as { to?: string })?.to
    const callsTo = (from: string) => (graph.calls as GraphCall[]).filter((c) => to(c) === from)

    /**
     * One shopper's 4 turns, each sent once the previous turn's replies arrived (`expect[i]` of
     * them, from the reference shopper; 1 when not known yet). Returns per turn the ack and reply
     * times, and how many replies arrived.
     */
    async function converse(
      from: string,
      expect: number[] | undefined,
      sink: { acks: number[]; replies: number[]; lost: number; retries: Record<number, number> },
    ) {
      let seen = 0
      const perTurn: number[] = []
      const send = async (i: number, message: Record<string, unknown>) => {
        const before = seen
        const body = webhookBody(PHONE_ID, from, { id: `wamid.BENCH.${from}.${i}`, ...message })
        const t0 = Date.now()
        // Like Meta: a delivery that is not answered 200 is sent again (same wamid) after a pause.
        for (let attempt = 1; ; attempt++) {
          const ta = Date.now()
          const res = await fetch(`${hub.url}/webhooks/whatsapp`, { method: 'POST', body, headers: signedHeaders(body) })
          const text = await res.text()
          sink.acks.push(Date.now() - ta)
          if (res.status === 200) break
          sink.retries[res.status] = (sink.retries[res.status] ?? 0) + 1
          if (attempt >= 5) throw new Error(`webhook answered ${res.status} five times: ${text.slice(0, 200)}`)
          await new Promise((r) => setTimeout(r, 1000))
        }
        // without an expectation (the reference shopper): every bubble that follows within 1.5 s
        const want = expect?.[i - 1]
        const deadline = t0 + LOST_AFTER_MS
        let first: GraphCall | undefined
        let quietSince = Date.now()
        let count = before
        while (Date.now() < deadline) {
          const calls = callsTo(from)
          if (!first && calls.length > before) {
            first = calls[before]
            sink.replies.push(first.at - t0)
          }
          if (calls.length !== count) {
            count = calls.length
            quietSince = Date.now()
          }
          if (want !== undefined ? calls.length >= before + want : first && Date.now() - quietSince > 1500) break
          await new Promise((r) => setTimeout(r, 5))
        }
        if (!first) sink.lost++
        seen = callsTo(from).length
        perTurn.push(seen - before)
        return callsTo(from).at(-1)
      }
      await send(1, { type: 'text', text: { body: 'hello' } })
      const card = await send(2, { type: 'text', text: { body: 'red sneakers under 5000' } })
      const buttons = (card?.body as { interactive?: { action?: { buttons?: Button[] } } })?.interactive?.action?.buttons
      const addId = buttons?.find((b) => b.reply.title === 'Add to cart')?.reply.id ?? 'browse'
      await send(3, { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: addId, title: 'Add to cart' } } })
      await send(4, { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'browse', title: 'Browse products' } } })
      return perTurn
    }

    const settle = async (ms: number) => {
      // until no new Graph call for `ms`
      let n = -1
      while (n !== graph.calls.length) {
        n = graph.calls.length
        await new Promise((r) => setTimeout(r, ms))
      }
    }

    // Warm-up and reference: one shopper alone, twice (the first warms the isolate, pools and
    // caches); the second's replies per turn are what every shopper should get.
    const scratch = () => ({ acks: [] as number[], replies: [] as number[], lost: 0, retries: {} as Record<number, number> })
    await converse('2349000000000', undefined, scratch())
    await settle(1500)
    const ref = '2349000000001'
    const expect = await converse(ref, undefined, scratch())
    await settle(1500)
    if (callsTo(ref).length !== expect.reduce((x, y) => x + y, 0)) throw new Error('the reference shopper got replies after its conversation ended')
    const expectedPerShopper = expect.reduce((a, b) => a + b, 0)

    const scenario = async (name: string, shoppers: number, concurrent: boolean, prefix: string) => {
      const sink = scratch()
      const numbers = Array.from({ length: shoppers }, (_, s) => `${prefix}${String(10_000_000 + s)}`)
      const callsBefore = graph.calls.length
      const pgBefore = await poolStats(hub.pooledDatabaseUrl)
      const cpu = cpuSnapshot()
      const t0 = Date.now()
      if (concurrent) await Promise.all(numbers.map((n) => converse(n, expect, sink)))
      else for (const n of numbers) await converse(n, expect, sink)
      const wallS = (Date.now() - t0) / 1000
      const used = cpu.since()
      await settle(2000) // late or duplicated replies
      const pgAfter = await poolStats(hub.pooledDatabaseUrl)
      const messages = shoppers * TURNS
      let missing = 0
      let duplicated = 0
      const perShopperLow: number[] = []
      let minGapMs = Number.POSITIVE_INFINITY
      for (const n of numbers) {
        const times = callsTo(n).map((c) => c.at)
        if (times.length < expectedPerShopper) missing += expectedPerShopper - times.length
        if (times.length > expectedPerShopper) duplicated += times.length - expectedPerShopper
        perShopperLow.push(bucketLowWater(times, SHOPPER_BUCKET))
        const s = [...times].sort((a, b) => a - b)
        for (let i = 1; i < s.length; i++) minGapMs = Math.min(minGapMs, s[i] - s[i - 1])
      }
      const numberTimes = (graph.calls as GraphCall[]).slice(callsBefore).flatMap((c) => (to(c) ? [c.at] : []))
      const numberLow = bucketLowWater(numberTimes, NUMBER_BUCKET)
      const shopperLow = Math.min(...perShopperLow)
      return {
        name,
        shoppers,
        turnsPerShopper: TURNS,
        messages,
        concurrent,
        wallSeconds: Math.round(wallS * 10) / 10,
        ackMs: stats(sink.acks),
        replyMs: stats(sink.replies),
        replies: { expectedPerShopper, received: numberTimes.length, lost: missing, turnsWithoutReply: sink.lost, duplicated },
        webhookRetries: sink.retries,
        pacing: {
          perNumber: {
            bucket: NUMBER_BUCKET,
            lowWater: numberLow,
            maxIn1s: maxInWindow(numberTimes, 1000),
            meanPerSecond: Math.round((numberTimes.length / wallS) * 10) / 10,
            respected: numberLow >= -1,
          },
          perShopper: {
            bucket: SHOPPER_BUCKET,
            lowWater: shopperLow,
            maxIn6s: Math.max(
              ...numbers.map((n) =>
                maxInWindow(
                  callsTo(n).map((c) => c.at),
                  6000,
                ),
              ),
            ),
            minGapMs,
            respected: shopperLow >= -1,
          },
        },
        cpuMsPerMessage: {
          hub: Math.round((used.descendantsMs / messages) * 10) / 10,
          loadGenerator: Math.round((used.selfMs / messages) * 10) / 10,
          all: Math.round(((used.descendantsMs + used.selfMs) / messages) * 10) / 10,
          hubByProcess: Object.fromEntries(Object.entries(used.byCommand).map(([k, v]) => [k, Math.round((v / messages) * 10) / 10])),
        },
        statementsPerMessage: perRequest(pgBefore, pgAfter, messages),
      }
    }

    const idle = await scenario('idle: one shopper at a time', IDLE_SHOPPERS, false, '23470')
    const crowd = await scenario(`${SHOPPERS} concurrent shoppers × ${TURNS} messages`, SHOPPERS, true, '23481')
    const load = os.loadavg().map((l) => Math.round(l * 10) / 10)
    const goal = (metric: string, product: number, target: string, met: boolean) => ({ metric, floor: null, product, goal: target, ratio: null, met })
    const result = {
      at: new Date().toISOString(),
      machine: `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, Node ${process.version}`,
      loadAverageAtEnd: load,
      dbDriver: hub.dbDriver ?? 'hyperdrive',
      repliesPerConversation: expect,
      goals: [
        goal('idle: webhook → reply p50 (ms)', idle.replyMs.p50, '≤ 200', idle.replyMs.p50 <= 200),
        goal('idle: webhook → reply p99 (ms)', idle.replyMs.p99, '≤ 500', idle.replyMs.p99 <= 500),
        goal(`${SHOPPERS} × ${TURNS}: webhook → reply p50 (ms)`, crowd.replyMs.p50, '≤ 1000', crowd.replyMs.p50 <= 1000),
        goal(`${SHOPPERS} × ${TURNS}: replies lost`, crowd.replies.lost, '0', crowd.replies.lost === 0),
        goal(`${SHOPPERS} × ${TURNS}: replies duplicated`, crowd.replies.duplicated, '0', crowd.replies.duplicated === 0),
        goal(
          `${SHOPPERS} × ${TURNS}: pacing (bucket low water, number / shopper)`,
          Math.min(crowd.pacing.perNumber.lowWater, crowd.pacing.perShopper.lowWater),
          '≥ -1',
          crowd.pacing.perNumber.respected && crowd.pacing.perShopper.respected,
        ),
        goal(`${SHOPPERS} × ${TURNS}: CPU per bot message, all hub processes (ms)`, crowd.cpuMsPerMessage.hub, '≤ 50', crowd.cpuMsPerMessage.hub <= 50),
      ],
      scenarios: [idle, crowd],
    }
    await mkdir(path.join(import.meta.dirname, 'results'), { recursive: true })
    await writeFile(path.join(import.meta.dirname, 'results', 'bot.json'), `${JSON.stringify(result, null, 2)}\n`)
    console.log(JSON.stringify(result, null, 2))
    console.log(
      '\n| scenario | messages | ack p50 / p99 ms | reply p50 / p90 / p99 ms | lost | duplicated | CPU ms / message (hub + load gen.) | statements / message |',
    )
    console.log('|---|---|---|---|---|---|---|---|')
    for (const s of [idle, crowd])
      console.log(
        `| ${s.name} | ${s.messages} | ${s.ackMs.p50} / ${s.ackMs.p99} | ${s.replyMs.p50} / ${s.replyMs.p90} / ${s.replyMs.p99} | ${s.replies.lost} | ${s.replies.duplicated} | ${s.cpuMsPerMessage.hub} + ${s.cpuMsPerMessage.loadGenerator} | ${s.statementsPerMessage} |`,
      )
    console.log('\n| goal | product | goal | met |\n|---|---|---|---|')
    for (const g of result.goals) console.log(`| ${g.metric} | ${g.product} | ${g.goal} | ${g.met ? 'yes' : 'no'} |`)
  } finally {
    await close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
