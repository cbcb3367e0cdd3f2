import type { ComponentType } from 'react'
import { data, type RouteObject } from 'react-router'

/**
 * Each page is its own chunk, loaded when first visited (`lazy`), so the public storefront never
 * downloads the dashboard. `page(import, name)` turns a feature's exported page into a route.
 */
const page =
  <M,>(load: () => Promise<M>, name: keyof M) =>
  async () => ({ Component: (await load())[name] as ComponentType })

/**
 * Every page of the signed-in dashboard (paths relative to `/`; public pages such as /login
 * live in app.tsx). Features export their pages; this file composes them (features never import
 * each other). Add one line per page here, and one nav entry in nav.ts.
 */
export const routes: RouteObject[] = [
  { index: true, lazy: page(() => import('./home'), 'Home') },
  { path: 'products', lazy: page(() => import('../features/catalog/products-page'), 'ProductsPage') },
  { path: 'products/new', lazy: page(() => import('../features/catalog/product-editor'), 'NewProductPage') },
  { path: 'products/import', lazy: page(() => import('../features/catalog/import-page'), 'ImportPage') },
  { path: 'products/:id', lazy: page(() => import('../features/catalog/product-editor'), 'EditProductPage') },
  { path: 'products/:id/media', lazy: page(() => import('../features/media/product-media-page'), 'ProductMediaPage') },
  { path: 'activity', lazy: page(() => import('../features/catalog/activity-page'), 'ActivityPage') },
  { path: 'settings', lazy: page(() => import('../features/settings/settings-page'), 'SettingsPage') },
  { path: 'settings/security', lazy: page(() => import('../features/settings/security-settings'), 'SecurityPage') },
  { path: 'settings/webhooks', lazy: page(() => import('../features/webhooks/webhooks-page'), 'WebhooksPage') },
  { path: 'settings/categories', lazy: page(() => import('../features/ingest/categories-page'), 'CategoriesPage') },
  { path: 'storefront', lazy: page(() => import('../features/storefront/storefront-settings-page'), 'StorefrontSettingsPage') },
  { path: 'links', lazy: page(() => import('../features/links/links-page'), 'LinksPage') },
  { path: 'analytics', lazy: page(() => import('../features/analytics/analytics-page'), 'AnalyticsPage') },
  { path: 'import', lazy: page(() => import('../features/ingest/paste-page'), 'PastePage') },
  { path: 'import/batches/:id', lazy: page(() => import('../features/ingest/batch-page'), 'BatchPage') },
  { path: 'import/proposals', lazy: page(() => import('../features/ingest/proposals-page'), 'ProposalsPage') },
  { path: 'inbox', lazy: page(() => import('../features/inbox/inbox-page'), 'InboxPage') },
  { path: 'orders', lazy: page(() => import('../features/orders/orders-page'), 'OrdersPage') },
  { path: 'channels', lazy: page(() => import('../features/channels/channels-page'), 'ChannelsPage') },
  { path: 'studio', lazy: page(() => import('../features/studio/studio-page'), 'StudioPage') },
  { path: 'studio/:id', lazy: page(() => import('../features/studio/video-page'), 'StudioVideoPage') },
  { path: 'settings/studio', lazy: page(() => import('../features/studio/brand-voice-page'), 'BrandVoicePage') },
  { path: 'publishing', lazy: page(() => import('../features/publishing/publishing-page'), 'PublishingPage') },
  { path: 'settings/publishing', lazy: page(() => import('../features/publishing/channels-page'), 'PublishingChannelsPage') },
]

// react-router matches whole segments only, so `/@shop` is a `:handle` checked for its `@`.
const requireAtHandle = ({ params }: { params: { handle?: string } }) => {
  if (!params.handle?.startsWith('@')) throw data(null, { status: 404 })
  return null
}

// The storefront's own small stylesheet (tokens + storefront rules) loads with its page.
const publicPage = async () => {
  document.documentElement.classList.remove('dark')
  const [m] = await Promise.all([import('../features/storefront/public-page'), import('../styles.css')])
  return { Component: m.PublicPage }
}

/**
 * Public pages outside the dashboard (no login): the storefront `/@<shop>` and its product pages,
 * rendered from the data the Worker injects into the HTML. app.tsx mounts them at the top level.
 */
export const publicRoutes: RouteObject[] = [
  { path: '/:handle', loader: requireAtHandle, lazy: publicPage },
  { path: '/:handle/p/:slug', loader: requireAtHandle, lazy: publicPage },
]
