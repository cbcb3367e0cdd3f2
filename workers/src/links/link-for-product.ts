import { findProductLink, ownsTarget } from '../../../db/queries/links'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { insertWithNewCode } from './link-code'
import { linkView } from './link-view'

/** The plain link of a product: the existing one, or a new one (`created`). */
export async function linkForProduct(deps: { db: Database; appUrl: string }, merchantId: string, productId: string) {
  if (!(await ownsTarget(deps.db, merchantId, { productId }))) throw new AppError('not_found', 'product not found')
  const existing = await findProductLink(deps.db, merchantId, productId)
  const row = existing ?? (await insertWithNewCode(deps.db, merchantId, { productId, title: '' }))
  return { link: linkView(row, deps.appUrl), created: !existing }
}
