import type { Product } from '../../../db/schema'

/** The longest description a link preview shows (WhatsApp and X cut there anyway). */
const PREVIEW_DESCRIPTION_CHARS = 160

/**
 * The SEO of a product as the editor and the storefront use it: the stored override (products.seo)
 * where the merchant set one, else the product's current title and description, so a title edited
 * after approval shows in link previews at once.
 */
export function productSeo(p: Pick<Product, 'title' | 'description' | 'seo'>) {
  const seo = p.seo ?? {}
  const title = seo.title?.trim() || ''
  const description = seo.description?.trim() || ''
  return {
    title: title || p.title,
    description: description || p.description.replace(/\s+/g, ' ').trim().slice(0, PREVIEW_DESCRIPTION_CHARS),
    titleIsDefault: !title,
    descriptionIsDefault: !description,
    keywords: seo.keywords ?? [],
  }
}

/** A product row with its SEO as the API shows it. */
export const withSeo = <T extends Pick<Product, 'title' | 'description' | 'seo'>>(p: T) => ({ ...p, seo: productSeo(p) })
