import {
  applyRetention,
  deleteMediaAssetsByIds,
  forgetErasedAddresses,
  listExpiredExports,
  listShopsToPurge,
  updateShopExport,
} from '../../../db/queries/privacy'
import type { Database } from '../../../db/types'
import type { Logger } from '../lib/logger'
import { deleteObjects, purgeShop } from './purge-shop'
import { RETENTION_DEFAULTS } from './retention'

/**
 * The privacy part of the scheduled sweep, at `now` (tests pass a later clock): expired exports
 * (object deleted, row marked), shops past their deletion grace period (purged), every shop's
 * retention, and erased shoppers' channel addresses. Each step stands alone: one failing does
 * not stop the others, and the next run picks up what is left. `retentionOnly` limits the
 * retention step to some shops (a test far in the future must not touch other tests' shops).
 */
export async function sweepPrivacy(
  deps: { db: Database; env: Pick<Env, 'MEDIA'>; log: Logger },
  now: Date = new Date(),
  options: { retentionOnly?: string[] } = {},
) {
  const { db, env, log } = deps
  const summary: Record<string, unknown> = {}
  const step = async (name: string, fn: () => Promise<unknown>) => {
    try {
      summary[name] = await fn()
    } catch (err) {
      log.error(`privacy sweep: ${name} failed`, { error: err })
      summary[name] = 'failed'
    }
  }
  await step('exportsExpired', async () => {
    const expired = await listExpiredExports(db, now)
    await deleteObjects(
      env.MEDIA,
      expired.flatMap((e) => (e.key ? [e.key] : [])),
    )
    for (const e of expired) await updateShopExport(db, e.id, { status: 'expired', key: null })
    return expired.length
  })
  await step('shopsPurged', async () => {
    const ids = await listShopsToPurge(db, now)
    for (const id of ids) {
      const result = await purgeShop({ db, env }, id)
      log.info('shop purged after its deletion grace period', { merchantId: id, objects: result.objects })
    }
    return ids.length
  })
  await step('retention', async () => {
    const { intermediates, ...counts } = await applyRetention(db, now, RETENTION_DEFAULTS, options.retentionOnly)
    const keys = await deleteMediaAssetsByIds(
      db,
      intermediates.map((a) => a.id),
    )
    await deleteObjects(env.MEDIA, keys)
    return { ...counts, intermediates: intermediates.length }
  })
  await step('addressesForgotten', () => forgetErasedAddresses(db, now))
  return summary
}
