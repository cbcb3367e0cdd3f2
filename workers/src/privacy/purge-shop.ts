import { deleteShopRows, listShopObjectKeys } from '../../../db/queries/privacy'
import type { Database } from '../../../db/types'

/** Every R2 prefix that holds one shop's objects. */
export const shopPrefixes = (merchantId: string) => [`m/${merchantId}/`, `exports/${merchantId}/`]

/** R2 deletes take at most 1000 keys at a time. */
const DELETE_BATCH = 1000

export async function deleteObjects(bucket: R2Bucket, keys: string[]) {
  for (let i = 0; i < keys.length; i += DELETE_BATCH) await bucket.delete(keys.slice(i, i + DELETE_BATCH))
}

/** Every object under a prefix, listed page by page and deleted. */
async function deletePrefix(bucket: R2Bucket, prefix: string) {
  let removed = 0
  let cursor: string | undefined
  do {
    const page = await bucket.list({ prefix, cursor, limit: DELETE_BATCH })
    await deleteObjects(
      bucket,
      page.objects.map((o) => o.key),
    )
    removed += page.objects.length
    cursor = page.truncated ? page.cursor : undefined
  } while (cursor)
  return removed
}

/**
 * Removes a shop for good: its R2 objects (everything under its prefixes, and any recorded key
 * outside them), then its row, which cascades to every table holding shop data. Objects go
 * first: if the run stops halfway, the rows still point at what is left and the next sweep
 * finishes. Users stay: an account is a person's, and may belong to other shops.
 */
export async function purgeShop(deps: { db: Database; env: Pick<Env, 'MEDIA'> }, merchantId: string) {
  const recorded = await listShopObjectKeys(deps.db, merchantId)
  await deleteObjects(deps.env.MEDIA, recorded)
  let objects = recorded.length
  for (const prefix of shopPrefixes(merchantId)) objects += await deletePrefix(deps.env.MEDIA, prefix)
  const rows = await deleteShopRows(deps.db, merchantId)
  return { objects, deleted: rows }
}
