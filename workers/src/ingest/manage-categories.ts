import { type Category, type CategoryInput, deleteCategory, insertCategory, updateCategory } from '../../../db/queries/categories'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { loadMerchantTaxonomy } from './merchant-taxonomy'

/** A category as the API shows it. */
const view = (r: Category) => ({ id: r.id, slug: r.slug, name: r.name, keywords: r.keywords })

/** The merchant's categories (seeds the default taxonomy the first time). */
export async function listCategoryViews(db: Database, merchantId: string) {
  return (await loadMerchantTaxonomy(db, merchantId)).map(view)
}

/** Adds a category after the seeded ones; a taken slug is a conflict. */
export async function addCategory(db: Database, merchantId: string, input: CategoryInput) {
  await loadMerchantTaxonomy(db, merchantId)
  const row = await insertCategory(db, merchantId, input)
  if (!row) throw new AppError('conflict', `a category with the slug “${input.slug}” exists already`)
  return view(row)
}

/** Renames a category or changes its keywords. */
export async function changeCategory(db: Database, merchantId: string, id: string, patch: Partial<Omit<CategoryInput, 'slug'>>) {
  const row = await updateCategory(db, merchantId, id, patch)
  if (!row) throw new AppError('not_found', 'no such category')
  return view(row)
}

/** Removes a category; the last one stays (the tagger needs at least one). */
export async function removeCategory(db: Database, merchantId: string, id: string) {
  const all = await loadMerchantTaxonomy(db, merchantId)
  if (!all.some((r) => r.id === id)) throw new AppError('not_found', 'no such category')
  if (all.length <= 1) throw new AppError('conflict', 'keep at least one category')
  await deleteCategory(db, merchantId, id)
}
