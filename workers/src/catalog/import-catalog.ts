import { getCatalogShop } from '../../../db/queries/products'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import type { Logger } from '../lib/logger'
import type { Actor } from './actor'
import { parseCatalogCsv } from './csv'
import { applyImport, type ImageFetchOptions, planImport } from './import-products'

/**
 * CSV import: parses the whole file first (any row error → 422 listing every row, nothing written),
 * then plans product by product; a dry run stops at the plan, otherwise the plan is applied.
 */
export async function importCatalog(
  deps: { db: Database; env: Env },
  actor: Actor,
  input: { text: string; dryRun: boolean; origin: string; images?: ImageFetchOptions; log?: Pick<Logger, 'warn'> },
) {
  const { merchantId } = actor
  const shop = await getCatalogShop(deps.db, merchantId)
  const { products, errors } = parseCatalogCsv(input.text, shop?.currency ?? 'USD')
  if (errors.length)
    throw new AppError('unprocessable', `the CSV has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was imported`, { details: errors })
  const plan = await planImport(deps.db, merchantId, products)
  const summary = {
    create: plan.filter((p) => p.action === 'create').length,
    update: plan.filter((p) => p.action === 'update').length,
    unchanged: plan.filter((p) => p.action === 'unchanged').length,
  }
  if (input.dryRun) return { dryRun: true as const, summary, items: plan }
  const result = await applyImport(deps, {
    merchantId,
    userId: actor.userId,
    parsed: products,
    plan,
    origin: input.origin,
    images: input.images,
    log: input.log,
  })
  return { dryRun: false as const, summary, items: plan, created: result.created, updated: result.updated, imageErrors: result.imageErrors }
}
