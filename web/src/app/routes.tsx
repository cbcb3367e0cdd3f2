import type { RouteObject } from 'react-router'
import { ProductMediaPage } from '../features/media/product-media-page'
import { Home } from './home'

/**
 * Every page of the signed-in dashboard (paths relative to `/`; public pages such as /login
 * live in app.tsx). Features export their pages; this file composes them (features never import
 * each other). Add one line per page here, and one nav entry in nav.ts.
 */
export const routes: RouteObject[] = [
  { index: true, element: <Home /> },
  { path: 'products/:id/media', element: <ProductMediaPage /> },
]
