// /api/channels – the shop's chat channels (WhatsApp number, Telegram bot) and the bot's settings
import { z } from '@hono/zod-openapi'
import { deleteChannel, getMerchant, listChannels, setMerchantBotSettings } from '../../../db/queries/bot'
import { AppError } from '../errors'
import { createRouter, describedAs, errors, json, memberRoute } from '../lib/openapi'
import { merchantIdOf } from '../middleware/auth'
import { connectTelegramBot } from '../telegram/connect-telegram'
import { connectTelegramBody } from '../telegram/schemas'
import { webhookUrl } from '../telegram/webhook-url'
import { connectWhatsApp } from '../whatsapp/connect-whatsapp'
import { connectWhatsAppBody } from '../whatsapp/schemas'
import { botSettingsSchema, PAYMENT_METHODS, readBotSettings } from './settings'

const TAGS: ['Chat channels'] = ['Chat channels']
const channelKind = z.enum(['whatsapp', 'telegram'])

const channelSchema = z
  .object({
    id: z.uuid(),
    kind: channelKind,
    externalId: z.string().describe('The WhatsApp phone number id, or the Telegram bot id'),
    displayName: z.string(),
    enabled: z.boolean(),
    webhookUrl: z.url().describe('Where the provider delivers messages'),
    createdAt: z.iso.datetime(),
  })
  .openapi('Channel')
const connectedSchema = z.object({ id: z.uuid(), kind: channelKind, externalId: z.string(), displayName: z.string() })

/** The bot's settings as stored, defaults filled (the PUT body is the same shape, validated). */
const botSettingsOut = z
  .object({
    greeting: z.string(),
    faq: z.object({ delivery: z.string(), payment: z.string(), location: z.string() }),
    paymentMethods: z.array(z.enum(PAYMENT_METHODS)),
    deliveryMethods: z.array(z.enum(['delivery', 'pickup'])),
    paymentInstructions: z
      .object({ cash_on_delivery: z.string(), mobile_money: z.string(), bank_transfer: z.string() })
      .describe('Sent to the shopper when they pick the method, and with the order number after ordering (till / paybill number, bank account)'),
    deliveryFee: z
      .object({
        flatMinor: z.number().int().describe('Flat delivery fee in minor units of the shop currency (0: free)'),
        zones: z.array(z.object({ name: z.string(), feeMinor: z.number().int() })).describe('Fees per delivery zone; when set, the shopper picks a zone'),
      })
      .describe('Delivery fee: flat, or per zone (zones win); pickup is free'),
    templates: z.object({
      orderUpdate: z.object({ name: z.string(), language: z.string() }).optional(),
      newOrder: z
        .object({ name: z.string(), language: z.string() })
        .optional()
        .describe(
          'Approved template for new-order alerts outside the 24-hour window: {{1}} order number, {{2}} customer, {{3}} total (default new_order / en)',
        ),
    }),
    notify: z.object({ whatsapp: z.string().optional().describe('E.164, e.g. +254712345678'), telegramChatId: z.string().optional() }),
  })
  .openapi('BotSettings')
const settingsResponse = z.object({ settings: botSettingsOut })

// GET /api/channels – connected channels (never their secrets)
const listChannelsRoute = memberRoute('viewer', {
  method: 'get',
  path: '/',
  tags: TAGS,
  summary: 'Connected channels (never their secrets)',
  responses: { 200: json(z.object({ items: z.array(channelSchema) }), 'The channels') },
})

