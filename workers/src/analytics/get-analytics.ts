import { type AnalyticsRange, breakdowns, chatsAndOrdersBySource, eventsOverTime, funnel } from '../../../db/queries/analytics'
import type { Database } from '../../../db/types'

/** The last `days` days of a shop up to `now`, from midnight UTC of the first: what every report covers. */
export function periodOf(input: { merchantId: string; days: number; now?: Date }): AnalyticsRange {
  const to = input.now ?? new Date()
  const from = new Date(to.getTime() - (input.days - 1) * 86_400_000)
  from.setUTCHours(0, 0, 0, 0)
  return { merchantId: input.merchantId, from, to }
}

/** The dashboard's report of the last `days` days (from midnight UTC of the first): series, funnel and tables. */
export async function getAnalytics(db: Database, input: { merchantId: string; days: number; now?: Date }) {
  const range = periodOf(input)
  const { from, to } = range
  const [series, totals, tables, sources] = await Promise.all([
    eventsOverTime(db, range),
    funnel(db, range),
    breakdowns(db, range),
    chatsAndOrdersBySource(db, range),
  ])
  return { from: from.toISOString(), to: to.toISOString(), series, funnel: totals, ...tables, sources }
}
