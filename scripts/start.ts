// npm start – runs the whole hub locally on the embedded default; data stays in ./.data
import path from 'node:path'
import { buildWebIfStale, ROOT, startHub } from './lib/hub'
import { DEMO_LOGIN } from './lib/seed'

const t0 = Date.now()
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
await buildWebIfStale(console.log)
const hub = await startHub({
  dataDir: path.join(ROOT, '.data'),
  persistent: true,
  ports: { worker: port('PORT', 8787), postgres: port('PGPORT', 54330), relay: port('PG_RELAY_PORT', 54331), renderNode: port('RENDER_NODE_PORT', 8790) },
  vars: Object.fromEntries(
    [
      'TIKTOK_OEMBED_URL',
      'OPENAI_BASE_URL',
      'OPENAI_API_KEY',
      'OPENAI_MODEL',
      'WHATSAPP_GRAPH_URL',
      'TELEGRAM_API_ROOT',
      'WHATSAPP_APP_SECRET',
      'WHATSAPP_VERIFY_TOKEN',
      'LOG_LEVEL',
    ]
      .filter((k) => process.env[k] !== undefined)
      .map((k) => [k, process.env[k] as string]),
  ),
})

console.log(`
  ┌──────────────────────────────────────────────────────────────┐
  │  linkhub is running (started in ${((Date.now() - t0) / 1000).toFixed(1)} s)
  │
  │  Open        ${hub.url}
  │  Storefront  ${hub.url}/@${DEMO_LOGIN.shop}
  │  Log in      ${DEMO_LOGIN.email}  /  ${DEMO_LOGIN.password}
  │  Health      ${hub.url}/api/health
  │  Database    ${hub.databaseUrl}
  │
  │  Ctrl-C stops everything (Postgres included); data stays in ./.data
  └──────────────────────────────────────────────────────────────┘
`)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return
    stopping = true
    console.log('\nstopping…')
    await hub.stop()
    console.log('stopped.')
    process.exit(0)
  })
}
