import { insertCategories, listCategories } from '../../../db/queries/categories'
import type { Database } from '../../../db/types'
import { DEFAULT_TAXONOMY, type Taxonomy } from './caption/taxonomy'

/**
 * The merchant's category taxonomy. On first use (no rows yet) it is seeded from the hub's
 * DEFAULT_TAXONOMY; afterwards the merchant edits it and the tagger uses their version.
 */
export async function loadMerchantTaxonomy(db: Database, merchantId: string) {
  let rows = await listCategories(db, merchantId)
  if (!rows.length) {
    // Same created_at for the whole seed keeps the default order by slug… so stagger by position.
    const base = Date.now()
    await insertCategories(
      db,
      merchantId,
      DEFAULT_TAXONOMY.map((c, i) => ({ slug: c.slug, name: c.name, keywords: c.keywords, createdAt: new Date(base + i) })),
    )
    rows = await listCategories(db, merchantId)
  }
  return rows
}

/** The merchant's categories in the shape the caption tagger takes. */
export async function merchantTaxonomy(db: Database, merchantId: string): Promise<Taxonomy> {
  const rows = await loadMerchantTaxonomy(db, merchantId)
  return rows.map((r) => ({ slug: r.slug, name: r.name, keywords: r.keywords }))
}
