import { getCatalogShop, listProductsForExport } from '../../../db/queries/products'
import type { Database } from '../../../db/types'
import { productsToCsv } from './csv'

/** The whole catalog as CSV (re-importable without loss), and the file name to download it as. */
export async function exportCatalog(db: Database, merchantId: string, origin: string) {
  const shop = await getCatalogShop(db, merchantId)
  const csv = productsToCsv(await listProductsForExport(db, merchantId), origin)
  return { fileName: `${shop?.slug ?? 'catalog'}-products.csv`, csv }
}
