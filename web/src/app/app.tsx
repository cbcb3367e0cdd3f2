import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createBrowserRouter, RouterProvider, useRouteError } from 'react-router'
import { publicRoutes, routes } from './routes'

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 10_000 } } })

function RouteError() {
  const error = useRouteError() as Error | { status?: number; statusText?: string }
  const notFound = 'status' in error && error.status === 404
  return (
    <main style={{ maxWidth: 560, margin: '10vh auto', padding: 24, fontFamily: 'system-ui, sans-serif' }}>
      <h1>{notFound ? 'Page not found' : 'Something went wrong'}</h1>
      <p>{notFound ? 'Check the address, or go back to the start.' : 'Reload the page; if it keeps happening, tell us what you were doing.'}</p>
      <a href="/">Go to the start</a>
    </main>
  )
}

/** Shown while a page's chunk loads on the first visit (a spinner, not a blank screen). */
function PageLoading() {
  return (
    <p
      role="status"
      aria-busy="true"
      style={{ display: 'flex', minHeight: '60vh', alignItems: 'center', justifyContent: 'center', fontFamily: 'system-ui, sans-serif', color: '#64748b' }}
    >
      Loading…
    </p>
  )
}

const auth = (name: 'LoginPage' | 'SignupPage' | 'InvitePage' | 'TwoFactorPage' | 'LinkGooglePage') => async () => ({
  Component: (await import('../features/auth/auth-pages'))[name],
})

// Public pages first; every page in `routes` lives inside the signed-in dashboard (see nav.ts).
// The dashboard frame, sign-in pages and status page load the dashboard stylesheet with them.
const router = createBrowserRouter([
  { path: '/login', lazy: auth('LoginPage'), errorElement: <RouteError />, hydrateFallbackElement: <PageLoading /> },
  { path: '/login/two-factor', lazy: auth('TwoFactorPage'), errorElement: <RouteError />, hydrateFallbackElement: <PageLoading /> },
  { path: '/login/link-google', lazy: auth('LinkGooglePage'), errorElement: <RouteError />, hydrateFallbackElement: <PageLoading /> },
  { path: '/signup', lazy: auth('SignupPage'), errorElement: <RouteError />, hydrateFallbackElement: <PageLoading /> },
  { path: '/invite/:token', lazy: auth('InvitePage'), errorElement: <RouteError />, hydrateFallbackElement: <PageLoading /> },
  {
    path: '/status',
    lazy: async () => ({ Component: (await import('./status-route')).StatusRoute }),
    errorElement: <RouteError />,
    hydrateFallbackElement: <PageLoading />,
  },
  ...publicRoutes.map((r) => ({ ...r, errorElement: <RouteError />, hydrateFallbackElement: <PageLoading /> })),
  {
    path: '/',
    lazy: async () => ({ Component: (await import('./dashboard-layout')).DashboardLayout }),
    errorElement: <RouteError />,
    hydrateFallbackElement: <PageLoading />,
    children: routes,
  },
])

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  )
}
