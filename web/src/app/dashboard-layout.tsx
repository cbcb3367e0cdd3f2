import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router'
import { Loading } from '../components/ui/ui'
import { hasRole, logout as logOut, useMe } from '../lib/use-me'
import { NAV } from './nav'

/**
 * The signed-in dashboard: navigation (a sidebar on wide screens, a menu on phones) around the
 * page. Signed-out visitors go to /login and come back after.
 */
export function DashboardLayout() {
  const { data: me, isLoading, error } = useMe()
  const location = useLocation()
  const navigate = useNavigate()
  const qc = useQueryClient()
  const [menuOpen, setMenuOpen] = useState(false)
  const logout = useMutation({
    mutationFn: logOut,
    onSettled: () => {
      qc.clear()
      navigate('/login', { replace: true })
    },
  })
  if (isLoading) return <Loading label="Opening your shop…" />
  if (error) return <p className="error container">Could not reach the hub: {(error as Error).message}. Reload the page to try again.</p>
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
  const items = NAV.filter((n) => !n.minRole || hasRole(me, n.minRole))
  return (
    <div className={`dash ${menuOpen ? 'menu-open' : ''}`}>
      <header className="dash-top">
        <button type="button" className="menu-btn" aria-label="Menu" aria-expanded={menuOpen} onClick={() => setMenuOpen(!menuOpen)}>
          ☰
        </button>
        <strong className="brand">linkhub</strong>
        <span className="shop-name" data-testid="shop-name">
          {me.merchant?.name ?? 'No shop'}
        </span>
      </header>
      <nav className="dash-nav" aria-label="Dashboard">
        <div className="dash-nav-shop">
          <strong>{me.merchant?.name}</strong>
          <small className="muted">
            {me.user.email} · {me.merchant?.role}
          </small>
        </div>
        <ul>
          {items.map((n) => (
            <li key={n.to}>
              <NavLink to={n.to} end={n.end} onClick={() => setMenuOpen(false)}>
                <span aria-hidden="true">{n.icon}</span> {n.label}
              </NavLink>
            </li>
          ))}
        </ul>
        <button type="button" className="btn btn-ghost logout" onClick={() => logout.mutate()}>
          Log out
        </button>
      </nav>
      <main className="dash-main">
        <Outlet />
      </main>
    </div>
  )
}
