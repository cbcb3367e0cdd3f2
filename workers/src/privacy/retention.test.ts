import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { query, signedInMember, sql, withDb } from '../../test/helpers'
import { createLogger } from '../lib/logger'
import { RETENTION_DEFAULTS } from './retention'
import { sweepPrivacy } from './sweep-privacy'

const DAY = 86_400_000
const put = (headers: Record<string, string>, body: unknown) =>
  SELF.fetch('http://hub.test/api/privacy/retention', {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

/** Rows of each retained kind in one shop: recent ones, and ones that will be past a short window once the clock moves 20 days. */
async function seedRetained(merchantId: string) {
  const one = async (q: ReturnType<typeof sql>) => (await query<{ id: string }>(q))[0].id
  const quiet = await one(
    sql`insert into conversations (merchant_id, channel, external_user_id, name, last_message_at) values (${merchantId}, 'whatsapp', ${`q${crypto.randomUUID().slice(0, 8)}`}, 'Quiet', now()) returning id`,
  )
  await query(
    sql`insert into messages (merchant_id, conversation_id, direction, type, text, author) values (${merchantId}, ${quiet}, 'inbound', 'text', 'old chat', 'shopper')`,
  )
  // Still active in 20 days: its old message goes, the conversation and its new message stay.
  const active = await one(
    sql`insert into conversations (merchant_id, channel, external_user_id, name, last_message_at) values (${merchantId}, 'whatsapp', ${`a${crypto.randomUUID().slice(0, 8)}`}, 'Active', now() + interval '19 days') returning id`,
  )
  await query(
    sql`insert into messages (merchant_id, conversation_id, direction, type, text, author) values (${merchantId}, ${active}, 'inbound', 'text', 'old message', 'shopper')`,
  )
  await query(
    sql`insert into messages (merchant_id, conversation_id, direction, type, text, author, created_at) values (${merchantId}, ${active}, 'inbound', 'text', 'new message', 'shopper', now() + interval '19 days')`,
  )
  await query(
    sql`insert into events (merchant_id, type, occurred_at) values (${merchantId}, 'page_view', now()), (${merchantId}, 'page_view', now() - interval '30 days')`,
  )
  const video = await one(
    sql`insert into videos (merchant_id, external_id, url) values (${merchantId}, ${crypto.randomUUID()}, 'https://www.tiktok.com/@a/video/1') returning id`,
  )
  const video2 = await one(
    sql`insert into videos (merchant_id, external_id, url) values (${merchantId}, ${crypto.randomUUID()}, 'https://www.tiktok.com/@a/video/2') returning id`,
  )
  const video3 = await one(
    sql`insert into videos (merchant_id, external_id, url) values (${merchantId}, ${crypto.randomUUID()}, 'https://www.tiktok.com/@a/video/3') returning id`,
  )
  await query(
    sql`insert into product_proposals (merchant_id, video_id, status, draft) values (${merchantId}, ${video}, 'pending', '{}'::jsonb), (${merchantId}, ${video2}, 'rejected', '{}'::jsonb), (${merchantId}, ${video3}, 'approved', '{}'::jsonb)`,
  )
  const frameKey = `m/${merchantId}/${crypto.randomUUID().replace(/-/g, '').padEnd(64, '0')}.jpg`
  await env.MEDIA.put(frameKey, new Uint8Array([1]))
  await query(
    sql`insert into media_assets (merchant_id, key, kind, content_type, bytes, sha256) values (${merchantId}, ${frameKey}, 'frame', 'image/jpeg', 1, ${'f'.repeat(64)}),
          (${merchantId}, ${`m/${merchantId}/${'c'.repeat(64)}.jpg`}, 'thumbnail', 'image/jpeg', 1, ${'c'.repeat(64)})`,
  )
  await query(
    sql`insert into jobs (merchant_id, queue, type, status) values (${merchantId}, 'render', 'render', 'succeeded'), (${merchantId}, 'render', 'render', 'queued')`,
  )
  return { quiet, active, frameKey }
}

async function counts(merchantId: string) {
  const [r] = await query<Record<string, number>>(sql`select
      (select count(*)::int from conversations where merchant_id = ${merchantId}) as conversations,
      (select count(*)::int from messages where merchant_id = ${merchantId}) as messages,
      (select count(*)::int from events where merchant_id = ${merchantId}) as events,
      (select count(*)::int from product_proposals where merchant_id = ${merchantId}) as proposals,
      (select count(*)::int from media_assets where merchant_id = ${merchantId}) as media,
      (select count(*)::int from jobs where merchant_id = ${merchantId}) as jobs`)
  return r
}

describe('retention', () => {
  it('owners set it per shop (defaults otherwise); the sweep applies it at the advanced clock and leaves other shops alone', async () => {
    const owner = await signedInMember({ role: 'owner' })
    const staff = await signedInMember({ merchantId: owner.merchantId, role: 'staff' })
    const other = await signedInMember({ role: 'owner' })

    const initial = (await (await SELF.fetch('http://hub.test/api/privacy/retention', { headers: owner.headers })).json()) as Record<string, unknown>
    expect(initial).toMatchObject({ ...RETENTION_DEFAULTS, defaults: RETENTION_DEFAULTS })
    const short = { conversationDays: 10, eventDays: 40, proposalDays: 10, renderDays: 5 }
    expect((await put(staff.headers, short)).status).toBe(403)
    expect((await put(owner.headers, { ...short, eventDays: -1 })).status).toBe(400)
    const saved = await put(owner.headers, short)
    expect(saved.status).toBe(200)
    expect(await saved.json()).toMatchObject(short)

    const mine = await seedRetained(owner.merchantId)
    await seedRetained(other.merchantId)
    const otherBefore = await counts(other.merchantId)
    expect(await counts(owner.merchantId)).toEqual({ conversations: 2, messages: 3, events: 2, proposals: 3, media: 2, jobs: 2 })

    // Today nothing is old enough.
    await withDb((db) => sweepPrivacy({ db, env, log: createLogger('error') }, new Date()))
    expect(await counts(owner.merchantId)).toEqual({ conversations: 2, messages: 3, events: 2, proposals: 3, media: 2, jobs: 2 })

    await withDb((db) =>
      sweepPrivacy({ db, env, log: createLogger('error') }, new Date(Date.now() + 20 * DAY), { retentionOnly: [owner.merchantId, other.merchantId] }),
    )
    // Conversations: the quiet one is gone with its message; the active one lost only its old message.
    expect(await query(sql`select 1 from conversations where id = ${mine.quiet}`)).toEqual([])
    expect((await query<{ text: string }>(sql`select text from messages where conversation_id = ${mine.active}`)).map((m) => m.text)).toEqual(['new message'])
    // Events: the one 50 days old at the clock is gone, the 20-day-old one stays. Proposals: pending and rejected gone, approved kept.
    expect(await counts(owner.merchantId)).toEqual({ conversations: 1, messages: 1, events: 1, proposals: 1, media: 1, jobs: 1 })
    expect((await query<{ status: string }>(sql`select status from product_proposals where merchant_id = ${owner.merchantId}`))[0].status).toBe('approved')
    // Render intermediates: the frame's row and its R2 object; the thumbnail stays. Finished jobs go, queued stay.
    expect(await env.MEDIA.head(mine.frameKey)).toBeNull()
    expect((await query<{ kind: string }>(sql`select kind from media_assets where merchant_id = ${owner.merchantId}`))[0].kind).toBe('thumbnail')
    expect((await query<{ status: string }>(sql`select status from jobs where merchant_id = ${owner.merchantId}`))[0].status).toBe('queued')

    // The other shop keeps the defaults: nothing of it is 20 days past a default window.
    expect(await counts(other.merchantId)).toEqual(otherBefore)
  })

  it('0 keeps forever; the defaults do not', async () => {
    const owner = await signedInMember({ role: 'owner' })
    const other = await signedInMember({ role: 'owner' })
    expect((await put(owner.headers, { conversationDays: 0, eventDays: 0, proposalDays: 0, renderDays: 0 })).status).toBe(200)
    await seedRetained(owner.merchantId)
    await seedRetained(other.merchantId)
    const before = await counts(owner.merchantId)
    await withDb((db) =>
      sweepPrivacy({ db, env, log: createLogger('error') }, new Date(Date.now() + 4000 * DAY), { retentionOnly: [owner.merchantId, other.merchantId] }),
    )
    expect(await counts(owner.merchantId)).toEqual(before)
    // With the defaults, eleven years on, only what is never retained is left: the approved proposal, the thumbnail, the queued job.
    expect(await counts(other.merchantId)).toEqual({ conversations: 0, messages: 0, events: 0, proposals: 1, media: 1, jobs: 1 })
  })
})
