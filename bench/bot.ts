// Bot benchmark (npm run bench:bot → tsx bench/bot.ts).
// Starts the hub as `npm start` does, with WHATSAPP_GRAPH_URL pointed at an in-process fake Graph
// API on 127.0.0.1, connects a WhatsApp number to the demo shop, then runs SHOPPERS concurrent
// shoppers (default 50), each doing TURNS turns one after another (hello → search "red sneakers
// under 5000" → tap "Add to cart" → tap "Browse"), and measures per message:
//   ack    time for POST /webhooks/whatsapp to answer (verify + dedupe + enqueue)
//   reply  time from sending the webhook to the bot's reply arriving at the fake Graph API
// Bounded: SHOPPERS × TURNS messages in all, 127.0.0.1 only. Writes bench/results/bot.json.
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { signedHeaders, startWhatsAppBenchHub, stats, webhookBody } from './lib/whatsapp-hub'

const SHOPPERS = Math.min(Number(process.env.BENCH_SHOPPERS ?? 50), 200)
const TURNS = 4
const PHONE_ID = '1099000000001'

async function main() {
  const { hub, graph, close } = await startWhatsAppBenchHub('bot', PHONE_ID)
  try {
    const acks: number[] = []
    const replies: number[] = []
    let lost = 0
    const failures: Record<number, number> = {}
    let failureSample: string | undefined
    const replyCount = (to: string) => graph.calls.filter((c) => (c.body as { to?: string })?.to === to).length
    const lastReply = (to: string) => graph.calls.filter((c) => (c.body as { to?: string })?.to === to).at(-1)

    async function turn(from: string, i: number, message: Record<string, unknown>) {
      const before = replyCount(from)
      const body = webhookBody(PHONE_ID, from, { id: `wamid.BENCH.${from}.${i}`, ...message })
      const t0 = Date.now()
      // Like Meta: a delivery that is not answered 200 is sent again (same wamid) after a pause.
      for (let attempt = 1; ; attempt++) {
        const ta = Date.now()
        const res = await fetch(`${hub.url}/webhooks/whatsapp`, {
          method: 'POST',
          body,
          headers: signedHeaders(body),
        })
        const text = await res.text()
        acks.push(Date.now() - ta)
        if (res.status === 200) break
        failures[res.status] = (failures[res.status] ?? 0) + 1
        if (attempt === 1) failureSample ??= text.slice(0, 300)
        if (attempt >= 5) throw new Error(`webhook answered ${res.status} five times: ${text.slice(0, 200)}`)
        await new Promise((r) => setTimeout(r, 1000))
      }
      const deadline = t0 + 60_000
      while (Date.now() < deadline) {
        if (replyCount(from) > before) {
          const call = graph.calls.filter((c) => (c.body as { to?: string })?.to === from)[before]
          replies.push(call.at - t0)
          return lastReply(from)
        }
        await new Promise((r) => setTimeout(r, 5))
      }
      lost++
      return undefined
    }

    // Warm-up: one shopper, so the first isolate and connections are up before timing.
    await turn('2349000000000', 0, { type: 'text', text: { body: 'hi' } })
    acks.length = 0
    replies.length = 0

    const t0 = Date.now()
    await Promise.all(
      Array.from({ length: SHOPPERS }, async (_, s) => {
        const from = `23481${String(10_000_000 + s)}`
        await turn(from, 1, { type: 'text', text: { body: 'hello' } })
        const card = await turn(from, 2, { type: 'text', text: { body: 'red sneakers under 5000' } })
        const addId =
          (card?.body as { interactive?: { action?: { buttons?: { reply: { id: string; title: string } }[] } } })?.interactive?.action?.buttons?.find(
            (b) => b.reply.title === 'Add to cart',
          )?.reply.id ?? 'browse'
        await turn(from, 3, { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: addId, title: 'Add to cart' } } })
        await turn(from, 4, { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'browse', title: 'Browse products' } } })
      }),
    )
    const wallS = (Date.now() - t0) / 1000
    const result = {
      at: new Date().toISOString(),
      shoppers: SHOPPERS,
      turnsPerShopper: TURNS,
      messages: SHOPPERS * TURNS,
      wallSeconds: Math.round(wallS * 10) / 10,
      ackMs: stats(acks),
      replyMs: stats(replies),
      lostReplies: lost,
      webhookRetries: failures,
      failureSample,
      machine: `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, Node ${process.version}`,
    }
    await mkdir(path.join(import.meta.dirname, 'results'), { recursive: true })
    await writeFile(path.join(import.meta.dirname, 'results', 'bot.json'), `${JSON.stringify(result, null, 2)}\n`)
    console.log(JSON.stringify(result, null, 2))
    console.log(`\n| metric (${SHOPPERS} concurrent shoppers, ${SHOPPERS * TURNS} messages) | p50 | p90 | p99 | max |\n|---|---|---|---|---|`)
    console.log(`| webhook acknowledgement (ms) | ${result.ackMs.p50} | ${result.ackMs.p90} | ${result.ackMs.p99} | ${result.ackMs.max} |`)
    console.log(`| webhook → reply at fake Graph API (ms) | ${result.replyMs.p50} | ${result.replyMs.p90} | ${result.replyMs.p99} | ${result.replyMs.max} |`)
  } finally {
    await close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
