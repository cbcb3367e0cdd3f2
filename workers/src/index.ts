import { app } from './app'
import { createDb } from './db'
import { createLogger } from './lib/logger'
import { handleQueue } from './queues/handle-queue'
import { sweepStaleJobs } from './queues/sweep-jobs'

export default {
  fetch: app.fetch,
  queue: handleQueue,
  async scheduled(_controller, env, ctx) {
    const log = createLogger(env.LOG_LEVEL, { task: 'sweep' })
    const { db, close } = createDb(env)
    ctx.waitUntil(
      sweepStaleJobs({ db, env, log }, Number(env.JOB_SWEEP_AFTER_SECONDS) || 120)
        .catch((err) => log.error('sweep failed', { error: err }))
        .finally(() => close()),
    )
  },
} satisfies ExportedHandler<Env>
