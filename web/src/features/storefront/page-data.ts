import type { InferRequestType } from 'hono/client'
import type { PublicPageData, PublicProduct } from '../../../../contracts/storefront-page'
import { client } from '../../lib/api-client'

export type { PublicPageData, PublicProduct }

type Beacon = InferRequestType<typeof client.api.events.$post>['json']

/**
 * The page data the Worker wrote into the HTML (`<script id="__DATA__">`), for the path it was
 * rendered for. Public pages navigate with full page loads, so the data always matches.
 */
export function readPageData(): PublicPageData | null {
  const el = document.getElementById('__DATA__')
  if (!el?.textContent) return null
  try {
    return JSON.parse(el.textContent) as PublicPageData
  } catch {
    return null
  }
}

/** Reports taps to the hub without delaying the navigation (sendBeacon survives page unload). */
export function reportEvent(shopId: string, event: Beacon['events'][number]) {
  const beacon: Beacon = { shopId, events: [event] }
  // text/plain: a beacon of that type needs no CORS preflight; the hub parses it as JSON.
  if (navigator.sendBeacon?.(client.api.events.$path(), new Blob([JSON.stringify(beacon)], { type: 'text/plain' }))) return
  client.api.events.$post({ json: beacon }, { init: { keepalive: true } }).catch(() => {})
}

const IN_APP = /TikTok|musical_ly|Bytedance|BytedanceWebview|Instagram|FBAN|FBAV|Snapchat|Line\//i

/**
 * In-app browsers (TikTok, Instagram...) often refuse to hand wa.me to WhatsApp. On Android an
 * intent:// URL opens the app directly, falling back to wa.me; elsewhere wa.me is the best bet.
 */
export function escapeInAppUrl(waUrl: string): string | null {
  const ua = navigator.userAgent
  if (!IN_APP.test(ua) || !/Android/i.test(ua)) return null
  const u = new URL(waUrl)
  const phone = u.pathname.replace(/\//g, '')
  const text = u.searchParams.get('text') ?? ''
  return `intent://send/?phone=${phone}&text=${encodeURIComponent(text)}#Intent;scheme=whatsapp;package=com.whatsapp;S.browser_fallback_url=${encodeURIComponent(waUrl)};end`
}