// POST /api/channels/whatsapp – connect a WhatsApp Cloud API number
const connectWhatsAppRoute = memberRoute('owner', {
  method: 'post',
  path: '/whatsapp',
  tags: TAGS,
  summary: 'Connect a WhatsApp Cloud API number',
  description:
    "Asks Meta first whether the access token can read this phone number id (`GET /{version}/{phone-number-id}`); a token Meta refuses, or one that cannot see the number, is a 400 and nothing is saved. Replaces the shop's previous WhatsApp number in one transaction (a refused connect leaves it as it was). The access token is stored encrypted.",
  request: { body: { content: { 'application/json': { schema: connectWhatsAppBody } }, required: true } },
  responses: {
    201: json(z.object({ channel: connectedSchema }), 'Connected'),
    ...describedAs(errors('bad_request', 'conflict', 'bad_gateway'), {
      400: 'Invalid body, or Meta refused the token or says it cannot read this phone number id',
      409: 'This number is connected to another shop',
      502: 'Meta did not answer (or rate-limited the check); try again',
    }),
  },
})

// POST /api/channels/telegram – connect a Telegram bot: getMe, then setWebhook with a secret token
const connectTelegramRoute = memberRoute('owner', {
  method: 'post',
  path: '/telegram',
  tags: TAGS,
  summary: 'Connect a Telegram bot',
  description:
    "Checks the token with Telegram (getMe) before saving, stores it encrypted and registers the webhook with a secret token, in one transaction: if Telegram refuses, the shop's previous bot stays connected.",
  request: { body: { content: { 'application/json': { schema: connectTelegramBody } }, required: true } },
  responses: {
    201: json(z.object({ channel: connectedSchema.extend({ webhookUrl: z.url() }) }), 'Connected'),
    ...errors('bad_request', 'conflict', 'bad_gateway'),
  },
})

// DELETE /api/channels/:id – disconnect
const deleteChannelRoute = memberRoute('owner', {
  method: 'delete',
  path: '/{id}',
  tags: TAGS,
  summary: 'Disconnect a channel',
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 204: { description: 'Disconnected' }, ...errors('not_found') },
})

// GET /api/channels/settings – the bot's FAQ, payment and delivery options, templates, notifications
const getSettingsRoute = memberRoute('viewer', {
  method: 'get',
  path: '/settings',
  tags: TAGS,
  summary: "The bot's FAQ answers, payment and delivery options, templates and notifications",
  responses: { 200: json(settingsResponse, 'The settings, defaults filled') },
})

// PUT /api/channels/settings – replace them
const putSettingsRoute = memberRoute('owner', {
  method: 'put',
  path: '/settings',
  tags: TAGS,
  summary: "Replace the bot's settings",
  request: { body: { content: { 'application/json': { schema: botSettingsSchema } }, required: true } },
  responses: { 200: json(settingsResponse, 'The saved settings') },
})

export const channelRoutes = createRouter()
  .openapi(listChannelsRoute, async (c) => {
    const rows = await listChannels(c.var.db, merchantIdOf(c))
    const items = rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      externalId: r.externalId,
      displayName: r.displayName,
      enabled: r.enabled,
      webhookUrl: webhookUrl(c.var.config, r),
      createdAt: r.createdAt,
    }))
    return c.json({ items }, 200)
  })
  .openapi(connectWhatsAppRoute, async (c) => {
    const channel = await connectWhatsApp({ db: c.var.db, config: c.var.config }, { merchantId: merchantIdOf(c), ...c.req.valid('json') })
    return c.json({ channel }, 201)
  })
  .openapi(connectTelegramRoute, async (c) => {
    const channel = await connectTelegramBot({ db: c.var.db, config: c.var.config }, { merchantId: merchantIdOf(c), botToken: c.req.valid('json').botToken })
    return c.json({ channel }, 201)
  })
  .openapi(deleteChannelRoute, async (c) => {
    if (!(await deleteChannel(c.var.db, merchantIdOf(c), c.req.valid('param').id))) throw new AppError('not_found', 'channel not found')
    return c.body(null, 204)
  })
  .openapi(getSettingsRoute, async (c) => {
    const merchant = await getMerchant(c.var.db, merchantIdOf(c))
    return c.json({ settings: readBotSettings(merchant?.settings) }, 200)
  })
  .openapi(putSettingsRoute, async (c) => {
    const settings = c.req.valid('json')
    await setMerchantBotSettings(c.var.db, merchantIdOf(c), settings)
    return c.json({ settings }, 200)
  })
