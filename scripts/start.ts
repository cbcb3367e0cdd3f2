// npm start – runs the whole hub locally on the embedded default; data stays in ./.data
import path from 'node:path'
import { publishingFakeVars } from '../test/secrets'
import { buildWebIfStale, ROOT, startHub } from './lib/hub'
import { DEMO_LOGIN, seedDemoPhotos } from './lib/seed'

const t0 = Date.now()
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
await buildWebIfStale(console.log)

// FAKE_TIKTOK=1: serve TikTok (oEmbed, covers, vm.tiktok.com short links) from the tests' fake, so
// pasted links ingest offline. Variables set in the environment still win.
const fakeTikTok = process.env.FAKE_TIKTOK === '1' ? await (await import('../test/fakes/tiktok')).createTikTokFake() : undefined
if (fakeTikTok) {
  process.env.TIKTOK_OEMBED_URL ??= `${fakeTikTok.url}/oembed`
  process.env.TIKTOK_WEB_URL_OVERRIDE ??= fakeTikTok.url
}
// FAKE_PLATFORMS=1: TikTok (Login Kit, Content Posting, Display API), YouTube and Instagram from
// the tests' fakes, with their fake developer apps, so connecting accounts and publishing can be
// tried offline (each fake's consent page has an Authorize/Allow button).
const fakePlatforms =
  process.env.FAKE_PLATFORMS === '1'
    ? await Promise.all([
        import('../test/fakes/tiktok-platform').then((m) => m.createTikTokPlatformFake()),
        import('../test/fakes/youtube').then((m) => m.createYouTubeFake()),
        import('../test/fakes/instagram').then((m) => m.createInstagramFake()),
      ])
    : undefined
if (fakePlatforms) {
  const [tiktok, youtube, instagram] = fakePlatforms
  const fakes = publishingFakeVars({ tiktok: tiktok.url, youtube: youtube.url, instagram: instagram.url })
  for (const [k, v] of Object.entries(fakes)) process.env[k] ??= v
}
const hub = await startHub({
  dataDir: path.join(ROOT, '.data'),
  persistent: true,
  ports: {
    worker: port('PORT', 8787),
    postgres: port('PGPORT', 54330),
    relay: port('PG_RELAY_PORT', 54331),
    renderNode: port('RENDER_NODE_PORT', 8790),
    pgbouncer: port('PGBOUNCER_PORT', 54332),
  },
  vars: Object.fromEntries(
    [
      'TIKTOK_OEMBED_URL',
      'TIKTOK_WEB_URL_OVERRIDE',
      'OPENAI_BASE_URL',
      'OPENAI_API_KEY',
      'OPENAI_MODEL',
      'WHATSAPP_GRAPH_URL',
      'TELEGRAM_API_ROOT',
      'WHATSAPP_APP_SECRET',
      'WHATSAPP_VERIFY_TOKEN',
      'JOB_SWEEP_AFTER_SECONDS',
      'LOG_LEVEL',
      'GOOGLE_ISSUER_URL',
      'GOOGLE_CLIENT_ID',
      'GOOGLE_CLIENT_SECRET',
      ...Object.keys(publishingFakeVars({ tiktok: '', youtube: '', instagram: '' })),
      'PUBLISHING_TIMEOUT_MS',
    ]
      .filter((k) => process.env[k] !== undefined)
      .map((k) => [k, process.env[k] as string]),
  ),
})

// The demo products' photos go through the hub's own image API (R2 + thumbnails), once.
const photos = await seedDemoPhotos(hub.url).catch((err: Error) => ({ uploaded: [] as string[], error: err.message }))
if ('error' in photos) console.log(`demo photos not uploaded: ${photos.error}`)
else if (photos.uploaded.length) console.log(`demo photos uploaded: ${photos.uploaded.join(', ')}`)

console.log(`
  ┌──────────────────────────────────────────────────────────────┐
  │  linkhub is running (started in ${((Date.now() - t0) / 1000).toFixed(1)} s)
  │
  │  Open        ${hub.url}
  │  Storefront  ${hub.url}/@${DEMO_LOGIN.shop}
  │  Log in      ${DEMO_LOGIN.email}  /  ${DEMO_LOGIN.password}
  │  Health      ${hub.url}/api/health
  │  Database    ${hub.databaseUrl}
  │  Worker → DB ${hub.dbDriver === 'neon' ? 'Neon driver → relay → ' : 'Hyperdrive + pg → '}PgBouncer ${hub.pooledDatabaseUrl}${fakeTikTok ? `\n  │  Fake TikTok ${fakeTikTok.url} (TIKTOK_OEMBED_URL, TIKTOK_WEB_URL_OVERRIDE)` : ''}${fakePlatforms ? `\n  │  Fake platforms TikTok ${fakePlatforms[0].url}, YouTube ${fakePlatforms[1].url}, Instagram ${fakePlatforms[2].url}` : ''}
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
    await fakeTikTok?.close()
    await Promise.all((fakePlatforms ?? []).map((f) => f.close()))
    console.log('stopped.')
    process.exit(0)
  })
}
