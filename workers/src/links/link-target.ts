import type { ResolvedLink } from '../../../db/queries/links'

const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'] as const

/**
 * Where a short link sends the shopper, with UTM parameters appended. Parameters already in the
 * target URL win (the merchant put them there on purpose); the link's own UTMs come next, then
 * defaults naming the link, so every click is attributable in any analytics tool.
 */
export function linkTarget(link: ResolvedLink, appUrl: string, via: 'link' | 'qr'): string | null {
  let target: URL
  if (link.productSlug) {
    target = new URL(`${appUrl}/@${link.shopSlug}/p/${encodeURIComponent(link.productSlug)}`)
    target.searchParams.set('src', `L${link.code}`)
  } else if (link.videoExternalId) {
    target = new URL(`${appUrl}/@${link.shopSlug}`)
    target.searchParams.set('src', `L${link.code}`)
    target.searchParams.set('video', link.videoExternalId)
  } else if (link.url) {
    try {
      target = new URL(link.url)
    } catch {
      return null
    }
  } else return null
  const defaults: Record<string, string> = { source: 'linkhub', medium: via === 'qr' ? 'qr' : 'short_link', campaign: link.code }
  for (const key of UTM_KEYS) {
    const value = link.utm?.[key] ?? defaults[key]
    if (value && !target.searchParams.has(`utm_${key}`)) target.searchParams.set(`utm_${key}`, value)
  }
  return target.toString()
}
