/**
 * When a failed delivery is tried again, Svix's schedule: the first attempt at once, then after
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (eight attempts over about 27.6 hours). Entry `s`
 * is the wait before the attempt at step `s`.
 */
export const RETRY_SCHEDULE_SECONDS = [0, 5, 300, 1800, 7200, 18_000, 36_000, 36_000] as const

/** An endpoint whose deliveries keep exhausting the schedule is disabled after this long failing… */
export const DISABLE_AFTER_FAILING_DAYS = 5
/** …or after this many messages in a row exhausted it, whichever comes first. */
export const DISABLE_AFTER_EXHAUSTED_IN_A_ROW = 5

export const DISABLED_NOTICE = `Disabled by linkhub: deliveries kept failing after every retry (${DISABLE_AFTER_EXHAUSTED_IN_A_ROW} messages in a row, or ${DISABLE_AFTER_FAILING_DAYS} days). Fix the endpoint, then enable it and replay the failed messages.`

/** Retries due within this many seconds ride on the queue's own delay; later ones wait for the cron sweep. */
export const QUEUE_DELAY_MAX_SECONDS = 60

/** After a failed attempt at `step`: the next step and when it is due, or null when the schedule is spent. */
export function nextAttempt(step: number, now: Date): { step: number; at: Date; delaySeconds: number } | null {
  const next = step + 1
  if (next >= RETRY_SCHEDULE_SECONDS.length) return null
  const delaySeconds = RETRY_SCHEDULE_SECONDS[next]
  return { step: next, at: new Date(now.getTime() + delaySeconds * 1000), delaySeconds }
}
