import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Check, ChevronsUpDown, LogOut, Menu, Monitor, Moon, Search, Sun } from 'lucide-react'
import { Dialog as DialogPrimitive } from 'radix-ui'
import { type ReactNode, useEffect, useState } from 'react'
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router'
import {
  Button,
  cn,
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
  ErrorNote,
  Loading,
  SheetContent,
  Toaster,
  toast,
} from '../components/ui/ui'
import { call, client } from '../lib/api-client'
import { applyTheme, setTheme, type ThemeChoice, useTheme } from '../lib/theme'
import { hasRole, logout as logOut, ME_KEY, type Me, useMe } from '../lib/use-me'
import { CommandPalette } from './command-palette'
import { activeNav, NAV, type NavItem } from './nav'
import '../styles/dashboard.css'

// The merchant's light/dark choice applies to the dashboard (public pages use the shop's theme).
applyTheme()

const GROUPS: NavItem['group'][] = ['Shop', 'Catalog', 'Sell', 'Settings']

function NavList({ items, active, onNavigate }: { items: NavItem[]; active?: NavItem; onNavigate?: () => void }) {
  return (
    <div className="flex flex-col gap-5">
      {GROUPS.map((g) => {
        const inGroup = items.filter((n) => n.group === g)
        if (!inGroup.length) return null
        return (
          <div key={g} className="flex flex-col gap-0.5">
            <p className="px-3 pb-1 text-xs font-medium text-muted-foreground">{g}</p>
            {inGroup.map((n) => {
              const on = n === active
              return (
                <Link
                  key={n.to}
                  to={n.to}
                  onClick={onNavigate}
                  aria-current={on ? 'page' : undefined}
                  className={cn(
                    'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium no-underline transition-colors hover:bg-muted hover:text-foreground',
                    on ? 'bg-accent text-accent-foreground' : 'text-sidebar-foreground',
                  )}
                >
                  <n.icon className="size-4 shrink-0" aria-hidden="true" />
                  {n.label}
                </Link>
              )
            })}
          </div>
        )
      })}
    </div>
  )
}

const THEMES: { value: ThemeChoice; label: string; icon: typeof Sun }[] = [
  { value: 'light', label: 'Light', icon: Sun },
  { value: 'dark', label: 'Dark', icon: Moon },
  { value: 'system', label: 'Device setting', icon: Monitor },
]

