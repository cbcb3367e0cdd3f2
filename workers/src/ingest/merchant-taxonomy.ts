import type { Database } from '../../../db/types'
import { asc, eq } from 'drizzle-orm'
import { categories } from '../../../db/schema'

import { DEFAULT_TAXONOMY, type Taxonomy } from './caption/taxonomy'

/**
 * The merchant's category taxonomy. On first use (no rows yet) it is seeded from the hub's
 * DEFAULT_TAXONOMY; afterwards the merchant edits it and the tagger uses their version.
 */
export async function loadMerchantTaxonomy(db: Database, merchantId: string) {
  let rows = await db.select().from(categories).where(eq(categories.merchantId, merchantId)).orderBy(asc(categories.createdAt), asc(categories.slug))
  if (!rows.length) {
    // Same created_at for the whole seed keeps the default order by slug… so stagger by position.
    const base = Date.now()
    await db
      .insert(categories)
      .values(DEFAULT_TAXONOMY.map((c, i) => ({ merchantId, slug: c.slug, name: c.name, keywords: c.keywords, createdAt: new Date(base + i) })))
      .onConflictDoNothing({ target: [categories.merchantId, categories.slug] })
    rows = await db.select().from(categories).where(eq(categories.merchantId, merchantId)).orderBy(asc(categories.createdAt), asc(categories.slug))
  }
  return rows
}

/** The merchant's categories in the shape the caption tagger takes. */
export async function merchantTaxonomy(db: Database, merchantId: string): Promise<Taxonomy> {
  const rows = await loadMerchantTaxonomy(db, merchantId)
  return rows.map((r) => ({ slug: r.slug, name: r.name, keywords: r.keywords }))
}
