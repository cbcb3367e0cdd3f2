// Issue 13: the shop teaches the bot its own words, and the bot asks the LLM (the shop's key) only
// when it is unsure. Real webhook payloads, the fake Graph API and fake OpenAI, the real database.
import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { eventually, query, signedInMember, sql, testEnv } from '../../test/helpers'
import { handleQueue } from '../queues/handle-queue'
import { connectWhatsApp, type GraphCall, graphMessages, newShopperNumber, newWamid, postWhatsApp, seedShop, waPayload } from './test-kit'

const HUB = 'http://hub.test'
const api = (method: string, path: string, member: { headers: Record<string, string> }, body?: unknown) =>
  SELF.fetch(`${HUB}${path}`, {
    method,
    headers: { ...member.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
const bodyText = (c: GraphCall) => c.body.text?.body ?? c.body.interactive?.body?.text ?? ''
const PAYMENT = 'We take M-Pesa, cards, and Zuri Credit on orders over 5,000.'
const openAiFake = () => new URL(testEnv.OPENAI_BASE_URL).origin
const completion = (content: unknown) => ({
  id: 'chatcmpl-bot',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(content), refusal: null }, finish_reason: 'stop', logprobs: null }],
})
/** Scripts the fake OpenAI to answer `intent` for any chat completion whose request carries `marker`. */
const scriptLlmAnswer = (marker: string, intent: string) =>
  fetch(`${openAiFake()}/__script`, {
    method: 'POST',
    body: JSON.stringify({
      path: '/chat/completions$',
      bodyIncludes: marker,
      status: 200,
      body: completion({
        intent,
        confidence: 0.9,
        entities: { query: null, size: null, colour: null, maxPrice: null, minPrice: null, orderRef: null },
      }),
    }),
  })
/** The chat completions the fake OpenAI received with this bearer key. */
const llmCallsWith = async (apiKey: string) =>
  ((await (await fetch(`${openAiFake()}/__calls`)).json()) as { path: string; headers: Record<string, string>; rawBody: string }[]).filter(
    (c) => c.path.endsWith('/chat/completions') && c.headers.authorization === `Bearer ${apiKey}`,
  )

async function shopWithShopper() {
  const shop = await seedShop({ faq: { payment: PAYMENT } })
  const phoneNumberId = await connectWhatsApp(shop.merchantId)
  const from = newShopperNumber()
  const owner = await signedInMember({ merchantId: shop.merchantId, role: 'owner' })
  let seen = 0
  const say = async (text: string) => {
    expect((await postWhatsApp(waPayload('text', { phoneNumberId, from, text }))).status).toBe(200)
    seen++
    const calls = await eventually(async () => {
      const c = await graphMessages(phoneNumberId, from)
      return c.length >= seen ? c : null
    })
    return bodyText(calls[seen - 1] as GraphCall)
  }
  const transcript = async () => {
    const [conv] = await query<{ id: string }>(sql`select id from conversations where merchant_id = ${shop.merchantId} and external_user_id = ${from}`)
    const res = await api('GET', `/api/inbox/conversations/${conv.id}`, owner)
    expect(res.status).toBe(200)
    return ((await res.json()) as { messages: { direction: string; text: string; understood: unknown }[] }).messages
  }
  return { shop, owner, say, transcript }
}

