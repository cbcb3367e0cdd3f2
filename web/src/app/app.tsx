import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createBrowserRouter, RouterProvider, useRouteError } from 'react-router'
import { InvitePage, LoginPage, SignupPage } from '../features/auth/auth-pages'
import { SystemStatus } from '../features/system/system-status'
import { DashboardLayout } from './dashboard-layout'
import { publicRoutes, routes } from './routes'

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 10_000 } } })

function RouteError() {
  const error = useRouteError() as Error | { status?: number; statusText?: string }
  const notFound = 'status' in error && error.status === 404
  return (
    <main className="container">
      <h1>{notFound ? 'Page not found' : 'Something went wrong'}</h1>
      <p className="muted">
        {notFound ? 'Check the address, or go back to the start.' : 'Reload the page; if it keeps happening, tell us what you were doing.'}
      </p>
      <a href="/">Go to the start</a>
    </main>
  )
}

// Public pages first; every page in `routes` lives inside the signed-in dashboard (see nav.ts).
const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  { path: '/signup', element: <SignupPage />, errorElement: <RouteError /> },
  { path: '/invite/:token', element: <InvitePage />, errorElement: <RouteError /> },
  {
    path: '/status',
    element: (
      <main className="container">
        <SystemStatus />
      </main>
    ),
    errorElement: <RouteError />,
  },
  ...publicRoutes.map((r) => ({ ...r, errorElement: <RouteError /> })),
  { path: '/', element: <DashboardLayout />, errorElement: <RouteError />, children: routes },
])

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  )
}
