import { createRouter, errors, json, memberRoute } from '../lib/openapi'
import { merchantIdOf } from '../middleware/auth'
import { addCategory, changeCategory, listCategoryViews, removeCategory } from './manage-categories'
import { categoryInputSchema, categoryListSchema, categoryPatchSchema, categoryResultSchema, idParamSchema } from './schemas'

const tags: ['Imports'] = ['Imports']

// GET /api/categories – list (seeds the default taxonomy the first time)
const listCategoriesRoute = memberRoute('viewer', {
  method: 'get',
  path: '/',
  tags,
  summary: "The shop's categories for auto-tagging",
  description: 'Seeds the default taxonomy on first use.',
  responses: { 200: json(categoryListSchema, 'The categories, in order') },
})

// POST /api/categories – add a category
const addCategoryRoute = memberRoute('staff', {
  method: 'post',
  path: '/',
  tags,
  summary: 'Add a category',
  request: { body: { content: { 'application/json': { schema: categoryInputSchema } }, required: true } },
  responses: { 201: json(categoryResultSchema, 'The new category'), ...errors('conflict') },
})

// PATCH /api/categories/:id – rename or change keywords
const changeCategoryRoute = memberRoute('staff', {
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Rename a category or change its keywords',
  request: { params: idParamSchema, body: { content: { 'application/json': { schema: categoryPatchSchema } }, required: true } },
  responses: { 200: json(categoryResultSchema, 'The changed category'), ...errors('not_found') },
})

// DELETE /api/categories/:id – remove (the last one stays: the tagger needs at least one)
const removeCategoryRoute = memberRoute('staff', {
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Remove a category',
  description: 'The last category cannot be removed: the tagger needs at least one.',
  request: { params: idParamSchema },
  responses: { 204: { description: 'Removed' }, ...errors('not_found', 'conflict') },
})

/** /api/categories: the merchant's taxonomy used by auto-tagging (seeded from the default on first use). */
export const taxonomyRoutes = createRouter()
  .openapi(listCategoriesRoute, async (c) => c.json({ items: await listCategoryViews(c.var.db, merchantIdOf(c)) }, 200))
  .openapi(addCategoryRoute, async (c) => c.json({ category: await addCategory(c.var.db, merchantIdOf(c), c.req.valid('json')) }, 201))
  .openapi(changeCategoryRoute, async (c) =>
    c.json({ category: await changeCategory(c.var.db, merchantIdOf(c), c.req.valid('param').id, c.req.valid('json')) }, 200),
  )
  .openapi(removeCategoryRoute, async (c) => {
    await removeCategory(c.var.db, merchantIdOf(c), c.req.valid('param').id)
    return c.body(null, 204)
  })
