import { getStorefrontMerchant, type StorefrontMerchant } from '../../../db/queries/storefront'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { readStorefrontSettings } from './schemas'

/** The settings page's view of a shop: its public address and its storefront settings. */
export function settingsView(m: StorefrontMerchant, appUrl: string) {
  return { shop: { slug: m.slug, name: m.name, url: `${appUrl}/@${m.slug}` }, settings: readStorefrontSettings(m.settings, m) }
}

export async function getStorefrontSettings(deps: { db: Database; appUrl: string }, merchantId: string) {
  const m = await getStorefrontMerchant(deps.db, merchantId)
  if (!m) throw new AppError('not_found', 'shop not found')
  return settingsView(m, deps.appUrl)
}
