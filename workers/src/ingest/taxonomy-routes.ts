import { and, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { categories } from '../../../db/schema'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { validate } from '../lib/validate'
import { merchantIdOf, requireMember } from '../middleware/auth'
import { loadMerchantTaxonomy } from './merchant-taxonomy'
import { categoryInputSchema, categoryPatchSchema, idParamSchema } from './schemas'

const view = (r: typeof categories.$inferSelect) => ({ id: r.id, slug: r.slug, name: r.name, keywords: r.keywords })

/** /api/categories: the merchant's taxonomy used by auto-tagging (seeded from the default on first use). */
export const taxonomyRoutes = new Hono<AppEnv>()
  // GET /api/categories – list (seeds the default taxonomy the first time)
  .get('/', requireMember(), async (c) => c.json({ items: (await loadMerchantTaxonomy(c.var.db, merchantIdOf(c))).map(view) }))
  // POST /api/categories – add a category
  .post('/', requireMember('staff'), validate('json', categoryInputSchema), async (c) => {
    const merchantId = merchantIdOf(c)
    await loadMerchantTaxonomy(c.var.db, merchantId)
    const body = c.req.valid('json')
    const [row] = await c.var.db
      .insert(categories)
      .values({ merchantId, ...body })
      .onConflictDoNothing({ target: [categories.merchantId, categories.slug] })
      .returning()
    if (!row) throw new AppError('conflict', `a category with the slug “${body.slug}” exists already`)
    return c.json({ category: view(row) }, 201)
  })
  // PATCH /api/categories/:id – rename or change keywords
  .patch('/:id', requireMember('staff'), validate('param', idParamSchema), validate('json', categoryPatchSchema), async (c) => {
    const [row] = await c.var.db
      .update(categories)
      .set(c.req.valid('json'))
      .where(and(eq(categories.id, c.req.valid('param').id), eq(categories.merchantId, merchantIdOf(c))))
      .returning()
    if (!row) throw new AppError('not_found', 'no such category')
    return c.json({ category: view(row) })
  })
  // DELETE /api/categories/:id – remove (the last one stays: the tagger needs at least one)
  .delete('/:id', requireMember('staff'), validate('param', idParamSchema), async (c) => {
    const merchantId = merchantIdOf(c)
    const all = await loadMerchantTaxonomy(c.var.db, merchantId)
    if (!all.some((r) => r.id === c.req.valid('param').id)) throw new AppError('not_found', 'no such category')
    if (all.length <= 1) throw new AppError('conflict', 'keep at least one category')
    await c.var.db.delete(categories).where(and(eq(categories.id, c.req.valid('param').id), eq(categories.merchantId, merchantId)))
    return c.body(null, 204)
  })
