import { ownsTarget } from '../../../db/queries/links'
import type { Database } from '../../../db/types'
import { hashPassword } from '../auth/password'
import { AppError } from '../errors'
import { insertWithNewCode } from './link-code'
import { linkView } from './link-view'
import type { CreateLinkInput } from './schemas'

/** A new short link to one of the shop's products or videos, or to any web address. */
export async function createLink(deps: { db: Database; appUrl: string }, merchantId: string, input: CreateLinkInput) {
  if (!(await ownsTarget(deps.db, merchantId, input))) throw new AppError('not_found', 'product or video not found')
  const row = await insertWithNewCode(deps.db, merchantId, {
    title: input.title ?? '',
    productId: input.productId ?? null,
    videoId: input.videoId ?? null,
    url: input.url ?? null,
    utm: input.utm ?? {},
    passwordHash: input.password ? await hashPassword(input.password) : null,
    expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    enabled: input.enabled ?? true,
  })
  return { link: linkView(row, deps.appUrl) }
}
