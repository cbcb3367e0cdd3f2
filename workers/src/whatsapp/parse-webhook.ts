import { z } from '@hono/zod-openapi'
import type { InboundEvent } from '../bot/engine/inbound'

// Only the fields we read are declared; everything else passes through (Meta adds fields often).
const messageSchema = z
  .object({
    from: z.string(),
    id: z.string(),
    timestamp: z.string(),
    type: z.string(),
    text: z.object({ body: z.string() }).optional(),
    context: z
      .object({ referred_product: z.object({ catalog_id: z.string().optional(), product_retailer_id: z.string() }).optional() })
      .passthrough()
      .optional(),
    interactive: z
      .object({
        type: z.string(),
        button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
        list_reply: z.object({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
      })
      .passthrough()
      .optional(),
    button: z.object({ payload: z.string().optional(), text: z.string() }).optional(),
    order: z
      .object({
        catalog_id: z.string().optional(),
        text: z.string().optional(),
        product_items: z.array(
          z.object({
            product_retailer_id: z.string(),
            quantity: z.coerce.number().int().min(1),
            item_price: z.coerce.number().optional(),
            currency: z.string().optional(),
          }),
        ),
      })
      .optional(),
    location: z.object({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() }).optional(),
    image: z.object({ caption: z.string().optional() }).passthrough().optional(),
    referral: z.object({ source_url: z.string().optional(), headline: z.string().optional() }).passthrough().optional(),
  })
  .passthrough()

const statusSchema = z.object({ id: z.string(), status: z.string(), timestamp: z.string(), recipient_id: z.string().optional() }).passthrough()

export const whatsAppWebhookSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      id: z.string(),
      changes: z.array(
        z.object({
          field: z.string(),
          value: z
            .object({
              metadata: z.object({ phone_number_id: z.string(), display_phone_number: z.string().optional() }).optional(),
              contacts: z.array(z.object({ wa_id: z.string().optional(), profile: z.object({ name: z.string().optional() }).optional() })).optional(),
              messages: z.array(messageSchema).optional(),
              statuses: z.array(statusSchema).optional(),
            })
            .passthrough(),
        }),
      ),
    }),
  ),
})
export type WhatsAppWebhook = z.infer<typeof whatsAppWebhookSchema>

export type WhatsAppStatus = { phoneNumberId: string; id: string; status: string; timestamp: number }

/** Flattens a webhook delivery into channel-agnostic inbound events and delivery statuses. */
export function parseWhatsAppWebhook(body: WhatsAppWebhook): { events: InboundEvent[]; statuses: WhatsAppStatus[] } {
  const events: InboundEvent[] = []
  const statuses: WhatsAppStatus[] = []
  for (const entry of body.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue
      const v = change.value
      const phoneNumberId = v.metadata?.phone_number_id
      if (!phoneNumberId) continue
      for (const s of v.statuses ?? []) statuses.push({ phoneNumberId, id: s.id, status: s.status, timestamp: Number(s.timestamp) })
      for (const m of v.messages ?? []) {
        const name = v.contacts?.find((c) => c.wa_id === m.from)?.profile?.name ?? v.contacts?.[0]?.profile?.name ?? ''
        const base = {
          channel: 'whatsapp' as const,
          channelExternalId: phoneNumberId,
          externalId: m.id,
          from: m.from,
          name,
          sentAt: Number(m.timestamp) * 1000,
        }
        const referredProduct = m.context?.referred_product?.product_retailer_id
        const reply = m.interactive?.button_reply ?? m.interactive?.list_reply
        if (m.type === 'text' && m.text) events.push({ ...base, kind: 'text', text: m.text.body.slice(0, 4096), referredProduct })
        else if (m.type === 'interactive' && reply) events.push({ ...base, kind: 'action', actionId: reply.id, text: reply.title })
        else if (m.type === 'button' && m.button)
          events.push({ ...base, kind: m.button.payload ? 'action' : 'text', actionId: m.button.payload, text: m.button.text })
        else if (m.type === 'order' && m.order)
          events.push({
            ...base,
            kind: 'order',
            text: m.order.text ?? '',
            items: m.order.product_items.map((i) => ({
              retailerId: i.product_retailer_id,
              quantity: i.quantity,
              itemPrice: i.item_price,
              currency: i.currency,
            })),
          })
        else if (m.type === 'location' && m.location)
          events.push({ ...base, kind: 'location', text: m.location.address ?? m.location.name ?? '', location: m.location })
        else if (['image', 'video', 'audio', 'voice', 'document', 'sticker'].includes(m.type))
          events.push({ ...base, kind: 'media', text: m.image?.caption ?? `[${m.type}]`, referredProduct })
        else if (m.type === 'reaction' || m.type === 'system' || m.type === 'ephemeral') continue
        else events.push({ ...base, kind: 'unsupported', text: `[${m.type}]` })
      }
    }
  }
  return { events, statuses }
}
