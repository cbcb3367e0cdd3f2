/**
 * The events a merchant's webhook endpoints can subscribe to (docs/webhooks.md), with what each
 * means. `post.*` are declared for the publishing feature, which emits them.
 */
export const WEBHOOK_EVENTS = {
  'order.created': 'A shopper placed an order',
  'order.updated': "An order's status changed",
  'product.published': 'A product went live in the storefront',
  'product.updated': 'A product was edited',
  'proposal.ready': 'A video was read and a product proposal awaits review',
  'video.ready': 'A promo video finished rendering',
  'post.published': 'A post went out on a platform',
  'post.failed': 'A post could not be published',
  'conversation.handed_over': 'A shopper asked for a person',
} as const

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS

export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as [WebhookEventType, ...WebhookEventType[]]

/** The event the dashboard's "send test event" sends; endpoints need not subscribe to it. */
export const WEBHOOK_TEST_EVENT = 'webhook.test'