/** The account menu: switch shop, theme, log out. */
function AccountMenu({ me, compact }: { me: Me; compact?: boolean }) {
  const qc = useQueryClient()
  const navigate = useNavigate()
  const theme = useTheme()
  const logout = useMutation({
    mutationFn: logOut,
    onSettled: () => {
      qc.clear()
      navigate('/login', { replace: true })
    },
  })
  const switchShop = useMutation({
    mutationFn: (merchantId: string) => call(client.api.auth.switch.$post({ json: { merchantId } })),
    onSuccess: (next) => {
      qc.clear()
      qc.setQueryData(ME_KEY, next)
      navigate('/')
      toast.success(`Switched to ${next.merchant?.name ?? 'the shop'}`)
    },
    onError: toast.error,
  })
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <button
          type="button"
          className={cn(
            'flex min-w-0 cursor-pointer items-center gap-2 rounded-md text-left hover:bg-muted',
            compact ? 'shrink-0 p-1.5' : 'w-full border bg-card px-3 py-2 shadow-xs',
          )}
          aria-label={compact ? `Account and shop: ${me.merchant?.name ?? 'no shop'}` : undefined}
        >
          <span
            className="flex size-8 shrink-0 items-center justify-center rounded-md bg-primary text-sm font-semibold text-primary-foreground"
            aria-hidden="true"
          >
            {(me.merchant?.name ?? '?').slice(0, 1).toUpperCase()}
          </span>
          {compact ? null : (
            <span className="flex min-w-0 flex-1 flex-col">
              <strong className="truncate text-sm" data-testid="shop-name">
                {me.merchant?.name ?? 'No shop'}
              </strong>
              <span className="truncate text-xs text-muted-foreground">
                {me.user.email} · {me.merchant?.role}
              </span>
            </span>
          )}
          {compact ? null : <ChevronsUpDown className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />}
        </button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align={compact ? 'end' : 'start'} className="w-64">
        {me.shops.length > 1 ? (
          <>
            <DropdownMenuLabel>Shops</DropdownMenuLabel>
            {me.shops.map((s) => (
              <DropdownMenuItem key={s.merchantId} onSelect={() => s.merchantId !== me.merchant?.id && switchShop.mutate(s.merchantId)}>
                <span className="flex-1 truncate">{s.name}</span>
                {s.merchantId === me.merchant?.id ? <Check aria-label="current shop" /> : null}
              </DropdownMenuItem>
            ))}
            <DropdownMenuSeparator />
          </>
        ) : null}
        <DropdownMenuLabel>Appearance</DropdownMenuLabel>
        {THEMES.map((t) => (
          <DropdownMenuItem key={t.value} onSelect={() => setTheme(t.value)}>
            <t.icon aria-hidden="true" />
            <span className="flex-1">{t.label}</span>
            {theme === t.value ? <Check aria-label="selected" /> : null}
          </DropdownMenuItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => logout.mutate()}>
          <LogOut aria-hidden="true" /> Log out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  )
}

/**
 * The signed-in frame around a page: a full-height sidebar on wide screens; on phones a top bar
 * and a bottom bar with the four most used pages, the rest in a sheet ("More").
 */
export function DashboardShell({ me, children }: { me: Me; children: ReactNode }) {
  const location = useLocation()
  const [sheetOpen, setSheetOpen] = useState(false)
  const [paletteOpen, setPaletteOpen] = useState(false)
  const items = NAV.filter((n) => !n.minRole || hasRole(me, n.minRole))
  const active = activeNav(items, location.pathname)
  const phoneItems = items.filter((n) => n.phone)

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() === 'k' && (e.metaKey || e.ctrlKey)) {
        e.preventDefault()
        setPaletteOpen((o) => !o)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const searchButton = (
    <button
      type="button"
      onClick={() => setPaletteOpen(true)}
      className="flex h-9 w-full cursor-pointer items-center gap-2 rounded-md border bg-card px-3 text-sm text-muted-foreground shadow-xs hover:text-foreground"
    >
      <Search className="size-4" aria-hidden="true" />
      <span className="flex-1 text-left">Jump to…</span>
      <kbd className="hidden rounded border bg-muted px-1.5 font-mono text-[10px] md:inline">Ctrl K</kbd>
    </button>
  )

  return (
    <div className="min-h-dvh bg-background text-foreground md:grid md:grid-cols-[16rem_1fr]">
      <a href="#main" className="sr-only z-50 rounded-md bg-primary px-3 py-2 text-primary-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2">
        Skip to content
      </a>
      <aside className="sticky top-0 hidden h-dvh flex-col gap-4 overflow-y-auto border-r bg-sidebar p-3 md:flex" aria-label="Sidebar">
        <Link to="/" className="px-2 pt-1 text-lg font-bold tracking-tight no-underline">
          linkhub
        </Link>
        <AccountMenu me={me} />
        {searchButton}
        <nav aria-label="Dashboard" className="flex-1">
          <NavList items={items} active={active} />
        </nav>
      </aside>

      <header className="sticky top-0 z-30 flex items-center gap-2 border-b bg-background/95 px-3 py-2 backdrop-blur md:hidden">
        <Link to="/" className="text-base font-bold tracking-tight no-underline">
          linkhub
        </Link>
        <span className="min-w-0 flex-1 truncate text-sm text-muted-foreground" data-testid="shop-name-phone">
          {me.merchant?.name}
        </span>
        <Button variant="ghost" size="icon" aria-label="Jump to" onClick={() => setPaletteOpen(true)}>
          <Search aria-hidden="true" />
        </Button>
        <AccountMenu me={me} compact />
      </header>

      <main id="main" className="min-w-0 px-4 pt-5 pb-24 md:px-8 md:pt-8 md:pb-10">
        <div className="mx-auto w-full max-w-6xl">{children}</div>
      </main>

      <nav
        aria-label="Dashboard (phone)"
        className="fixed inset-x-0 bottom-0 z-30 grid grid-cols-5 border-t bg-background/95 pb-[env(safe-area-inset-bottom)] backdrop-blur md:hidden"
      >
        {phoneItems.map((n) => (
          <Link
            key={n.to}
            to={n.to}
            aria-current={n === active ? 'page' : undefined}
            className={cn(
              'flex flex-col items-center gap-0.5 py-2 text-[11px] font-medium no-underline',
              n === active ? 'text-primary' : 'text-muted-foreground',
            )}
          >
            <n.icon className="size-5" aria-hidden="true" />
            {n.label}
          </Link>
        ))}
        <DialogPrimitive.Root open={sheetOpen} onOpenChange={setSheetOpen}>
          <DialogPrimitive.Trigger
            className={cn(
              'flex cursor-pointer flex-col items-center gap-0.5 py-2 text-[11px] font-medium',
              active && !active.phone ? 'text-primary' : 'text-muted-foreground',
            )}
            aria-label="More pages"
          >
            <Menu className="size-5" aria-hidden="true" />
            More
          </DialogPrimitive.Trigger>
          <SheetContent title="All pages" side="left">
            <p className="px-3 pt-1 text-lg font-bold">linkhub</p>
            <nav aria-label="All pages">
              <NavList items={items} active={active} onNavigate={() => setSheetOpen(false)} />
            </nav>
          </SheetContent>
        </DialogPrimitive.Root>
      </nav>

      <CommandPalette open={paletteOpen} onOpenChange={setPaletteOpen} pages={items} />
      <Toaster />
    </div>
  )
}

/** The signed-in dashboard. Signed-out visitors go to /login and come back after. */
export function DashboardLayout() {
  const { data: me, isLoading, error } = useMe()
  const location = useLocation()
  if (isLoading) return <Loading label="Opening your shop…" className="min-h-dvh justify-center" />
  if (error)
    return (
      <div className="mx-auto max-w-lg p-6">
        <ErrorNote error={`Could not reach the hub: ${(error as Error).message}. Reload the page to try again.`} />
      </div>
    )
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
  // A shop that requires two-factor of its owners: an owner without it sets it up before anything else.
  if (me.twoFactor.setupRequired && location.pathname !== '/settings/security') return <Navigate to="/settings/security" replace />
  return (
    <DashboardShell me={me}>
      <Outlet />
    </DashboardShell>
  )
}
