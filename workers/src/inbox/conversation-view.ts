import type { Conversation, Message } from '../../../db/schema'
import { understoodSchema } from './schemas'

/**
 * What the dashboard shows of a conversation: the shopper's channel id stands in for an unknown
 * name; a shopper who erased their data shows as such, without their number.
 */
export const conversationView = (c: Conversation) => ({
  id: c.id,
  channel: c.channel,
  name: c.erasedAt ? 'Erased shopper' : c.name || c.externalUserId,
  externalUserId: c.erasedAt ? '' : c.externalUserId,
  erasedAt: c.erasedAt ? c.erasedAt.toISOString() : null,
  unread: c.unread,
  handoff: c.handoff,
  optedOut: c.optedOut,
})

/** One transcript message, without its provider payload (only what the bot understood of it). */
export const messageView = (m: Message) => ({
  id: m.id,
  direction: m.direction,
  author: m.author,
  type: m.type,
  text: m.text,
  status: m.status,
  createdAt: m.createdAt,
  understood: m.direction === 'inbound' ? (understoodSchema.safeParse(m.payload.understood).data ?? null) : null,
})
