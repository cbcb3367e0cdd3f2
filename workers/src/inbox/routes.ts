import { Hono } from 'hono'
import { z } from 'zod'
import { getConversation, listConversations, listMessages, updateConversation } from '../../../db/queries/conversations'
import { listOrders } from '../../../db/queries/orders'
import { readState } from '../bot/engine/state'
import { sendToConversation } from '../bot/send-to-conversation'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { validate } from '../lib/validate'
import { merchantIdOf, requireMember } from '../middleware/auth'

const idParam = z.object({ id: z.uuid() })

async function conversationOrThrow(c: { var: AppEnv['Variables'] }, merchantId: string, id: string) {
  const conversation = await getConversation(c.var.db, merchantId, id)
  if (!conversation) throw new AppError('not_found', 'conversation not found')
  return conversation
}

export const inboxRoutes = new Hono<AppEnv>()
  .use('*', requireMember('viewer'))
  // GET /api/inbox/conversations – the inbox, newest first, with unread counts
  .get('/conversations', async (c) => {
    const rows = await listConversations(c.var.db, merchantIdOf(c))
    return c.json({
      items: rows.map((r) => ({
        id: r.id,
        channel: r.channel,
        name: r.name || r.externalUserId,
        externalUserId: r.externalUserId,
        unread: r.unread,
        handoff: r.handoff,
        optedOut: r.optedOut,
        lastText: r.lastText,
        lastMessageAt: r.lastMessageAt,
      })),
    })
  })
  // GET /api/inbox/conversations/:id – transcript, cart and orders
  .get('/conversations/:id', validate('param', idParam), async (c) => {
    const merchantId = merchantIdOf(c)
    const conversation = await conversationOrThrow(c, merchantId, c.req.valid('param').id)
    const [messages, orders] = await Promise.all([
      listMessages(c.var.db, merchantId, conversation.id),
      listOrders(c.var.db, merchantId, { conversationId: conversation.id, limit: 20 }),
    ])
    const state = readState(conversation.state)
    return c.json({
      conversation: {
        id: conversation.id,
        channel: conversation.channel,
        name: conversation.name || conversation.externalUserId,
        externalUserId: conversation.externalUserId,
        unread: conversation.unread,
        handoff: conversation.handoff,
        optedOut: conversation.optedOut,
        ref: conversation.ref,
        lastInboundAt: conversation.lastInboundAt,
      },
      cart: state.cart,
      step: state.step,
      messages: messages.map((m) => ({
        id: m.id,
        direction: m.direction,
        author: m.author,
        type: m.type,
        text: m.text,
        status: m.status,
        createdAt: m.createdAt,
      })),
      orders,
    })
  })
  // POST /api/inbox/conversations/:id/read – mark as read
  .post('/conversations/:id/read', requireMember('staff'), validate('param', idParam), async (c) => {
    const conversation = await conversationOrThrow(c, merchantIdOf(c), c.req.valid('param').id)
    await updateConversation(c.var.db, conversation.id, { unread: 0 })
    return c.json({ ok: true })
  })
  // POST /api/inbox/conversations/:id/reply – the merchant writes to the shopper (through the OUTBOX)
  .post(
    '/conversations/:id/reply',
    requireMember('staff'),
    validate('param', idParam),
    validate('json', z.object({ text: z.string().trim().min(1).max(4096) })),
    async (c) => {
      const conversation = await conversationOrThrow(c, merchantIdOf(c), c.req.valid('param').id)
      if (conversation.optedOut) throw new AppError('conflict', 'this shopper opted out of messages')
      const message = await sendToConversation({ db: c.var.db, env: c.env }, conversation, [{ kind: 'text', text: c.req.valid('json').text }], {
        author: 'merchant',
      })
      await updateConversation(c.var.db, conversation.id, { unread: 0, lastMessageAt: new Date() })
      return c.json(
        {
          message: message && {
            id: message.id,
            text: message.text,
            status: message.status,
            author: message.author,
            direction: message.direction,
            createdAt: message.createdAt,
          },
        },
        201,
      )
    },
  )
  // POST /api/inbox/conversations/:id/handoff – pause the bot (a person replies) or hand back to it
  .post('/conversations/:id/handoff', requireMember('staff'), validate('param', idParam), validate('json', z.object({ handoff: z.boolean() })), async (c) => {
    const conversation = await conversationOrThrow(c, merchantIdOf(c), c.req.valid('param').id)
    const { handoff } = c.req.valid('json')
    await updateConversation(c.var.db, conversation.id, { handoff })
    if (!handoff && conversation.handoff && !conversation.optedOut) {
      await sendToConversation(
        { db: c.var.db, env: c.env },
        conversation,
        [{ kind: 'text', text: 'Thanks for chatting with us! The shop assistant bot is back: type "menu" to see the options.' }],
        { author: 'system' },
      )
    }
    return c.json({ ok: true, handoff })
  })
