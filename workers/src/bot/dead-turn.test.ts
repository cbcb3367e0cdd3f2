// A bot job that dies (dead-lettered after its retries, or failed for good) must not leave the
// shopper in silence, nor the merchant in the dark: issue 11, "Bot category browse answers nothing".
import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { eventually, query, signedInMember, sql } from '../../test/helpers'
import { handleQueue } from '../queues/handle-queue'
import { isPermanentFailure } from '../queues/is-permanent'
import { APOLOGY_TEXT } from './handle-inbound'
import { connectWhatsApp, digits, graphMessages, newShopperNumber, newTelegramBotToken, newWamid, seedShop, telegramCalls } from './test-kit'

/** A `bot.inbound` job row for `event`, as the webhook writes it, and its queue message. */
async function botJob(merchantId: string, event: Record<string, unknown>, error: string) {
  const [job] = await query<{ id: string }>(
    sql`insert into jobs (queue, type, merchant_id, payload, status, attempts, error, dedupe_key)
        values ('bot', 'bot.inbound', ${merchantId}, ${JSON.stringify({ event })}::jsonb, 'queued', 5, ${error}, ${`bot:${event.externalId}`}) returning id`,
  )
  return { jobId: job.id, type: 'bot.inbound', merchantId, payload: { event } }
}

/** Delivers one message on the bot's dead-letter queue, as Cloudflare does after max_retries. */
async function deadLetter(body: unknown) {
  const ctx = createExecutionContext()
  const message = { id: crypto.randomUUID(), timestamp: new Date(), body, attempts: 6, ack() {}, retry() {} }
  await handleQueue({ queue: 'linkhub-bot-dlq', messages: [message], ackAll() {}, retryAll() {} } as unknown as MessageBatch<unknown>, env, ctx)
  await waitOnExecutionContext(ctx)
}

describe('a dead bot job', () => {
  it('sends the WhatsApp shopper an apology with the menu, shows the tap and a system note in the inbox, and counts on /api/health', async () => {
    const shop = await seedShop()
    const phoneNumberId = await connectWhatsApp(shop.merchantId)
    const from = newShopperNumber()
    const event = {
      channel: 'whatsapp',
      channelExternalId: phoneNumberId,
      externalId: newWamid(),
      from,
      name: 'Wanjiru',
      sentAt: Date.now(),
      kind: 'action',
      actionId: 'cat:sneakers:0',
      text: '',
    }
    const msg = await botJob(shop.merchantId, event, 'ORDER BY position 0 is not in select list')
    await deadLetter(msg)

    const [apology] = await eventually(async () => {
      const calls = await graphMessages(phoneNumberId, from)
      return calls.length ? calls : null
    })
    expect(apology.body.interactive.body.text).toBe(APOLOGY_TEXT)
    expect(apology.body.interactive.action.buttons.map((b: { reply: { title: string } }) => b.reply.title)).toEqual([
      'Browse products',
      'My cart',
      'Talk to a person',
    ])
    const [job] = await query<{ status: string }>(sql`select status from jobs where id = ${msg.jobId}`)
    expect(job.status).toBe('dead')

    const owner = await signedInMember({ merchantId: shop.merchantId, role: 'owner' })
    const inbox = (await (await SELF.fetch('http://hub.test/api/inbox/conversations', { headers: owner.headers })).json()) as {
      items: { id: string; unread: number }[]
    }
    expect(inbox.items).toHaveLength(1)
    expect(inbox.items[0].unread).toBeGreaterThan(0)
    const detail = (await (await SELF.fetch(`http://hub.test/api/inbox/conversations/${inbox.items[0].id}`, { headers: owner.headers })).json()) as {
      messages: { author: string; text: string }[]
    }
    expect(detail.messages.map((m) => m.author)).toEqual(['shopper', 'system', 'bot'])
    expect(detail.messages[0].text).toBe('[cat:sneakers:0]')
    expect(detail.messages[1].text).toContain('ORDER BY position 0 is not in select list')

    const health = (await (await SELF.fetch('http://hub.test/api/health', { headers: owner.headers })).json()) as {
      status: string
      jobs: { deadLastHour: Record<string, number>; deadTotal: number }
    }
    expect(health.jobs.deadLastHour).toEqual({ ingest: 0, render: 0, bot: 1, outbox: 0 })
    expect(health.status).toBe('degraded')
    // Strangers still learn only up/down per dependency.
    const anonymous = (await (await SELF.fetch('http://hub.test/api/health')).json()) as Record<string, unknown>
    expect(anonymous.jobs).toBeUndefined()
  })

  it('answers the tapped Telegram button and apologises there too', async () => {
    const shop = await seedShop()
    const owner = await signedInMember({ merchantId: shop.merchantId, role: 'owner' })
    const token = newTelegramBotToken()
    const res = await SELF.fetch('http://hub.test/api/channels/telegram', {
      method: 'POST',
      headers: { ...owner.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ botToken: token }),
    })
    expect(res.status).toBe(201)
    const chatId = digits(8)
    const botId = String(Number(token.split(':')[0]))
    const event = {
      channel: 'telegram',
      channelExternalId: botId,
      externalId: `tg:${botId}:77`,
      from: chatId,
      name: 'Ada',
      sentAt: Date.now(),
      kind: 'action',
      actionId: 'cat:sneakers:0',
      text: 'cat:sneakers:0',
      callbackQueryId: '4242',
    }
    await deadLetter(await botJob(shop.merchantId, event, 'gave up'))
    const calls = await eventually(async () => {
      const c = await telegramCalls(token)
      return c.some((x) => x.method === 'sendMessage') ? c : null
    })
    expect(calls.find((c) => c.method === 'answerCallbackQuery')?.body.callback_query_id).toBe('4242')
    expect(calls.find((c) => c.method === 'sendMessage')?.body.text).toBe(APOLOGY_TEXT)
  })

  it('gives up at once on a statement Postgres refuses (SQLSTATE class 42 or 22), wrapped or not', () => {
    const pg = Object.assign(new Error('ORDER BY position 0 is not in select list'), { code: '42P10' })
    expect(isPermanentFailure(pg)).toBe(true)
    expect(isPermanentFailure(Object.assign(new Error('Failed query: …'), { cause: pg }))).toBe(true)
    expect(isPermanentFailure(Object.assign(new Error('connection reset'), { code: 'ECONNRESET' }))).toBe(false)
    expect(isPermanentFailure(Object.assign(new Error('deadlock'), { code: '40P01' }))).toBe(false)
  })
})
