import { z } from '@hono/zod-openapi'

export const handshakeQuery = z.object({
  'hub.mode': z.string().optional().openapi({ example: 'subscribe' }),
  'hub.verify_token': z.string().optional().describe('Must equal the WHATSAPP_VERIFY_TOKEN the hub is configured with'),
  'hub.challenge': z.string().optional().describe('Echoed back when the token matches'),
})

/** Documented, and never refused by the router: a missing or wrong signature answers 401 from the handler. */
export const signatureHeaders = z.object({
  'X-Hub-Signature-256': z.string().optional().describe('`sha256=<hex HMAC of the raw body with the app secret>`'),
})

export const webhookAckSchema = z
  .object({
    ok: z.literal(true),
    ignored: z.literal(true).optional().describe('Signed, but of a shape the hub does not handle (another field, a test ping)'),
    queued: z.number().int().optional().describe('Messages queued for the bot'),
    duplicates: z.number().int().optional().describe('Messages seen before (a retried delivery)'),
    stale: z.number().int().optional().describe("Messages older than Meta's 7-day retry window, not processed"),
  })
  .openapi('WhatsAppWebhookAck')

/** POST /api/channels/whatsapp */
export const connectWhatsAppBody = z.object({
  phoneNumberId: z.string().regex(/^\d{5,20}$/, 'the numeric phone number id from Meta (WhatsApp → API setup)'),
  accessToken: z.string().trim().min(20, 'paste the permanent access token').max(1000),
  displayName: z.string().trim().max(80).default(''),
})
