import { Hono } from 'hono'
import type { AppEnv } from './env'
import { healthRoutes } from './health/routes'
import { mediaRoutes } from './media/routes'
import { onError, onNotFound } from './middleware/error-handler'
import { requestContext } from './middleware/request-context'

/** Composes the feature routers. `AppType` gives the web app a typed client. */
export const app = new Hono<AppEnv>()
  .use('*', requestContext())
  .route('/api/health', healthRoutes)
  .route('/media', mediaRoutes)
  .get('/healthz', (c) => c.text('ok'))

app.onError(onError)
app.notFound(onNotFound)

export type AppType = typeof app
