import type { Database } from '../../db/types'
import type { Config } from './config'
import type { Logger } from './lib/logger'

/** Who is calling, filled by the auth middleware on authenticated routes. */
export type Principal = {
  kind: 'session' | 'api_token'
  userId: string | null
  merchantId: string
  role: 'owner' | 'staff' | 'viewer'
  sessionId?: string
  /** A session of an owner whose shop requires two-factor and who has not set it up yet. */
  mustSetUpTwoFactor?: boolean
}

/** The app-wide Hono type: Bindings come from `wrangler types`, Variables from middleware. */
export type AppEnv = {
  Bindings: Env
  Variables: {
    requestId: string
    /** The typed configuration (`configOf(env)`); read this, not raw `env` strings. */
    config: Config
    log: Logger
    db: Database
    principal?: Principal
  }
}
