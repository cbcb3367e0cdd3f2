import { useQuery } from '@tanstack/react-query'
import { MessageCircle, Package, ShoppingBag, Sparkles, Video } from 'lucide-react'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { CommandDialog, CommandEmpty, CommandGroup, CommandItem } from '../components/ui/command'
import { formatMoney } from '../components/ui/ui'
import { call, client } from '../lib/api-client'
import { useDebounced } from '../lib/use-debounced'
import type { NavItem } from './nav'

const matches = (text: string, q: string) => text.toLowerCase().includes(q.toLowerCase())

/**
 * ⌘K / Ctrl+K: jump to a page, a product (searched by the API, typo-tolerant), an order (by
 * number or customer) or a conversation (by shopper name).
 */
export function CommandPalette({ open, onOpenChange, pages }: { open: boolean; onOpenChange: (o: boolean) => void; pages: NavItem[] }) {
  const navigate = useNavigate()
  const [search, setSearch] = useState('')
  const q = useDebounced(search.trim(), 150)

  const products = useQuery({
    queryKey: ['palette', 'products', q],
    queryFn: () => call(client.api.products.$get({ query: { q, limit: '6' } })),
    enabled: open && q.length > 0,
  })
  const orders = useQuery({ queryKey: ['palette', 'orders'], queryFn: () => call(client.api.orders.$get({ query: {} })), enabled: open, staleTime: 30_000 })
  const videos = useQuery({
    queryKey: ['palette', 'studio'],
    queryFn: () => call(client.api.studio.videos.$get({ query: { limit: '50' } })),
    enabled: open && pages.some((p) => p.to === '/studio'),
    staleTime: 30_000,
  })
  const chats = useQuery({ queryKey: ['palette', 'chats'], queryFn: () => call(client.api.inbox.conversations.$get()), enabled: open, staleTime: 30_000 })

  const go = (to: string) => {
    onOpenChange(false)
    setSearch('')
    navigate(to)
  }
  const shownPages = q ? pages.filter((p) => matches(p.label, q)) : pages
  // Things to do, not places: shown when the page they start from is one the member may open.
  const actions = [{ to: '/studio?new=1', label: 'New video (studio)', keywords: 'make create video studio ai', icon: Sparkles, page: '/studio' }]
  const shownActions = actions.filter((a) => pages.some((p) => p.to === a.page) && (!q || matches(`${a.label} ${a.keywords}`, q)))
  const shownOrders = (orders.data?.items ?? []).filter((o) => !q || matches(`${o.number} ${o.customerName}`, q)).slice(0, 5)
  const shownChats = (chats.data?.items ?? []).filter((c) => !q || matches(c.name, q)).slice(0, 5)
  const shownVideos = q ? (videos.data?.items ?? []).filter((v) => v.title && matches(v.title, q)).slice(0, 5) : []
  const shownProducts = q ? (products.data?.items ?? []) : []

  return (
    <CommandDialog
      open={open}
      onOpenChange={onOpenChange}
      search={search}
      onSearchChange={setSearch}
      shouldFilter={false}
      placeholder="Jump to a page, product, order or chat…"
    >
      <CommandEmpty>{products.isFetching ? 'Searching…' : `Nothing matches “${search}”.`}</CommandEmpty>
      {shownProducts.length ? (
        <CommandGroup heading="Products">
          {shownProducts.map((p) => (
            <CommandItem key={p.id} value={`product-${p.id}`} onSelect={() => go(`/products/${p.id}`)}>
              <ShoppingBag aria-hidden="true" />
              <span className="flex-1 truncate">{p.title}</span>
              <span className="text-xs text-muted-foreground">{formatMoney(p.priceMinor, p.currency)}</span>
            </CommandItem>
          ))}
        </CommandGroup>
      ) : null}
      {shownOrders.length ? (
        <CommandGroup heading="Orders">
          {shownOrders.map((o) => (
            <CommandItem key={o.id} value={`order-${o.id}`} onSelect={() => go(`/orders?order=${encodeURIComponent(o.number)}`)}>
              <Package aria-hidden="true" />
              <span className="flex-1 truncate">
                {o.number} · {o.customerName || 'Shopper'}
              </span>
              <span className="text-xs text-muted-foreground">{o.status}</span>
            </CommandItem>
          ))}
        </CommandGroup>
      ) : null}
      {shownVideos.length ? (
        <CommandGroup heading="Studio videos">
          {shownVideos.map((v) => (
            <CommandItem key={v.id} value={`video-${v.id}`} onSelect={() => go(`/studio/${v.id}`)}>
              <Video aria-hidden="true" />
              <span className="flex-1 truncate">{v.title}</span>
              <span className="text-xs text-muted-foreground">{v.status.replace('_', ' ')}</span>
            </CommandItem>
          ))}
        </CommandGroup>
      ) : null}
      {shownChats.length ? (
        <CommandGroup heading="Conversations">
          {shownChats.map((c) => (
            <CommandItem key={c.id} value={`chat-${c.id}`} onSelect={() => go(`/inbox?c=${c.id}`)}>
              <MessageCircle aria-hidden="true" />
              <span className="flex-1 truncate">{c.name}</span>
              <span className="text-xs text-muted-foreground">{c.channel}</span>
            </CommandItem>
          ))}
        </CommandGroup>
      ) : null}
      {shownActions.length ? (
        <CommandGroup heading="Actions">
          {shownActions.map((a) => (
            <CommandItem key={a.to} value={`action-${a.to}`} onSelect={() => go(a.to)}>
              <a.icon aria-hidden="true" />
              {a.label}
            </CommandItem>
          ))}
        </CommandGroup>
      ) : null}
      {shownPages.length ? (
        <CommandGroup heading="Pages">
          {shownPages.map((p) => (
            <CommandItem key={p.to} value={`page-${p.to}`} onSelect={() => go(p.to)}>
              <p.icon aria-hidden="true" />
              {p.label}
            </CommandItem>
          ))}
        </CommandGroup>
      ) : null}
    </CommandDialog>
  )
}
