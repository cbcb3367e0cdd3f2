/** What an API token may do, by route group (workers/src/auth/token-access.ts maps routes to them). */
export const API_TOKEN_SCOPES = ['catalog:read', 'catalog:write', 'orders', 'analytics'] as const
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number]

export const API_TOKEN_SCOPE_LABELS: Record<ApiTokenScope, string> = {
  'catalog:read': 'Read the catalog (products, links, storefront, media)',
  'catalog:write': 'Change the catalog',
  orders: 'Orders and the inbox',
  analytics: 'Analytics and events',
}