describe('teaching the bot (issue 13)', () => {
  it('reads a phrase the way the shop taught it, shows what it understood in the inbox, and forgets it', async () => {
    const { shop, owner, say, transcript } = await shopWithShopper()
    expect(await say('zuri credit?')).not.toBe(PAYMENT) // untaught: the shop's own word is a product search
    await say('where is my order #A1B2C3')
    await say('tell me a joke')
    await say(`tell me a joke about ${'very '.repeat(60)}long jokes`) // too long to teach as a phrase: not offered
    // What to teach next: the unsure guess and the out-of-scope message, not the order question.
    const unsure = async () =>
      ((await (await api('GET', '/api/bot/taught-phrases/unsure', owner)).json()) as { items: { text: string; intent: string }[] }).items
    expect(await unsure()).toEqual([
      expect.objectContaining({ text: 'tell me a joke', intent: 'out_of_scope' }),
      expect.objectContaining({ text: 'zuri credit?', intent: 'search_product', confidence: 0.5 }),
    ])

    const taught = await api('POST', '/api/bot/taught-phrases', owner, { text: '  Zuri   credit plan ', intent: 'payment_question' })
    expect(taught.status).toBe(201)
    const { phrase } = (await taught.json()) as { phrase: { id: string; text: string; intent: string } }
    expect(phrase).toMatchObject({ text: 'Zuri credit plan', intent: 'payment_question' })

    expect(await say('zuri credit?')).toBe(PAYMENT)
    const inbound = (await transcript()).filter((m) => m.direction === 'inbound')
    expect(inbound.map((m) => m.understood)).toEqual([
      expect.objectContaining({ intent: 'search_product', source: 'rules' }),
      expect.objectContaining({ intent: 'order_status', source: 'rules' }),
      expect.objectContaining({ intent: 'out_of_scope', source: 'rules' }),
      expect.objectContaining({ source: 'rules' }),
      expect.objectContaining({ intent: 'payment_question', source: 'taught', taughtPhrase: 'Zuri credit plan' }),
    ])
    expect((await unsure()).map((m) => m.text)).toEqual(['tell me a joke']) // a taught phrase reads it now

    // The same wording again changes its intent instead of adding a phrase; the list shows one.
    const again = await api('POST', '/api/bot/taught-phrases', owner, { text: 'zuri credit plan', intent: 'offers_question' })
    expect(again.status).toBe(200)
    const list = (await (await api('GET', '/api/bot/taught-phrases', owner)).json()) as { items: { id: string; intent: string }[] }
    expect(list.items).toEqual([expect.objectContaining({ id: phrase.id, intent: 'offers_question' })])
    const audit = await query<{ action: string }>(
      sql`select action from audit_log where merchant_id = ${shop.merchantId} and entity = 'bot_taught_phrase' order by created_at`,
    )
    expect(audit.map((a) => a.action)).toEqual(['bot.phrase.teach', 'bot.phrase.reteach'])

    expect((await api('DELETE', `/api/bot/taught-phrases/${phrase.id}`, owner)).status).toBe(200)
    expect(await say('zuri credit?')).not.toBe(PAYMENT)
    expect((await query(sql`select 1 from bot_taught_phrases where merchant_id = ${shop.merchantId}`)).length).toBe(0)
  })

  it("refuses phrases without words, viewers, and another shop's phrase ids", async () => {
    const { owner } = await shopWithShopper()
    const bad = await api('POST', '/api/bot/taught-phrases', owner, { text: '?!…', intent: 'greeting' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/no words/)
    expect((await api('POST', '/api/bot/taught-phrases', owner, { text: 'hi', intent: 'buy_a_boat' })).status).toBe(400)
    const viewer = await signedInMember({ merchantId: owner.merchantId, role: 'viewer' })
    expect((await api('POST', '/api/bot/taught-phrases', viewer, { text: 'bei gani', intent: 'price_question' })).status).toBe(403)
    expect((await api('GET', '/api/bot/taught-phrases', viewer)).status).toBe(200)

    const mine = (await (await api('POST', '/api/bot/taught-phrases', owner, { text: 'bei gani', intent: 'price_question' })).json()) as {
      phrase: { id: string }
    }
    const other = await signedInMember()
    expect((await api('DELETE', `/api/bot/taught-phrases/${mine.phrase.id}`, other)).status).toBe(404)
    expect((await (await api('GET', '/api/bot/taught-phrases', other)).json()) as { items: unknown[] }).toMatchObject({ items: [] })
    expect((await query(sql`select 1 from bot_taught_phrases where id = ${mine.phrase.id}`)).length).toBe(1)
  })

  it('keeps a shop to 1,000 phrases, even when requests race for the last place, and still lets it re-teach one', async () => {
    const { owner } = await shopWithShopper()
    await query(
      sql`insert into bot_taught_phrases (merchant_id, text, key, intent) select ${owner.merchantId}, 'word ' || i, 'word ' || i, 'search_product' from generate_series(1, 999) i`,
    )
    // Twelve requests at once for the last place: one gets it (without the shop's lock, two or more did).
    const racing = await Promise.all(
      Array.from({ length: 12 }, (_, i) => api('POST', '/api/bot/taught-phrases', owner, { text: `kanga ${i}`, intent: 'search_product' })),
    )
    expect(racing.filter((r) => r.status === 201)).toHaveLength(1)
    expect(racing.filter((r) => r.status === 409)).toHaveLength(11)
    expect(await racing.find((r) => r.status === 409)?.json()).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('1,000 phrases') } })
    const [{ n }] = await query<{ n: number }>(sql`select count(*)::int as n from bot_taught_phrases where merchant_id = ${owner.merchantId}`)
    expect(n).toBe(1000)
    expect((await api('POST', '/api/bot/taught-phrases', owner, { text: 'Word 7', intent: 'price_question' })).status).toBe(200)
  })

  it("asks the LLM with the shop's key only when unsure, and answers from the rules when it fails", async () => {
    const { owner, say, transcript } = await shopWithShopper()
    expect((await api('PUT', '/api/studio/openai-key', owner, { apiKey: 'sk-proj-botbotbotbotbotbotbotbotbot0001' })).status).toBe(200)
    const marker = 'zq7kanga' // a word no other test sends; fixed, so the messages below read the same every run
    await scriptLlmAnswer(marker, 'payment_question')
    const calls = async () =>
      ((await (await fetch(`${openAiFake()}/__calls`)).json()) as { path: string; headers: Record<string, string>; rawBody: string }[]).filter(
        (c) => c.path.endsWith('/chat/completions') && c.rawBody.includes(marker),
      )

    expect(await say(`${marker} pole pole`)).toBe(PAYMENT) // unsure words: the LLM decides
    const [asked] = await calls()
    expect(asked?.headers.authorization).toBe('Bearer sk-proj-botbotbotbotbotbotbotbotbot0001')
    expect(await say(`where is my order #A1B2C3 ${marker}`)).not.toBe(PAYMENT) // sure: no call
    expect(await calls()).toHaveLength(1)
    // The fake's default reply breaks the schema: the bot answers from its rules, as without a key.
    expect(await say(`${marker} nipe ile`)).not.toBe(PAYMENT)
    expect(await calls()).toHaveLength(2)
    const inbound = (await transcript()).filter((m) => m.direction === 'inbound')
    expect(inbound.map((m) => (m.understood as { source: string }).source)).toEqual(['llm', 'rules', 'rules'])
  })

  it('sends nothing to the LLM when the bot will not answer: a redelivered message, "delete my data", a taken-over chat, after STOP, at the name step', async () => {
    const shop = await seedShop()
    const phoneNumberId = await connectWhatsApp(shop.merchantId)
    const from = newShopperNumber()
    const owner = await signedInMember({ merchantId: shop.merchantId, role: 'owner' })
    const key = 'sk-proj-quietquietquietquietquiet0002'
    expect((await api('PUT', '/api/studio/openai-key', owner, { apiKey: key })).status).toBe(200)
    const marker = 'xv9pwani'
    await scriptLlmAnswer(marker, 'greeting')
    const unsure = `${marker} pole pole` // words the rules cannot read: the LLM would be asked
    const inboundRows = async () =>
      query<{ text: string }>(
        sql`select m.text from messages m join conversations c on c.id = m.conversation_id
            where c.merchant_id = ${shop.merchantId} and c.external_user_id = ${from} and m.direction = 'inbound' order by m.created_at`,
      )
    const send = async (text: string, id = newWamid()) => {
      const before = (await inboundRows()).length
      expect((await postWhatsApp(waPayload('text', { phoneNumberId, from, text, id }))).status).toBe(200)
      await eventually(async () => {
        const [job] = await query<{ status: string }>(sql`select status from jobs where dedupe_key = ${`bot:${id}`}`)
        return job?.status === 'succeeded' && (await inboundRows()).length > before ? true : null
      })
      return id
    }

    const first = await send(unsure)
    expect(await llmCallsWith(key)).toHaveLength(1) // the control: this text is one the LLM is asked about

    // The same message delivered again by the queue (its ack was lost after the turn committed).
    const [conv] = await query<{ id: string }>(sql`select id from conversations where merchant_id = ${shop.merchantId} and external_user_id = ${from}`)
    const [redelivery] = await query<{ id: string; payload: unknown }>(
      sql`insert into jobs (queue, type, merchant_id, payload, status, dedupe_key)
          select queue, type, merchant_id, payload, 'queued', ${`bot:${first}:again`} from jobs where dedupe_key = ${`bot:${first}`} returning id, payload`,
    )
    const ctx = createExecutionContext()
    const body = { jobId: redelivery.id, type: 'bot.inbound', merchantId: shop.merchantId, payload: redelivery.payload }
    const message = { id: crypto.randomUUID(), timestamp: new Date(), body, attempts: 2, ack() {}, retry() {} }
    await handleQueue({ queue: 'linkhub-bot', messages: [message], ackAll() {}, retryAll() {} } as unknown as MessageBatch<unknown>, env, ctx)
    await waitOnExecutionContext(ctx)
    const [redone] = await query<{ status: string }>(sql`select status from jobs where id = ${redelivery.id}`)
    expect(redone.status).toBe('succeeded')
    expect(await inboundRows()).toHaveLength(1)

    // "Delete my data" (here inside words the rules cannot read) is the erasure flow's; so is the answer to its question.
    await send(`${unsure}, delete my data`)
    await send('no')

    // A person took the chat over.
    const handoff = (value: boolean) => api('POST', `/api/inbox/conversations/${conv.id}/handoff`, owner, { handoff: value })
    expect((await handoff(true)).status).toBe(200)
    await send(unsure)
    expect((await handoff(false)).status).toBe(200)

    // The shopper opted out.
    await send('STOP')
    await send(unsure)
    await send('START')

    // The checkout waiting for the shopper's name (after START, so the bot answers again): the text is the name.
    await query(sql`update conversations set state = ${JSON.stringify({ step: 'checkout_name', checkout: { key: 'quiet' } })}::jsonb where id = ${conv.id}`)
    await send(`${marker} Wanjiru`)

    expect((await llmCallsWith(key)).map((c) => (JSON.parse(c.rawBody) as { messages: { content: string }[] }).messages[1]?.content)).toEqual([unsure])
    expect((await inboundRows()).map((m) => m.text)).toEqual([unsure, `${unsure}, delete my data`, 'no', unsure, 'STOP', unsure, 'START', `${marker} Wanjiru`])
  })
})
