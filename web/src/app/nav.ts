import {
  Activity,
  BarChart3,
  Bot,
  Clapperboard,
  FileUp,
  Home,
  Inbox,
  Link2,
  type LucideIcon,
  Mic,
  Package,
  Send,
  Settings,
  Share2,
  ShoppingBag,
  Stethoscope,
  Store,
  Tags,
  Video,
  WandSparkles,
  Webhook,
} from 'lucide-react'

/**
 * The dashboard's navigation, in order. To add a page to the merchant dashboard:
 *   1. add its route to `routes` in web/src/app/routes.tsx (paths there are relative to the
 *      dashboard, e.g. `{ path: 'inbox', element: <InboxPage /> }`), and
 *   2. add ONE line here: `{ to: '/inbox', label: 'Inbox', icon: Inbox, group: 'Sell' }`.
 * `minRole` hides an entry from members below that role (the API enforces it anyway).
 * `phone` puts the entry in the phone's bottom bar (at most four; the rest are under "More").
 */
export type NavItem = {
  to: string
  label: string
  icon: LucideIcon
  group: 'Shop' | 'Catalog' | 'Sell' | 'Settings'
  minRole?: 'viewer' | 'staff' | 'owner'
  phone?: boolean
}

export const NAV: NavItem[] = [
  { to: '/', label: 'Home', icon: Home, group: 'Shop', phone: true },
  { to: '/inbox', label: 'Inbox', icon: Inbox, group: 'Shop', phone: true },
  { to: '/orders', label: 'Orders', icon: Package, group: 'Shop', phone: true },
  { to: '/analytics', label: 'Analytics', icon: BarChart3, group: 'Shop' },
  { to: '/products', label: 'Products', icon: ShoppingBag, group: 'Catalog', phone: true },
  { to: '/import', label: 'Import from TikTok', icon: Clapperboard, group: 'Catalog', minRole: 'staff' },
  { to: '/import/proposals', label: 'Proposals', icon: WandSparkles, group: 'Catalog' },
  { to: '/products/import', label: 'Import CSV', icon: FileUp, group: 'Catalog', minRole: 'staff' },
  { to: '/settings/categories', label: 'Categories', icon: Tags, group: 'Catalog' },
  { to: '/storefront', label: 'Storefront', icon: Store, group: 'Sell' },
  { to: '/links', label: 'Links & QR', icon: Link2, group: 'Sell' },
  { to: '/studio', label: 'Studio', icon: Video, group: 'Sell' },
  { to: '/publishing', label: 'Publishing', icon: Send, group: 'Sell' },
  { to: '/channels', label: 'Chat channels', icon: Bot, group: 'Sell', minRole: 'owner' },
  { to: '/activity', label: 'Activity', icon: Activity, group: 'Settings' },
  { to: '/settings', label: 'Settings', icon: Settings, group: 'Settings' },
  { to: '/settings/studio', label: 'Studio settings', icon: Mic, group: 'Settings' },
  { to: '/settings/publishing', label: 'Publishing accounts', icon: Share2, group: 'Settings' },
  { to: '/settings/webhooks', label: 'Webhooks', icon: Webhook, group: 'Settings', minRole: 'staff' },
  { to: '/status', label: 'System status', icon: Stethoscope, group: 'Settings' },
]

/**
 * The one entry a path belongs to: the longest `to` that is the path or a parent of it, so
 * /import/proposals lights "Proposals" only, /products/123 lights "Products".
 */
export function activeNav(items: readonly NavItem[], pathname: string): NavItem | undefined {
  let best: NavItem | undefined
  for (const n of items) {
    const hit = n.to === '/' ? pathname === '/' : pathname === n.to || pathname.startsWith(`${n.to}/`)
    if (hit && (!best || n.to.length > best.to.length)) best = n
  }
  return best
}
