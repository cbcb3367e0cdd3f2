// /webhooks/telegram/:webhookKey – one merchant's Telegram bot webhook

import { bodyCap } from '../lib/body-cap'
import { createRouter, describedAs, documentedBody, errors, json, publicRoute, TAGS } from '../lib/openapi'
import { receiveTelegramUpdate } from './receive-update'
import { secretTokenHeaders, telegramUpdateSchema, updateAckSchema, webhookKeyParam } from './schemas'

// POST /webhooks/telegram/:webhookKey – one merchant's bot: check secret_token, dedupe update_id, queue, 200
const updateRoute = publicRoute({
  method: 'post',
  path: '/{webhookKey}',
  tags: [TAGS.webhook],
  summary: "Updates from one merchant's Telegram bot",
  description:
    'The URL and secret token were registered with `setWebhook` when the bot was connected. The secret token is checked before the body; an update_id seen before is acknowledged with `duplicate`.',
  request: {
    params: webhookKeyParam,
    headers: secretTokenHeaders,
    body: { content: { 'application/json': { schema: documentedBody(telegramUpdateSchema) } }, required: true },
  },
  responses: {
    200: json(updateAckSchema, 'Received'),
    ...describedAs(errors('bad_request', 'unauthorized', 'not_found', 'payload_too_large'), {
      400: 'Not a Telegram update',
      401: 'Missing or wrong secret token',
      404: 'Unknown webhook key',
      413: 'The body is over 1 MiB',
    }),
  },
})

/** Telegram's updates are small (a message, a button tap); anything over this is not Telegram. */
const MAX_BODY_BYTES = 1024 * 1024

const router = createRouter()
// Enforced while reading (Content-Length, or counting a chunked stream): never buffers more than the cap.
router.use('*', bodyCap(MAX_BODY_BYTES, 'webhook body is over 1 MiB'))

export const telegramRoutes = router.openapi(updateRoute, async (c) => {
  const result = await receiveTelegramUpdate(
    { db: c.var.db, env: c.env, config: c.var.config },
    {
      webhookKey: c.req.valid('param').webhookKey,
      secretToken: c.req.valid('header')['X-Telegram-Bot-Api-Secret-Token'],
      // Parsed by hand: a bad body answers 400 only after the secret token is checked.
      update: await c.req.json().catch(() => null),
    },
  )
  return c.json({ ok: true as const, ...result }, 200)
})
