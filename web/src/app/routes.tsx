import { data, type RouteObject } from 'react-router'
import { AnalyticsPage } from '../features/analytics/analytics-page'
import { ActivityPage } from '../features/catalog/activity-page'
import { ImportPage as CsvImportPage } from '../features/catalog/import-page'
import { EditProductPage, NewProductPage } from '../features/catalog/product-editor'
import { ProductsPage } from '../features/catalog/products-page'
import { ChannelsPage } from '../features/channels/channels-page'
import { InboxPage } from '../features/inbox/inbox-page'
import { BatchPage } from '../features/ingest/batch-page'
import { CategoriesPage } from '../features/ingest/categories-page'
import { PastePage } from '../features/ingest/paste-page'
import { ProposalsPage } from '../features/ingest/proposals-page'
import { LinksPage } from '../features/links/links-page'
import { ProductMediaPage } from '../features/media/product-media-page'
import { OrdersPage } from '../features/orders/orders-page'
import { SettingsPage } from '../features/settings/settings-page'
import { PublicPage } from '../features/storefront/public-page'
import { StorefrontSettingsPage } from '../features/storefront/storefront-settings-page'
import { Home } from './home'

/**
 * Every page of the signed-in dashboard (paths relative to `/`; public pages such as /login
 * live in app.tsx). Features export their pages; this file composes them (features never import
 * each other). Add one line per page here, and one nav entry in nav.ts.
 */
export const routes: RouteObject[] = [
  { index: true, element: <Home /> },
  { path: 'products', element: <ProductsPage /> },
  { path: 'products/new', element: <NewProductPage /> },
  { path: 'products/import', element: <CsvImportPage /> },
  { path: 'products/:id', element: <EditProductPage /> },
  { path: 'activity', element: <ActivityPage /> },
  { path: 'settings', element: <SettingsPage /> },
  { path: 'products/:id/media', element: <ProductMediaPage /> },
  { path: 'storefront', element: <StorefrontSettingsPage /> },
  { path: 'links', element: <LinksPage /> },
  { path: 'analytics', element: <AnalyticsPage /> },
  { path: 'import', element: <PastePage /> },
  { path: 'import/batches/:id', element: <BatchPage /> },
  { path: 'import/proposals', element: <ProposalsPage /> },
  { path: 'settings/categories', element: <CategoriesPage /> },
  { path: 'inbox', element: <InboxPage /> },
  { path: 'orders', element: <OrdersPage /> },
  { path: 'channels', element: <ChannelsPage /> },
]

// react-router matches whole segments only, so `/@shop` is a `:handle` checked for its `@`.
const requireAtHandle = ({ params }: { params: { handle?: string } }) => {
  if (!params.handle?.startsWith('@')) throw data(null, { status: 404 })
  return null
}

/**
 * Public pages outside the dashboard (no login): the storefront `/@<shop>` and its product pages,
 * rendered from the data the Worker injects into the HTML. app.tsx mounts them at the top level.
 */
export const publicRoutes: RouteObject[] = [
  { path: '/:handle', loader: requireAtHandle, element: <PublicPage /> },
  { path: '/:handle/p/:slug', loader: requireAtHandle, element: <PublicPage /> },
]
