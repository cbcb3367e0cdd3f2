import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

// Test secrets are defined once, in test/global-setup.ts, and handed to both runtimes.
import { FAKE_OIDC_CLIENT, publishingFakeVars, TEST_SECRETS } from './test/secrets'

/**
 * Projects, one run: Worker code inside workerd (real local queues and R2), everything else in
 * Node, and browser tests against a running hub. Global setup starts embedded Postgres,
 * PgBouncer, the WebSocket relay, the render node and the fakes once and hands their addresses to each project.
 */
// `driver`: how the Worker reaches Postgres (workers/src/db.ts). `hyperdrive`: the HYPERDRIVE
// binding with `pg`, its local connection string pointed at PgBouncer. `neon`: the Neon
// serverless driver (the fallback for deployments without Hyperdrive) through the WebSocket
// relay to the same PgBouncer; a set NEON_WS_PROXY selects it.
const workerProject = (name: string, include: string[], exclude: string[], groupOrder: number, driver: 'hyperdrive' | 'neon') => ({
  plugins: [
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        hyperdrives: { HYPERDRIVE: inject('pooledDatabaseUrl') },
        bindings: {
          ...TEST_SECRETS,
          APP_URL: 'http://hub.test',
          DATABASE_URL: inject('pooledDatabaseUrl'),
          NEON_WS_PROXY: driver === 'neon' ? inject('relayUrl') : '',
          RENDER_NODE_URL: inject('renderNodeUrl'),
          TEST_CONTROL_URL: inject('controlUrl'),
          TIKTOK_OEMBED_URL: `${inject('fakes').tiktok}/oembed`,
          TEST_TIKTOK_FAKE_URL: inject('fakes').tiktok,
          TIKTOK_WEB_URL_OVERRIDE: inject('fakes').tiktok,
          OPENAI_BASE_URL: inject('fakes').openai,
          OPENAI_API_KEY: '',
          WHATSAPP_GRAPH_URL: inject('fakes').whatsapp,
          TELEGRAM_API_ROOT: inject('fakes').telegram,
          GOOGLE_ISSUER_URL: inject('oidcFakeUrl'),
          GOOGLE_CLIENT_ID: FAKE_OIDC_CLIENT.id,
          GOOGLE_CLIENT_SECRET: FAKE_OIDC_CLIENT.secret,
          WEBHOOK_TRUSTED_ORIGIN: inject('fakes').webhooks,
          ...publishingFakeVars(inject('publishingFakes')),
          PUBLISHING_TIMEOUT_MS: '2000',
          LOG_LEVEL: 'warn',
        },
      },
    })),
  ],
  test: {
    name,
    include,
    exclude,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    sequence: { groupOrder },
    deps: { optimizer: { ssr: { enabled: true, include: ['obscenity'] } } },
  },
})

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    projects: [
      workerProject('worker', ['workers/**/*.test.ts'], ['workers/**/*.node.test.ts', 'workers/test/outage/**'], 0, 'hyperdrive'),
      // Tests that stop the shared render node run alone, after everything else; they also keep
      // the Neon fallback driver exercised end to end.
      workerProject('worker-outage', ['workers/test/outage/**/*.test.ts'], [], 1, 'neon'),
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'render-node/**/*.test.ts',
            'scripts/**/*.test.ts',
            'db/**/*.test.ts',
            'contracts/**/*.test.ts',
            'workers/**/*.node.test.ts',
            'test/**/*.node.test.ts',
            'web/**/*.node.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The whole hub as `npm start` runs it, driven over HTTP and in Debian Chromium.
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['./test/e2e/hub-setup.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
})
