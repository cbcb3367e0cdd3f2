import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

// Two runtimes, one run: Worker code inside workerd, everything else in Node.
// Global setup (test/global-setup.ts) starts embedded Postgres, the WebSocket relay, the render
// node and the fake external services once, and hands their addresses to both projects.
export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['render-node/**/*.test.ts', 'scripts/**/*.test.ts', 'db/**/*.test.ts', 'workers/**/*.node.test.ts', 'test/**/*.node.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
