import { createMiddleware } from 'hono/factory'
import { configOf } from '../config'
import { createDb } from '../db'
import type { AppEnv } from '../env'
import { createLogger } from '../lib/logger'

/**
 * Gives each request an id (kept from `x-request-id` when a proxy sent a sane one), a JSON
 * logger bound to it, and a database handle closed after the response.
 */
export const requestContext = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const incoming = c.req.header('x-request-id')
    const requestId = incoming && /^[\w.-]{8,100}$/.test(incoming) ? incoming : crypto.randomUUID()
    const config = configOf(c.env)
    const log = createLogger(config.LOG_LEVEL, { requestId })
    c.set('config', config)
    c.set('requestId', requestId)
    c.set('log', log)
    const { db, close } = createDb(config)
    c.set('db', db)
    const t0 = Date.now()
    try {
      await next()
    } finally {
      c.header('x-request-id', requestId)
      const path = new URL(c.req.url).pathname
      log.info('request', { method: c.req.method, path, status: c.res.status, ms: Date.now() - t0 })
      c.executionCtx.waitUntil(close().catch(() => {}))
    }
  })
