import { z } from '@hono/zod-openapi'

/** POST /api/events: what a public page reports (sendBeacon posts it as text/plain). */
export const beaconSchema = z
  .object({
    shopId: z.uuid(),
    events: z
      .array(
        z.object({
          type: z.enum(['order_tap', 'link_click']),
          productId: z.uuid().optional(),
          ref: z.string().max(80).optional(),
          channel: z.enum(['whatsapp', 'telegram', 'link']).optional(),
        }),
      )
      .min(1)
      .max(20),
  })
  .openapi('EventBeacon')
export type Beacon = z.infer<typeof beaconSchema>

export const rangeQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30).openapi({ description: 'The period: this many days up to now (1–365, default 30)' }),
})

const stages = {
  views: z.number().int(),
  clicks: z.number().int().openapi({ description: 'Short link clicks and QR scans' }),
  taps: z.number().int().openapi({ description: 'Order-button taps' }),
  chats: z.number().int().openapi({ description: 'Chats started: in the funnel and series every one; per product/video/link the attributed ones' }),
  orders: z.number().int().openapi({ description: 'Orders placed: in the funnel and series every one; per product/video/link the attributed ones' }),
}
const stageRow = z.object({ id: z.string(), label: z.string(), ...stages })

export const analyticsSchema = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    /** One entry per day of the period, zeros included. */
    series: z.array(z.object({ day: z.string().openapi({ example: '2025-06-01' }), ...stages })),
    funnel: z.object(stages),
    products: z.array(stageRow),
    videos: z.array(stageRow),
    links: z.array(
      stageRow.extend({
        label: z.string().openapi({ description: 'The link’s name (its code when it has none)' }),
        code: z.string(),
      }),
    ),
    /** Every chat and order of the period by where it came from; `direct` when from none of them. */
    sources: z.array(
      z.object({
        kind: z.enum(['link', 'video', 'storefront', 'direct']),
        id: z.string().nullable().openapi({ description: 'The link or video id; null for storefront and direct' }),
        label: z.string(),
        chats: z.number().int(),
        orders: z.number().int(),
      }),
    ),
    devices: z.array(z.object({ label: z.string(), events: z.number().int() })),
  })
  .openapi('Analytics')
