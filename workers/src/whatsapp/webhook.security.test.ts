import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { eventually, query, sql } from '../../test/helpers'
import { connectWhatsApp, graphMessages, newShopperNumber, newWamid, postWhatsApp, seedShop, waPayload } from '../bot/test-kit'

describe('WhatsApp webhook: a message that cannot be stored as sent is never lost', () => {
  it('answers a text with U+0000 and a lone surrogate with 200, replies, stores it safely, and a retry is still a duplicate', async () => {
    const shop = await seedShop()
    const phoneNumberId = await connectWhatsApp(shop.merchantId)
    const from = newShopperNumber()
    const id = newWamid()
    const payload = waPayload('text', { phoneNumberId, from, id, text: 'hi\u0000 there \ud83d' })
    const res = await postWhatsApp(payload)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ queued: 1 })
    await eventually(async () => ((await graphMessages(phoneNumberId, from)).length >= 1 ? true : null))
    const [stored] = await query<{ text: string }>(sql`select text from messages where external_id = ${id}`)
    expect(stored.text).toBe('hi there \ufffd')
    const retry = await postWhatsApp(payload)
    expect(retry.status).toBe(200)
    expect(await retry.json()).toMatchObject({ queued: 0, duplicates: 1 })
  })
})

describe('webhook body cap is enforced while reading', () => {
  /** A body without Content-Length that would go on for 64 MiB; counts what the hub pulled. */
  function endless() {
    let pulled = 0
    const chunk = new Uint8Array(64 * 1024).fill(0x20)
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 64 * 1024 * 1024) return controller.close()
        pulled += chunk.byteLength
        controller.enqueue(chunk)
      },
    })
    return { body, pulled: () => pulled }
  }

  for (const path of ['/webhooks/whatsapp', '/webhooks/telegram/some-key']) {
    it(`${path}: a streamed body is cut off at 1 MiB with 413, not read to the end`, async () => {
      const stream = endless()
      const res = await SELF.fetch(`http://hub.test${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream.body })
      expect(res.status).toBe(413)
      expect(stream.pulled()).toBeLessThan(4 * 1024 * 1024)
    })
  }
})
