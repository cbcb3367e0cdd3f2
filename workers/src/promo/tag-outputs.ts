import { and, eq, inArray, sql } from 'drizzle-orm'
import { mediaAssets } from '../../../db/schema'
import type { Database } from '../../../db/types'

/** After a render for a product: tag its outputs with the product, so its media page finds them. */
export async function tagOutputsWithProduct(db: Database, merchantId: string, productId: string, assetIds: string[]) {
  if (assetIds.length === 0) return
  await db
    .update(mediaAssets)
    .set({ meta: sql`${mediaAssets.meta} || ${JSON.stringify({ productId })}::jsonb` })
    .where(and(eq(mediaAssets.merchantId, merchantId), inArray(mediaAssets.id, assetIds)))
}
