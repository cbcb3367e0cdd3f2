import { getLinkShop, getShortLink } from '../../../db/queries/links'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { qrMatrix, qrPng, qrSvg } from './qr-code'

type Deps = { db: Database; appUrl: string }

/** The link (of this shop) a QR code is drawn for, the shop's brand and the text to encode. */
async function qrFor(deps: Deps, merchantId: string, id: string) {
  const [link, shop] = await Promise.all([getShortLink(deps.db, merchantId, id), getLinkShop(deps.db, merchantId)])
  if (!link) throw new AppError('not_found', 'link not found')
  return { shop, text: `${deps.appUrl}/l/${link.code}?qr=1` }
}

/** The QR code of a link as SVG, with the shop's avatar (or initial) in the middle. */
export async function linkQrSvg(deps: Deps, merchantId: string, id: string): Promise<string> {
  const { shop, text } = await qrFor(deps, merchantId, id)
  const logoUrl = shop?.avatarKey ? `${deps.appUrl}/media/${shop.avatarKey}` : null
  return qrSvg(qrMatrix(text), { logoUrl, initial: shop?.name })
}

/** The QR code of a link as PNG, `scale` pixels per module (2–32; 10 when missing or not a number). */
export async function linkQrPng(deps: Deps, merchantId: string, id: string, scale: string | undefined): Promise<Uint8Array> {
  const { text } = await qrFor(deps, merchantId, id)
  return qrPng(qrMatrix(text), { scale: Math.min(Math.max(Number(scale) || 10, 2), 32) })
}

/** The default link preview image of a shop (`/l/_og/<shop>.png`): the QR code of its page. */
export function shopPreviewPng(appUrl: string, file: string): Promise<Uint8Array> {
  const shop = file.replace(/\.png$/, '')
  return qrPng(qrMatrix(`${appUrl}/@${shop}`), { scale: 12 })
}
