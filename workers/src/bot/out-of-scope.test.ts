// Issue 13 end to end: a shopper on WhatsApp writes things a shop cannot answer. The bot says so
// with the menu, offers a person on the second one in a row, and the tap hands the chat over.
// Real webhook payload shapes (pywa recordings), the fake Graph API, the real database.
import { describe, expect, it } from 'vitest'
import { eventually, query, sql } from '../../test/helpers'
import { connectWhatsApp, type GraphCall, graphMessages, newShopperNumber, postWhatsApp, seedShop, waPayload } from './test-kit'

const bodyText = (c: GraphCall) => c.body.text?.body ?? c.body.interactive?.body?.text ?? ''
const buttonIds = (c: GraphCall) => (c.body.interactive?.action?.buttons ?? []).map((b: { reply: { id: string } }) => b.reply.id)

describe('out-of-scope messages on WhatsApp (issue 13)', () => {
  it('says so with the menu, offers a person after two in a row, and hands over on the tap', async () => {
    const shop = await seedShop()
    const phoneNumberId = await connectWhatsApp(shop.merchantId)
    const from = newShopperNumber()
    const replies = (count: number) =>
      eventually(async () => {
        const calls = await graphMessages(phoneNumberId, from)
        return calls.length >= count ? calls : null
      })

    expect((await postWhatsApp(waPayload('text', { phoneNumberId, from, text: "what's the weather like in Lagos tomorrow?" }))).status).toBe(200)
    const [first] = await replies(1)
    expect(bodyText(first)).toBe(
      "Sorry, that's not something I can help with. I can help you shop at Ada Kicks: find products, prices, delivery and your orders.",
    )
    expect(buttonIds(first)).toEqual(['browse', 'cart', 'human'])

    expect((await postWhatsApp(waPayload('text', { phoneNumberId, from, text: 'set a timer for 10 minutes' }))).status).toBe(200)
    const second = (await replies(2))[1]
    expect(bodyText(second)).toBe("I still can't help with that here. Would you like a person from Ada Kicks to reply?")
    expect(buttonIds(second)).toEqual(['human', 'browse'])

    expect((await postWhatsApp(waPayload('button_reply', { phoneNumberId, from, actionId: 'human' }))).status).toBe(200)
    const third = (await replies(3))[2]
    expect(bodyText(third)).toBe('Sure, a person from the shop will reply here shortly. The bot is paused until then.')
    const [row] = await query<{ handoff: boolean }>(
      sql`select handoff from conversations where merchant_id = ${shop.merchantId} and external_user_id = ${from}`,
    )
    expect(row.handoff).toBe(true)
  })

  it('a shop question in between starts the count again', async () => {
    const shop = await seedShop()
    const phoneNumberId = await connectWhatsApp(shop.merchantId)
    const from = newShopperNumber()
    const replies = (count: number) =>
      eventually(async () => {
        const calls = await graphMessages(phoneNumberId, from)
        return calls.length >= count ? calls : null
      })
    await postWhatsApp(waPayload('text', { phoneNumberId, from, text: 'tell me a joke' }))
    await replies(1)
    await postWhatsApp(waPayload('text', { phoneNumberId, from, text: 'do you deliver to Ikeja?' }))
    await replies(2)
    await postWhatsApp(waPayload('text', { phoneNumberId, from, text: 'how many calories are in an apple' }))
    const calls = await replies(3)
    expect(bodyText(calls[2])).toMatch(/^Sorry, that's not something I can help with\./)
    expect(bodyText(calls[1])).not.toMatch(/not something I can help with/)
  })
})
