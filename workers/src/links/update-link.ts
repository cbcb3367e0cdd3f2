import { type NewShortLink, updateShortLink } from '../../../db/queries/links'
import type { Database } from '../../../db/types'
import { hashPassword } from '../auth/password'
import { AppError } from '../errors'
import { forgetLink } from './link-cache'
import { linkView } from './link-view'
import type { UpdateLinkInput } from './schemas'

/** Edits a link; this data centre's cached copy is dropped at once (others expire within a minute). */
export async function updateLink(deps: { db: Database; appUrl: string; origin: string }, merchantId: string, id: string, input: UpdateLinkInput) {
  const patch: Partial<NewShortLink> = {}
  if (input.title !== undefined) patch.title = input.title
  if (input.utm !== undefined) patch.utm = input.utm
  if (input.enabled !== undefined) patch.enabled = input.enabled
  if (input.expiresAt !== undefined) patch.expiresAt = input.expiresAt ? new Date(input.expiresAt) : null
  if (input.password !== undefined) patch.passwordHash = input.password ? await hashPassword(input.password) : null
  const row = await updateShortLink(deps.db, merchantId, id, patch)
  if (!row) throw new AppError('not_found', 'link not found')
  await forgetLink(deps.origin, row.code)
  return { link: linkView(row, deps.appUrl) }
}
