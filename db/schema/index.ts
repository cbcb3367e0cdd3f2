// The one barrel: drizzle needs every table in one object.
export * from './accounts'
export * from './analytics'
export * from './bot'
export * from './catalog'
export * from './jobs'
export * from './videos'
export * from './webhooks'
