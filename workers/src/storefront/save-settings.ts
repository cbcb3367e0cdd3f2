import { saveStorefrontSettings } from '../../../db/queries/storefront'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { forgetCatalogVersion } from './catalog-version'
import { settingsView } from './get-settings'
import type { StorefrontSettings } from './schemas'

/** Saves the storefront settings; this data centre's public pages show them at once. */
export async function updateStorefrontSettings(deps: { db: Database; appUrl: string; origin: string }, merchantId: string, settings: StorefrontSettings) {
  const m = await saveStorefrontSettings(deps.db, merchantId, settings)
  if (!m) throw new AppError('not_found', 'shop not found')
  await forgetCatalogVersion(deps.origin, m.slug)
  return settingsView(m, deps.appUrl)
}
