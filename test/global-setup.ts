import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { loadConfig } from '../render-node/src/config'
import { createRenderServer, type RenderServer } from '../render-node/src/server'
import { runMigrations } from '../scripts/lib/migrate'
import { startPgWsRelay } from '../scripts/lib/pg-ws-relay'
import { startPgBouncer } from '../scripts/lib/pgbouncer'
import { ensureDatabase, startPostgres } from '../scripts/lib/postgres'
import { createInstagramFake } from './fakes/instagram'
import { createOidcFake } from './fakes/oidc'
import { createOpenAiFake } from './fakes/openai'
import { createTelegramFake } from './fakes/telegram'
import { createTikTokFake } from './fakes/tiktok'
import { createTikTokPlatformFake } from './fakes/tiktok-platform'
import { createWebhookReceiver } from './fakes/webhook-receiver'
import { createWhatsAppFake } from './fakes/whatsapp'
import { createYouTubeFake } from './fakes/youtube'
import { TEST_SECRETS } from './secrets'

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })

/**
 * Starts, once per test run: embedded Postgres (migrated), PgBouncer (transaction mode) in front
 * of it for the Worker (Hyperdrive's local connection string, and the Neon fallback's target),
 * the WebSocket relay for the Neon driver, a render node, fakes of TikTok / OpenAI / WhatsApp / Telegram, and a control
 * server that lets tests inside workerd stop and start the render node.
 */
export default async function setup(project: TestProject) {
  const t0 = Date.now()
  const base = mkdtempSync(path.join(tmpdir(), 'linkhub-test-'))
  const pg = await startPostgres({ dataDir: path.join(base, 'pg'), port: await freePort(), persistent: false, fast: true })
  await ensureDatabase(pg.url('postgres'), 'linkhub_test')
  const databaseUrl = pg.url('linkhub_test')
  await runMigrations(databaseUrl)
  const bouncer = await startPgBouncer({ dir: path.join(base, 'pgbouncer'), port: await freePort(), postgresPort: pg.port })
  const pooledDatabaseUrl = bouncer.url('linkhub_test')
  const relay = await startPgWsRelay({ port: 0, allowedTargets: [`127.0.0.1:${bouncer.port}`, `127.0.0.1:${pg.port}`] })

  const renderPort = await freePort()
  const renderConfig = loadConfig({
    ...process.env,
    RENDER_NODE_PORT: String(renderPort),
    RENDER_SIGNING_SECRET: TEST_SECRETS.RENDER_SIGNING_SECRET,
    LOG_LEVEL: 'warn',
  })
  let renderNode: RenderServer | null = createRenderServer(renderConfig, { log: () => {} })
  const renderNodeUrl = await renderNode.start()

  const [tiktok, openai, whatsapp, telegram, webhooks] = await Promise.all([
    createTikTokFake(),
    createOpenAiFake(),
    createWhatsAppFake(),
    createTelegramFake(),
    createWebhookReceiver(),
  ])
  const oidc = await createOidcFake()
  // Publishing (issue 15): TikTok's Login Kit / Display / Content Posting APIs, Google + YouTube, Meta + Instagram.
  const [tiktokPlatform, youtube, instagram] = await Promise.all([createTikTokPlatformFake(), createYouTubeFake(), createInstagramFake()])

  const control = createServer(async (req, res) => {
    try {
      if (req.url === '/render-node/kill' && renderNode) {
        await renderNode.kill()
        renderNode = null
      } else if (req.url === '/render-node/start' && !renderNode) {
        renderNode = createRenderServer(renderConfig, { log: () => {} })
        await renderNode.start()
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ renderNode: renderNode ? 'up' : 'down' }))
    } catch (err) {
      res.writeHead(500).end(String(err))
    }
  })
  await new Promise<void>((r) => control.listen(0, '127.0.0.1', r))
  const controlUrl = `http://127.0.0.1:${(control.address() as net.AddressInfo).port}`

  project.provide('databaseUrl', databaseUrl)
  project.provide('pooledDatabaseUrl', pooledDatabaseUrl)
  project.provide('relayUrl', relay.url)
  project.provide('renderNodeUrl', renderNodeUrl)
  project.provide('controlUrl', controlUrl)
  project.provide('fakes', { tiktok: tiktok.url, openai: `${openai.url}/v1`, whatsapp: whatsapp.url, telegram: telegram.url, webhooks: webhooks.url })
  project.provide('oidcFakeUrl', oidc.url)
  project.provide('publishingFakes', { tiktok: tiktokPlatform.url, youtube: youtube.url, instagram: instagram.url })
  console.log(`[global-setup] postgres, pgbouncer, relay, render node and fakes ready in ${Date.now() - t0} ms`)

  return async () => {
    await Promise.allSettled([
      tiktok.close(),
      openai.close(),
      whatsapp.close(),
      telegram.close(),
      webhooks.close(),
      oidc.close(),
      tiktokPlatform.close(),
      youtube.close(),
      instagram.close(),
      renderNode?.drain(),
      relay.close(),
    ])
    control.close()
    await bouncer.stop()
    await pg.stop()
    rmSync(base, { recursive: true, force: true })
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Postgres itself (Node-side tests, migrations). */
    databaseUrl: string
    /** The same database through PgBouncer (what Worker tests reach, by either driver). */
    pooledDatabaseUrl: string
    relayUrl: string
    renderNodeUrl: string
    controlUrl: string
    fakes: { tiktok: string; openai: string; whatsapp: string; telegram: string; webhooks: string }
    /** The fake OpenID Connect provider (Google sign-in). */
    oidcFakeUrl: string
    /** The fake TikTok (developer APIs), Google/YouTube and Meta/Instagram servers of publishing. */
    publishingFakes: { tiktok: string; youtube: string; instagram: string }
  }
}
