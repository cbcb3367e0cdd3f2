import type { RouteObject } from 'react-router'
import { SystemStatus } from '../features/system/system-status'
import { Home } from './home'

/**
 * Every page of the SPA. Features export their pages; this file composes them
 * (features never import each other). Add one line per page.
 */
export const routes: RouteObject[] = [
  { index: true, element: <Home /> },
  { path: 'status', element: <SystemStatus /> },
]
