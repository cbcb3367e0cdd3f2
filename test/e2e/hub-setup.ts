import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { buildWebIfStale, startHub } from '../../scripts/lib/hub'
import { createInstagramFake } from '../fakes/instagram'
import { createOidcFake, FAKE_OIDC_CLIENT } from '../fakes/oidc'
import { createOpenAiFake } from '../fakes/openai'
import { createTelegramFake } from '../fakes/telegram'
import { createTikTokFake } from '../fakes/tiktok'
import { createTikTokPlatformFake } from '../fakes/tiktok-platform'
import { createWebhookReceiver } from '../fakes/webhook-receiver'
import { createWhatsAppFake } from '../fakes/whatsapp'
import { createYouTubeFake } from '../fakes/youtube'
import { freePort } from '../global-setup'
import { publishingFakeVars } from '../secrets'

/**
 * Starts the whole hub as `npm start` does (wrangler dev with the Hyperdrive binding pointed at
 * PgBouncer, embedded Postgres, relay, render node as a child process, the built web app), on free ports and a temporary data dir, with the
 * external services pointed at fakes. Browser and end-to-end tests share it.
 */
export default async function setup(project: TestProject) {
  await buildWebIfStale(() => {})
  const dataDir = mkdtempSync(path.join(tmpdir(), 'linkhub-e2e-'))
  const [tiktok, openai, whatsapp, telegram, webhooks] = await Promise.all([
    createTikTokFake(),
    createOpenAiFake(),
    createWhatsAppFake(),
    createTelegramFake(),
    createWebhookReceiver(),
  ])
  const oidc = await createOidcFake()
  const [tiktokPlatform, youtube, instagram] = await Promise.all([createTikTokPlatformFake(), createYouTubeFake(), createInstagramFake()])
  const ports = { worker: await freePort(), postgres: await freePort(), relay: await freePort(), renderNode: await freePort(), pgbouncer: await freePort() }
  const hub = await startHub({
    dataDir,
    persistent: false,
    ports,
    quiet: !process.env.E2E_VERBOSE,
    log: () => {},
    vars: {
      TIKTOK_OEMBED_URL: `${tiktok.url}/oembed`,
      TIKTOK_WEB_URL_OVERRIDE: tiktok.url,
      OPENAI_BASE_URL: `${openai.url}/v1`,
      WHATSAPP_GRAPH_URL: whatsapp.url,
      TELEGRAM_API_ROOT: telegram.url,
      GOOGLE_ISSUER_URL: oidc.url,
      GOOGLE_CLIENT_ID: FAKE_OIDC_CLIENT.id,
      GOOGLE_CLIENT_SECRET: FAKE_OIDC_CLIENT.secret,
      WEBHOOK_TRUSTED_ORIGIN: webhooks.url,
      ...publishingFakeVars({ tiktok: tiktokPlatform.url, youtube: youtube.url, instagram: instagram.url }),
      LOG_LEVEL: 'warn',
    },
  })
  const control = await startControl(hub)
  project.provide('hubUrl', hub.url)
  project.provide('hubDatabaseUrl', hub.databaseUrl)
  project.provide('hubControlUrl', control.url)
  project.provide('hubFakes', { tiktok: tiktok.url, openai: `${openai.url}/v1`, whatsapp: whatsapp.url, telegram: telegram.url, webhooks: webhooks.url })
  project.provide('hubOidcFakeUrl', oidc.url)
  project.provide('hubPublishingFakes', { tiktok: tiktokPlatform.url, youtube: youtube.url, instagram: instagram.url })
  return async () => {
    control.close()
    await hub.stop()
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
    ])
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function startControl(hub: Awaited<ReturnType<typeof startHub>>) {
  const { createServer } = await import('node:http')
  const server = createServer(async (req, res) => {
    if (req.url === '/render-node/kill') await hub.stopRenderNode()
    if (req.url === '/render-node/start') await hub.startRenderNode()
    if (req.url === '/worker/crash-restart') {
      await hub.crashWorker()
      await hub.restartWorker()
    }
    res.writeHead(200).end('{}')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as import('node:net').AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() }
}

declare module 'vitest' {
  export interface ProvidedContext {
    hubUrl: string
    hubDatabaseUrl: string
    hubControlUrl: string
    hubFakes: { tiktok: string; openai: string; whatsapp: string; telegram: string; webhooks: string }
    hubOidcFakeUrl: string
    /** The publishing fakes (TikTok developer APIs, Google/YouTube, Meta/Instagram). */
    hubPublishingFakes: { tiktok: string; youtube: string; instagram: string }
  }
}
