import { pruneInboundReceipts } from '../../db/queries/bot'
import { app } from './app'
import { keyringOf } from './bot/crypto'
import { configOf } from './config'
import { createDb } from './db'
import { createLogger } from './lib/logger'
import { sweepPrivacy } from './privacy/sweep-privacy'
import { sweepPublishing } from './publishing/sweep-publishing'
import { handleQueue } from './queues/handle-queue'
import { sweepStaleJobs } from './queues/sweep-jobs'
import { rotateSecrets } from './secrets/rotate-secrets'
import { sweepStudioRetention } from './studio/sweep-retention'
import { sweepWebhookDeliveries } from './webhooks/sweep-webhooks'

export { PublishPostWorkflowV1 } from './publishing/workflow'
export { StudioVideoWorkflowV1 } from './studio/workflow'

export default {
  fetch: app.fetch,
  queue: handleQueue,
  /**
   * Every minute: re-send jobs whose messages were lost and queue outbound webhooks due for a retry;
   * once an hour, forget webhook ids past the retry window, run the privacy sweep, delete studio
   * drafts past retention and re-encrypt a slice of secrets written with an older key.
   */
  async scheduled(controller, env, ctx) {
    const config = configOf(env)
    const log = createLogger(config.LOG_LEVEL, { task: 'cron' })
    const { db, close } = createDb(config)
    const hourly = new Date(controller.scheduledTime).getUTCMinutes() === 0
    ctx.waitUntil(
      Promise.allSettled([
        sweepStaleJobs({ db, env, log }, config.JOB_SWEEP_AFTER_SECONDS).catch((err) => log.error('sweep failed', { error: err })),
        hourly ? pruneInboundReceipts(db).catch((err) => log.error('receipt pruning failed', { error: err })) : null,
        // Expired exports, shops past their deletion grace period, retention, erased shoppers' addresses.
        hourly ? sweepPrivacy({ db, env, log }, new Date(controller.scheduledTime)).catch((err) => log.error('privacy sweep failed', { error: err })) : null,
        sweepWebhookDeliveries({ db, env }).catch((err) => log.error('webhook sweep failed', { error: err })),
        // Publishing: metrics of published posts as they come due; hourly, imports of connected TikTok accounts.
        sweepPublishing({ db, env, config, log }, new Date(controller.scheduledTime), hourly).catch((err) =>
          log.error('publishing sweep failed', { error: err }),
        ),
        // Unpublished studio drafts past their shop's retention, with their media.
        hourly
          ? sweepStudioRetention({ db, env }, new Date(controller.scheduledTime)).catch((err) => log.error('studio retention sweep failed', { error: err }))
          : null,
        // After a key is added to SECRETS_KEYS, stored secrets move to it a slice an hour (scripts/rotate-secrets.ts does all at once).
        hourly
          ? (async () => rotateSecrets(db, keyringOf(config), { limit: 500 }))().catch((err) => log.error('secret rotation failed', { error: err }))
          : null,
      ]).finally(() => close()),
    )
  },
} satisfies ExportedHandler<Env>
