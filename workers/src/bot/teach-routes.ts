// /api/bot/taught-phrases – what the merchant taught the bot ("when shoppers write 'EMI', they mean payment")
import { z } from '@hono/zod-openapi'
import { TAUGHT_PHRASE_MAX_CHARS } from '../../../contracts/taught-phrases'
import { actorOf } from '../catalog/actor'
import { createRouter, errors, json, jsonBody, memberRoute } from '../lib/openapi'
import { merchantIdOf } from '../middleware/auth'
import { INTENTS, intentSchema } from './intent/intents'
import { forgetPhrase, listTaught, MAX_TAUGHT_PHRASES, teachPhrase, unsureMessages } from './teach-bot'

const TAGS: ['Bot'] = ['Bot']

const taughtPhraseSchema = z
  .object({
    id: z.uuid(),
    text: z.string(),
    intent: intentSchema,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('TaughtPhrase')

const teachBody = z
  .object({
    text: z
      .string()
      .trim()
      .min(1, 'Write the phrase as a shopper would.')
      .max(TAUGHT_PHRASE_MAX_CHARS, `Keep a phrase under ${TAUGHT_PHRASE_MAX_CHARS} characters.`),
    intent: intentSchema.describe(`What shoppers mean by it: ${INTENTS.join(', ')}`),
  })
  .openapi('TeachPhrase')

const idParam = z.object({ id: z.uuid() })

const listRoute = memberRoute('viewer', {
  method: 'get',
  path: '/',
  tags: TAGS,
  summary: 'Phrases the shop taught the bot, oldest first',
  responses: { 200: json(z.object({ items: z.array(taughtPhraseSchema), max: z.number().int() }), 'The phrases') },
})

const teachRoute = memberRoute('staff', {
  method: 'post',
  path: '/',
  tags: TAGS,
  summary: 'Teach the bot what shoppers mean by a phrase',
  description:
    'From then on, messages like it are read as that intent (close matches always; near ones when the bot is otherwise unsure). The same wording taught again changes its intent (200).',
  request: { body: jsonBody(teachBody) },
  responses: {
    201: json(z.object({ phrase: taughtPhraseSchema }), 'Taught'),
    200: json(z.object({ phrase: taughtPhraseSchema }), 'The same wording, now with this intent'),
    ...errors('bad_request', 'conflict'),
  },
})

const unsureSchema = z
  .object({
    id: z.uuid().describe('The shopper message'),
    conversationId: z.uuid(),
    text: z.string(),
    intent: intentSchema.describe('What the bot read it as'),
    confidence: z.number(),
    createdAt: z.iso.datetime(),
  })
  .openapi('UnsureMessage')

const unsureRoute = memberRoute('viewer', {
  method: 'get',
  path: '/unsure',
  tags: TAGS,
  summary: 'Shopper messages worth teaching: the bot was unsure of them, or took them for out of scope',
  description: 'The last 30 days, newest first, one per wording, at most 20; those a taught phrase now reads are left out.',
  responses: { 200: json(z.object({ items: z.array(unsureSchema) }), 'The messages') },
})

const forgetRoute = memberRoute('staff', {
  method: 'delete',
  path: '/{id}',
  tags: TAGS,
  summary: 'Forget a taught phrase',
  request: { params: idParam },
  responses: { 200: json(z.object({ ok: z.literal(true) }), 'Forgotten'), ...errors('not_found') },
})

export const teachRoutes = createRouter()
  .openapi(listRoute, async (c) => c.json({ items: await listTaught(c.var.db, merchantIdOf(c)), max: MAX_TAUGHT_PHRASES }, 200))
  .openapi(unsureRoute, async (c) => c.json({ items: await unsureMessages(c.var.db, merchantIdOf(c)) }, 200))
  .openapi(teachRoute, async (c) => {
    const { phrase, created } = await teachPhrase(c.var.db, actorOf(c), c.req.valid('json'))
    return created ? c.json({ phrase }, 201) : c.json({ phrase }, 200)
  })
  .openapi(forgetRoute, async (c) => {
    await forgetPhrase(c.var.db, actorOf(c), c.req.valid('param').id)
    return c.json({ ok: true as const }, 200)
  })
