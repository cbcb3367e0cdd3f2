import { and, asc, eq } from 'drizzle-orm'
import { categories } from '../schema'
import type { Database } from '../types'

export type Category = typeof categories.$inferSelect
export type CategoryInput = { slug: string; name: string; keywords: string[] }

/** A merchant's categories in the order the tagger and the settings page show them. */
export async function listCategories(db: Database, merchantId: string): Promise<Category[]> {
  return db.select().from(categories).where(eq(categories.merchantId, merchantId)).orderBy(asc(categories.createdAt), asc(categories.slug))
}

/** Inserts categories, skipping slugs the merchant has already (for seeding). */
export async function insertCategories(db: Database, merchantId: string, rows: Array<CategoryInput & { createdAt?: Date }>) {
  if (!rows.length) return
  await db
    .insert(categories)
    .values(rows.map((r) => ({ merchantId, ...r })))
    .onConflictDoNothing({ target: [categories.merchantId, categories.slug] })
}

/** Inserts one category; undefined when the merchant has one with that slug already. */
export async function insertCategory(db: Database, merchantId: string, input: CategoryInput): Promise<Category | undefined> {
  const [row] = await db
    .insert(categories)
    .values({ merchantId, ...input })
    .onConflictDoNothing({ target: [categories.merchantId, categories.slug] })
    .returning()
  return row
}

export async function updateCategory(db: Database, merchantId: string, id: string, patch: Partial<Omit<CategoryInput, 'slug'>>): Promise<Category | undefined> {
  const [row] = await db
    .update(categories)
    .set(patch)
    .where(and(eq(categories.id, id), eq(categories.merchantId, merchantId)))
    .returning()
  return row
}

export async function deleteCategory(db: Database, merchantId: string, id: string) {
  await db.delete(categories).where(and(eq(categories.id, id), eq(categories.merchantId, merchantId)))
}
