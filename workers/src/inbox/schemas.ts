import { z } from '@hono/zod-openapi'
import { INTENTS } from '../bot/intent/intents'
import { orderSchema } from '../orders/schemas'

const channelSchema = z.enum(['whatsapp', 'telegram'])

export const conversationIdParam = z.object({ id: z.uuid() })
export const replyBody = z.object({ text: z.string().trim().min(1).max(4096) })
export const handoffBody = z.object({ handoff: z.boolean().describe('true: pause the bot (a person replies); false: hand back to it') })

/** What every view of a conversation shows. */
const conversationFields = {
  id: z.uuid(),
  channel: channelSchema,
  name: z.string().describe("The shopper's name, or their channel id when unknown"),
  externalUserId: z.string(),
  unread: z.number().int(),
  handoff: z.boolean(),
  optedOut: z.boolean(),
  /** The shopper's data was erased (at their request or the merchant's); null otherwise. */
  erasedAt: z.string().nullable(),
}

export const conversationRowSchema = z
  .object({ ...conversationFields, lastText: z.string().nullable(), lastMessageAt: z.iso.datetime().nullable() })
  .openapi('ConversationRow')

export const conversationListSchema = z.object({ items: z.array(conversationRowSchema) }).openapi('ConversationList')

/** What the bot understood of a shopper's text: kept on the message by the bot's turn. */
export const understoodSchema = z
  .object({
    intent: z.enum(INTENTS),
    confidence: z.number(),
    source: z.enum(['rules', 'llm', 'taught']).describe('taught: one of the phrases the shop taught decided'),
    taughtPhrase: z.string().optional().describe('The taught phrase that decided it'),
  })
  .openapi('Understood')

export const messageSchema = z
  .object({
    id: z.uuid(),
    direction: z.enum(['inbound', 'outbound']),
    author: z.string().describe('shopper, bot, merchant or system'),
    type: z.string(),
    text: z.string(),
    status: z.string(),
    createdAt: z.iso.datetime(),
    understood: understoodSchema.nullable().optional().describe("What the bot understood of a shopper's text (null when it did not read it as free text)"),
  })
  .openapi('Message')

export const cartLineSchema = z
  .object({
    productId: z.uuid(),
    variantId: z.uuid().nullable(),
    title: z.string(),
    unitPriceMinor: z.number().int(),
    currency: z.string(),
    quantity: z.number().int(),
  })
  .openapi('CartLine')

export const conversationDetailSchema = z
  .object({
    conversation: z.object({ ...conversationFields, ref: z.string().nullable(), lastInboundAt: z.iso.datetime().nullable() }),
    cart: z.array(cartLineSchema),
    step: z.string().describe('Where the shopper is in the dialogue (idle, checkout_name, …)'),
    messages: z.array(messageSchema),
    orders: z.array(orderSchema),
  })
  .openapi('ConversationDetail')

export const okSchema = z.object({ ok: z.literal(true) })
export const replyResponseSchema = z
  .object({
    message: messageSchema.omit({ type: true }).nullable().describe('null if the message was not stored'),
  })
  .openapi('InboxReply')
export const handoffResponseSchema = z.object({ ok: z.literal(true), handoff: z.boolean() })
