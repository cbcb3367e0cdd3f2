import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { eventually, query, signedInMember, sql, withDb } from '../../test/helpers'
import { connectWhatsApp, type GraphCall, graphMessages, newShopperNumber, postWhatsApp, seedShop, waPayload } from '../bot/test-kit'
import { createLogger } from '../lib/logger'
import { sweepPrivacy } from './sweep-privacy'

const bodyText = (c: GraphCall) => c.body.text?.body ?? c.body.interactive?.body?.text ?? ''

/** A shopper who chatted with the bot (a message each way) and has an order with their name, number and address. */
async function shopperWithOrder() {
  const shop = await seedShop()
  const phoneNumberId = await connectWhatsApp(shop.merchantId)
  const from = newShopperNumber()
  await postWhatsApp(waPayload('text', { phoneNumberId, from, text: 'hi' }))
  await eventually(async () => ((await graphMessages(phoneNumberId, from)).length ? true : null))
  const [conv] = await query<{ id: string }>(sql`select id from conversations where merchant_id = ${shop.merchantId} and external_user_id = ${from}`)
  await query(sql`update conversations set name = 'Wanjiru Kamau' where id = ${conv.id}`)
  const [order] = await query<{ id: string; number: string }>(
    sql`insert into orders (merchant_id, number, conversation_id, customer_name, customer_contact, delivery, subtotal_minor, currency, idempotency_key)
        values (${shop.merchantId}, ${`W${Date.now() % 100000}`}, ${conv.id}, 'Wanjiru Kamau', ${`+${from}`}, ${JSON.stringify({ method: 'delivery', address: 'Ring Rd 1, Westlands' })}::jsonb, 1200000, 'NGN', ${crypto.randomUUID()}) returning id, number`,
  )
  await query(
    sql`insert into order_items (merchant_id, order_id, product_id, title, quantity, unit_price_minor, currency) values (${shop.merchantId}, ${order.id}, ${shop.toteId}, 'Leather Tote', 1, 1200000, 'NGN')`,
  )
  return { shop, phoneNumberId, from, conversationId: conv.id, order }
}

async function expectErased(s: Awaited<ReturnType<typeof shopperWithOrder>>) {
  const [conv] = await query<{ name: string; state: Record<string, unknown>; erased_at: Date | null; ref: string | null }>(
    sql`select name, state, erased_at, ref from conversations where id = ${s.conversationId}`,
  )
  expect(conv).toMatchObject({ name: '', state: {}, ref: null })
  expect(conv.erased_at).not.toBeNull()
  const [order] = await query<{ customer_name: string; customer_contact: string; delivery: Record<string, unknown>; subtotal_minor: string; number: string }>(
    sql`select customer_name, customer_contact, delivery, subtotal_minor, number from orders where id = ${s.order.id}`,
  )
  // Kept for the merchant's accounts, without who it was.
  expect(order).toMatchObject({ customer_name: '', customer_contact: '', delivery: { method: 'delivery' }, number: s.order.number })
  expect(Number(order.subtotal_minor)).toBe(1200000)
  expect(await query(sql`select 1 from order_items where order_id = ${s.order.id}`)).toHaveLength(1)
  // Queue rows carried the shopper's messages (number, name, text): gone too.
  expect(await query(sql`select 1 from jobs where type = 'bot.inbound' and payload->'event'->>'from' = ${s.from}`)).toEqual([])
}

