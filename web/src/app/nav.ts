/**
 * The dashboard's navigation, in order. To add a page to the merchant dashboard:
 *   1. add its route to `routes` in web/src/app/routes.tsx (paths there are relative to the
 *      dashboard, e.g. `{ path: 'inbox', element: <InboxPage /> }`), and
 *   2. add ONE line here: `{ to: '/inbox', label: 'Inbox', icon: '💬' }`.
 * `minRole` hides an entry from members below that role (the API enforces it anyway).
 */
export type NavItem = { to: string; label: string; icon: string; minRole?: 'viewer' | 'staff' | 'owner'; end?: boolean }

export const NAV: NavItem[] = [
  { to: '/', label: 'Home', icon: '🏠', end: true },
  { to: '/products', label: 'Products', icon: '🛍️' },
  { to: '/products/import', label: 'Import CSV', icon: '⬆️', minRole: 'staff' },
  { to: '/import', label: 'Import from TikTok', icon: '🎬', minRole: 'staff', end: true },
  { to: '/import/proposals', label: 'Proposals', icon: '✅' },
  { to: '/settings/categories', label: 'Categories', icon: '🏷️' },
  { to: '/activity', label: 'Activity', icon: '🕘' },
  { to: '/storefront', label: 'Storefront', icon: '🪧' },
  { to: '/links', label: 'Links & QR', icon: '🔗' },
  { to: '/analytics', label: 'Analytics', icon: '📈' },
  { to: '/inbox', label: 'Inbox', icon: '💬' },
  { to: '/orders', label: 'Orders', icon: '📦' },
  { to: '/channels', label: 'Chat channels', icon: '🤖', minRole: 'owner' },
  { to: '/settings', label: 'Settings', icon: '⚙️', end: true },
  { to: '/status', label: 'System status', icon: '🩺' },
]
