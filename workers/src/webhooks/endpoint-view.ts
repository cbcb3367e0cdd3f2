import type { WebhookEndpointHealth } from '../../../db/queries/webhooks'
import type { WebhookEndpoint } from '../../../db/schema'

const iso = (d: Date | null) => d?.toISOString() ?? null

/** An endpoint as the API shows it: never its secret; health from its last day of attempts. */
export function endpointView(e: WebhookEndpoint & Partial<Omit<WebhookEndpointHealth, keyof WebhookEndpoint>>) {
  const attempts24h = e.attempts24h ?? 0
  const failures24h = e.failures24h ?? 0
  const state = !e.enabled ? 'disabled' : e.failingSince ? 'failing' : e.lastSuccessAt ? 'healthy' : 'new'
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: e.events,
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    disabledAt: iso(e.disabledAt),
    failingSince: iso(e.failingSince),
    lastSuccessAt: iso(e.lastSuccessAt),
    lastFailureAt: iso(e.lastFailureAt),
    health: {
      state: state as 'healthy' | 'failing' | 'disabled' | 'new',
      attempts24h,
      failures24h,
      failedDeliveries: e.failedDeliveries ?? 0,
      pendingDeliveries: e.pendingDeliveries ?? 0,
    },
    createdAt: e.createdAt.toISOString(),
  }
}
