import { listShortLinks } from '../../../db/queries/links'
import type { Database } from '../../../db/types'
import { shortUrl } from './link-view'

/** The shop's links, newest first, with their clicks and short URLs. */
export async function listLinks(deps: { db: Database; appUrl: string }, merchantId: string) {
  const rows = await listShortLinks(deps.db, merchantId)
  return { links: rows.map((r) => ({ ...r, shortUrl: shortUrl(deps.appUrl, r.code) })) }
}
