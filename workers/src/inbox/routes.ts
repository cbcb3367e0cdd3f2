// /api/inbox – the merchant's chat inbox: conversations, transcripts, replies and bot handoff
import { createRouter, errors, json, memberRoute } from '../lib/openapi'
import { merchantIdOf } from '../middleware/auth'
import { getConversationDetail } from './get-conversation-detail'
import { listInbox } from './list-inbox'
import { markConversationRead } from './mark-read'
import { replyToShopper } from './reply-to-shopper'
import {
  conversationDetailSchema,
  conversationIdParam,
  conversationListSchema,
  handoffBody,
  handoffResponseSchema,
  okSchema,
  replyBody,
  replyResponseSchema,
} from './schemas'
import { setHandoff } from './set-handoff'

const TAGS: ['Inbox'] = ['Inbox']

// GET /api/inbox/conversations – the inbox, newest first, with unread counts
const listConversationsRoute = memberRoute('viewer', {
  method: 'get',
  path: '/conversations',
  tags: TAGS,
  summary: 'Conversations, newest activity first, with unread counts',
  responses: { 200: json(conversationListSchema, 'At most 100 conversations') },
})

// GET /api/inbox/conversations/:id – transcript, cart and orders
const getConversationRoute = memberRoute('viewer', {
  method: 'get',
  path: '/conversations/{id}',
  tags: TAGS,
  summary: "One conversation: transcript, the shopper's cart and orders",
  request: { params: conversationIdParam },
  responses: { 200: json(conversationDetailSchema, 'The conversation'), ...errors('not_found') },
})

// POST /api/inbox/conversations/:id/read – mark as read
const markReadRoute = memberRoute('staff', {
  method: 'post',
  path: '/conversations/{id}/read',
  tags: TAGS,
  summary: 'Mark a conversation as read',
  request: { params: conversationIdParam },
  responses: { 200: json(okSchema, 'Marked read'), ...errors('not_found') },
})

// POST /api/inbox/conversations/:id/reply – the merchant writes to the shopper (through the OUTBOX)
const replyRoute = memberRoute('staff', {
  method: 'post',
  path: '/conversations/{id}/reply',
  tags: TAGS,
  summary: 'Reply to the shopper',
  description: 'The message is stored and sent in the background through the outbox; its `status` follows delivery.',
  request: { params: conversationIdParam, body: { content: { 'application/json': { schema: replyBody } }, required: true } },
  responses: { 201: json(replyResponseSchema, 'The stored message'), ...errors('not_found', 'conflict') },
})

// POST /api/inbox/conversations/:id/handoff – pause the bot (a person replies) or hand back to it
const handoffRoute = memberRoute('staff', {
  method: 'post',
  path: '/conversations/{id}/handoff',
  tags: TAGS,
  summary: 'Pause the bot for this shopper, or hand back to it',
  description: 'Handing back tells the shopper the bot is back (unless they opted out).',
  request: { params: conversationIdParam, body: { content: { 'application/json': { schema: handoffBody } }, required: true } },
  responses: { 200: json(handoffResponseSchema, 'The new handoff state'), ...errors('not_found') },
})

export const inboxRoutes = createRouter()
  .openapi(listConversationsRoute, async (c) => c.json({ items: await listInbox(c.var.db, merchantIdOf(c)) }, 200))
  .openapi(getConversationRoute, async (c) => c.json(await getConversationDetail(c.var.db, merchantIdOf(c), c.req.valid('param').id), 200))
  .openapi(markReadRoute, async (c) => {
    await markConversationRead(c.var.db, merchantIdOf(c), c.req.valid('param').id)
    return c.json({ ok: true as const }, 200)
  })
  .openapi(replyRoute, async (c) => {
    const message = await replyToShopper(
      { db: c.var.db, env: c.env },
      { merchantId: merchantIdOf(c), conversationId: c.req.valid('param').id, text: c.req.valid('json').text },
    )
    return c.json({ message }, 201)
  })
  .openapi(handoffRoute, async (c) => {
    const { handoff } = c.req.valid('json')
    await setHandoff({ db: c.var.db, env: c.env }, { merchantId: merchantIdOf(c), conversationId: c.req.valid('param').id, handoff })
    return c.json({ ok: true as const, handoff }, 200)
  })
