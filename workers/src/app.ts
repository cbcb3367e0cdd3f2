import { Hono } from 'hono'
import { inviteRoutes, memberRoutes, shopRoutes, tokenRoutes } from './accounts/routes'
import { authRoutes } from './auth/routes'
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
  .route('/api/auth', authRoutes)
  .route('/api/shop', shopRoutes)
  .route('/api/members', memberRoutes)
  .route('/api/invites', inviteRoutes)
  .route('/api/tokens', tokenRoutes)
  .get('/healthz', (c) => c.text('ok'))

app.onError(onError)
app.notFound(onNotFound)

export type AppType = typeof app
