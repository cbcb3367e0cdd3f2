import { pruneInboundReceipts } from '../../db/queries/bot'
import { app } from './app'
import { createDb } from './db'
import { createLogger } from './lib/logger'
import { handleQueue } from './queues/handle-queue'
import { sweepStaleJobs } from './queues/sweep-jobs'

export default {
  fetch: app.fetch,
  queue: handleQueue,
  /** Every minute: re-send jobs whose messages were lost; once an hour, forget webhook ids past the retry window. */
  async scheduled(controller, env, ctx) {
    const log = createLogger(env.LOG_LEVEL, { task: 'cron' })
    const { db, close } = createDb(env)
    const hourly = new Date(controller.scheduledTime).getUTCMinutes() === 0
    ctx.waitUntil(
      Promise.allSettled([
        sweepStaleJobs({ db, env, log }, Number(env.JOB_SWEEP_AFTER_SECONDS) || 120).catch((err) => log.error('sweep failed', { error: err })),
        hourly ? pruneInboundReceipts(db).catch((err) => log.error('receipt pruning failed', { error: err })) : null,
      ]).finally(() => close()),
    )
  },
} satisfies ExportedHandler<Env>