describe("a shopper's data", () => {
  it('the shopper asks the bot in Swahili, confirms with the button, and everything of theirs is erased in one message', async () => {
    const s = await shopperWithOrder()
    await postWhatsApp(waPayload('text', { phoneNumberId: s.phoneNumberId, from: s.from, text: 'Futa data yangu' }))
    const prompt = await eventually(async () => (await graphMessages(s.phoneNumberId, s.from))[1])
    expect(prompt.body.type).toBe('interactive')
    expect(bodyText(prompt)).toContain('Futa data yako kutoka Ada Kicks?')
    const buttons = prompt.body.interactive.action.buttons as { reply: { id: string; title: string } }[]
    expect(buttons.map((b) => b.reply)).toEqual([
      { id: 'privacy:erase', title: 'Ndiyo, futa' },
      { id: 'privacy:keep', title: 'Hapana, acha' },
    ])
    // Nothing erased before the shopper confirms.
    expect((await query(sql`select 1 from messages where conversation_id = ${s.conversationId}`)).length).toBeGreaterThanOrEqual(3)

    await postWhatsApp(waPayload('button_reply', { phoneNumberId: s.phoneNumberId, from: s.from, actionId: 'privacy:erase' }))
    const done = await eventually(async () => (await graphMessages(s.phoneNumberId, s.from))[2])
    expect(done.body.type).toBe('text')
    expect(bodyText(done)).toMatch(/^Imekamilika: data yako imefutwa kutoka Ada Kicks\./)
    await expectErased(s)
    // The only message left is that confirmation, so the inbox shows what happened.
    const left = await eventually(async () => {
      const rows = await query<{ author: string; status: string; text: string }>(
        sql`select author, status, text from messages where conversation_id = ${s.conversationId}`,
      )
      return rows.length === 1 && rows[0].status === 'sent' ? rows : null
    })
    expect(left[0]).toMatchObject({ author: 'system' })

    const owner = await signedInMember({ merchantId: s.shop.merchantId, role: 'owner' })
    const detail = (await (await SELF.fetch(`http://hub.test/api/inbox/conversations/${s.conversationId}`, { headers: owner.headers })).json()) as {
      conversation: { name: string; externalUserId: string; erasedAt: string | null }
      messages: { text: string }[]
    }
    expect(detail.conversation).toMatchObject({ name: 'Erased shopper', externalUserId: '' })
    expect(detail.conversation.erasedAt).not.toBeNull()
    const [audit] = await query<{ changes: { by: string } }>(
      sql`select changes from audit_log where merchant_id = ${s.shop.merchantId} and action = 'shopper.erase'`,
    )
    expect(audit.changes.by).toBe('shopper')

    // Once the confirmation went out, the sweep forgets the number too.
    await withDb((db) => sweepPrivacy({ db, env, log: createLogger('error') }, new Date(), { retentionOnly: [] }))
    const [conv] = await query<{ external_user_id: string }>(sql`select external_user_id from conversations where id = ${s.conversationId}`)
    expect(conv.external_user_id).toBe(`erased:${s.conversationId}`)
    expect(await query(sql`select 1 from conversations where external_user_id = ${s.from}`)).toEqual([])
  })

  it('understands the request in French with a typed OUI, and a NO keeps everything', async () => {
    const s = await shopperWithOrder()
    await postWhatsApp(waPayload('text', { phoneNumberId: s.phoneNumberId, from: s.from, text: 'Je veux supprimer mes données svp' }))
    const prompt = await eventually(async () => (await graphMessages(s.phoneNumberId, s.from))[1])
    expect(bodyText(prompt)).toContain('Supprimer vos données chez Ada Kicks ?')
    await postWhatsApp(waPayload('text', { phoneNumberId: s.phoneNumberId, from: s.from, text: 'non' }))
    const kept = await eventually(async () => (await graphMessages(s.phoneNumberId, s.from))[2])
    expect(bodyText(kept)).toBe('D’accord, rien n’a été supprimé.')
    const [conv] = await query<{ name: string; erased_at: Date | null }>(sql`select name, erased_at from conversations where id = ${s.conversationId}`)
    expect(conv).toMatchObject({ name: 'Wanjiru Kamau', erased_at: null })

    await postWhatsApp(waPayload('text', { phoneNumberId: s.phoneNumberId, from: s.from, text: 'Supprimer mes données' }))
    await eventually(async () => (await graphMessages(s.phoneNumberId, s.from))[3])
    await postWhatsApp(waPayload('text', { phoneNumberId: s.phoneNumberId, from: s.from, text: 'OUI' }))
    const done = await eventually(async () => (await graphMessages(s.phoneNumberId, s.from))[4])
    expect(bodyText(done)).toMatch(/^C’est fait : vos données ont été supprimées chez Ada Kicks\./)
    await expectErased(s)
  })

  it('the merchant exports one shopper’s data from the inbox, then erases it; owners only, own shop only', async () => {
    const s = await shopperWithOrder()
    const owner = await signedInMember({ merchantId: s.shop.merchantId, role: 'owner' })
    const staff = await signedInMember({ merchantId: s.shop.merchantId, role: 'staff' })
    const other = await signedInMember({ role: 'owner' })
    const url = (what: string) => `http://hub.test/api/privacy/conversations/${s.conversationId}/${what}`

    const res = await SELF.fetch(url('export'), { headers: owner.headers })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="shopper-.*\.json"$/)
    const data = (await res.json()) as {
      profile: Record<string, unknown>
      messages: { text: string }[]
      orders: { number: string; customer_name: string; items: unknown[] }[]
    }
    expect(data.profile).toMatchObject({ name: 'Wanjiru Kamau', external_user_id: s.from, channel: 'whatsapp' })
    expect(data.messages.map((m) => m.text)[0]).toBe('hi')
    expect(data.orders).toEqual([
      expect.objectContaining({ number: s.order.number, customer_name: 'Wanjiru Kamau', items: [expect.objectContaining({ title: 'Leather Tote' })] }),
    ])

    expect((await SELF.fetch(url('export'), { headers: staff.headers })).status).toBe(403)
    expect((await SELF.fetch(url('erase'), { method: 'POST', headers: staff.headers })).status).toBe(403)
    expect((await SELF.fetch(url('export'), { headers: other.headers })).status).toBe(404)
    expect((await SELF.fetch(url('erase'), { method: 'POST', headers: other.headers })).status).toBe(404)

    const erased = await SELF.fetch(url('erase'), { method: 'POST', headers: owner.headers })
    expect(erased.status).toBe(200)
    expect(await erased.json()).toMatchObject({ messages: 2, orders: 1 })
    await expectErased(s)
    expect(await query(sql`select 1 from messages where conversation_id = ${s.conversationId}`)).toEqual([])
    const list = (await (await SELF.fetch('http://hub.test/api/inbox/conversations', { headers: owner.headers })).json()) as {
      items: { id: string; name: string; erasedAt: string | null }[]
    }
    expect(list.items.find((c) => c.id === s.conversationId)).toMatchObject({ name: 'Erased shopper' })
  })
})
