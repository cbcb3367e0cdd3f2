import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createBrowserRouter, Outlet, RouterProvider, useRouteError } from 'react-router'
import { routes } from './routes'

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 10_000 } } })

function RouteError() {
  const error = useRouteError() as Error | { status?: number; statusText?: string }
  const notFound = 'status' in error && error.status === 404
  return (
    <main className="container">
      <h1>{notFound ? 'Page not found' : 'Something went wrong'}</h1>
      <p className="muted">{notFound ? 'Check the address, or go back to the start.' : 'Reload the page; if it keeps happening, tell us what you were doing.'}</p>
      <a href="/">Go to the start</a>
    </main>
  )
}

function Shell() {
  return (
    <main className="container">
      <Outlet />
    </main>
  )
}

const router = createBrowserRouter([{ path: '/', element: <Shell />, errorElement: <RouteError />, children: routes }])

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  )
}
