// What the WhatsApp benches (bot.ts, load.ts) share: a hub started as `npm start` does, with the
// Graph API pointed at an in-process fake and a WhatsApp number connected to the demo shop; the
// webhook body Meta sends for one message, its signature, and latency percentiles.
import { createHmac } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { startHub } from '../../scripts/lib/hub'
import { DEMO_LOGIN } from '../../scripts/lib/seed'
import { createWhatsAppFake } from '../../test/fakes/whatsapp'
import { freePort } from '../../test/global-setup'

const APP_SECRET = 'dev-whatsapp-app-secret' // scripts/lib/hub.ts dev secret

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0

/** n, p50, p90, p99 and max of a list of milliseconds, to 0.1 ms. */
export const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const r = (x: number) => Math.round(x * 10) / 10
  return { n: s.length, p50: r(pct(s, 50)), p90: r(pct(s, 90)), p99: r(pct(s, 99)), max: r(s[s.length - 1] ?? 0) }
}

/** The webhook body Meta sends for one inbound message of `from` to the number `phoneNumberId`. */
export function webhookBody(phoneNumberId: string, from: string, message: Record<string, unknown>) {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '2348000000000', phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: `Shopper ${from.slice(-3)}` }, wa_id: from }],
              messages: [{ from, timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
            },
          },
        ],
      },
    ],
  })
}

/** Headers of a webhook delivery signed as Meta signs it (X-Hub-Signature-256 over the raw body). */
export const signedHeaders = (body: string) => ({
  'content-type': 'application/json',
  'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`,
})

/** Starts the hub with a fake Graph API and connects `phoneNumberId` to the demo shop. */
export async function startWhatsAppBenchHub(name: string, phoneNumberId: string) {
  const graph = await createWhatsAppFake()
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `linkhub-bench-${name}-`))
  const ports = { worker: await freePort(), postgres: await freePort(), relay: await freePort(), renderNode: await freePort() }
  console.log('starting the hub…')
  const hub = await startHub({
    dataDir,
    persistent: false,
    ports,
    quiet: !process.env.BENCH_VERBOSE,
    log: () => {},
    vars: { LOG_LEVEL: 'error', WHATSAPP_GRAPH_URL: graph.url },
  })
  const close = async () => {
    await hub.stop()
    await graph.close()
    await rm(dataDir, { recursive: true, force: true })
  }
  try {
    const login = await fetch(`${hub.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO_LOGIN.email, password: DEMO_LOGIN.password }),
    })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]
    const connect = await fetch(`${hub.url}/api/channels/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ phoneNumberId, accessToken: 'EAAG-bench-access-token-0123456789' }),
    })
    if (connect.status !== 201) throw new Error(`could not connect the channel: ${connect.status} ${await connect.text()}`)
    return { hub, graph, cookie, close }
  } catch (err) {
    await close()
    throw err
  }
}
