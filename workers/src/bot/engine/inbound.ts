import { z } from 'zod'

/** What a shopper did, whatever the channel: the adapters normalise their updates into this. */
export const inboundEventSchema = z.object({
  channel: z.enum(['whatsapp', 'telegram']),
  /** WhatsApp phone_number_id or Telegram bot id: finds the merchant channel. */
  channelExternalId: z.string(),
  /** Provider id of this message (wamid, `tg:<bot>:<update_id>`). */
  externalId: z.string(),
  from: z.string(),
  name: z.string().default(''),
  sentAt: z.number().int(),
  kind: z.enum(['text', 'action', 'order', 'location', 'media', 'start', 'unsupported']),
  text: z.string().max(4096).default(''),
  /** Button / list row id for `action`. */
  actionId: z.string().max(256).optional(),
  /** Catalog cart for `order`. */
  items: z
    .array(
      z.object({ retailerId: z.string(), quantity: z.number().int().min(1), itemPrice: z.number().nonnegative().optional(), currency: z.string().optional() }),
    )
    .optional(),
  location: z.object({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() }).optional(),
  /** `context.referred_product.product_retailer_id` (a message sent from a product view). */
  referredProduct: z.string().optional(),
  /** Deep-link payload (`/start <ref>`). */
  startPayload: z.string().max(64).optional(),
  /** Telegram callback query id, answered so the button stops spinning. */
  callbackQueryId: z.string().optional(),
})
export type InboundEvent = z.infer<typeof inboundEventSchema>
