import { deleteShortLink } from '../../../db/queries/links'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { forgetLink } from './link-cache'

/** Deletes a link; it stops working here at once and elsewhere within a minute. */
export async function deleteLink(deps: { db: Database; origin: string }, merchantId: string, id: string) {
  const row = await deleteShortLink(deps.db, merchantId, id)
  if (!row) throw new AppError('not_found', 'link not found')
  await forgetLink(deps.origin, row.code)
}
