import { describe, expect, it } from 'vitest'
import { eventually, query, sql } from '../../test/helpers'
import { connectWhatsApp, graphMessages, newShopperNumber, postWhatsApp, seedShop, waPayload } from './test-kit'

// Issue 17: WhatsApp's per-number limit, 80 messages/s with a burst of 80 (the bucket
// `wa:<phone number id>`, refilled at 80/s), seen at the fake Graph API's receive timestamps. The
// local bot answers far below 80/s, so the test puts the number's bucket where a busy number
// would be: its burst spent and 120 more sends reserved ahead (−120 tokens at the database's
// `now()`, T0). At 80/s the next send may go out (121 − 0) / 80 ≈ 1.51 s after T0, and not before.
// A second number at the same moment has its own, full bucket. (The per-shopper limit has its
// own test: one-hop.test.ts, "WhatsApp pacing, seen at the fake Graph API".)

/** The number's rate and its burst (workers/src/bot/outbox-job.ts). */
const NUMBER_PER_SECOND = 80
const OWED = 120

/** The bucket of `phoneNumberId` with its burst spent and `owed` sends ahead; returns T0 (ms, the database clock). */
async function spendNumber(phoneNumberId: string, owed: number) {
  const [row] = await query<{ t0: string }>(
    sql`insert into outbox_pacing (key, tokens, refilled_at) values (${`wa:${phoneNumberId}`}, ${-owed}, now())
        on conflict (key) do update set tokens = excluded.tokens, refilled_at = excluded.refilled_at
        returning (extract(epoch from refilled_at) * 1000)::float8 as t0`,
  )
  return Number(row.t0)
}

describe('WhatsApp pacing per number, seen at the fake Graph API', () => {
  it('a number whose burst is spent sends nothing until its bucket refills at 80/s; another number answers at once; each shopper once', async () => {
    const busy = await seedShop()
    const quiet = await seedShop()
    const busyNumber = await connectWhatsApp(busy.merchantId)
    const quietNumber = await connectWhatsApp(quiet.merchantId)
    const busyShoppers = Array.from({ length: 5 }, newShopperNumber)
    const quietShopper = newShopperNumber()

    const t0 = await spendNumber(busyNumber, OWED)
    const earliest = t0 + ((OWED + 1) / NUMBER_PER_SECOND) * 1000
    const posted = await Promise.all([
      ...busyShoppers.map((from) => postWhatsApp(waPayload('text', { phoneNumberId: busyNumber, from, text: 'hi' }))),
      postWhatsApp(waPayload('text', { phoneNumberId: quietNumber, from: quietShopper, text: 'hi' })),
    ])
    expect(posted.map((r) => r.status)).toEqual(Array(6).fill(200))

    // The other number is not held up by this one's bucket.
    const [quietReply] = await eventually(async () => {
      const c = await graphMessages(quietNumber, quietShopper)
      return c.length ? c : null
    })
    expect(quietReply.at).toBeLessThan(earliest)

    const busyReplies = await eventually(
      async () => {
        const all = (await Promise.all(busyShoppers.map((from) => graphMessages(busyNumber, from)))).flat()
        return all.length >= busyShoppers.length ? all : null
      },
      { timeoutMs: 12_000, intervalMs: 100 },
    )
    const at = busyReplies.map((c) => c.at).sort((a, b) => a - b)
    // Nothing before the bucket refilled (20 ms of slack for the two clocks' rounding), and not
    // held far beyond it either: the deferral is the refill time rounded up to whole seconds.
    expect(at[0]).toBeGreaterThanOrEqual(earliest - 20)
    expect(at[at.length - 1] - t0).toBeLessThan(6_000)

    // Exactly one reply per shopper, none doubled by the hand-over to the OUTBOX.
    await new Promise((r) => setTimeout(r, 500))
    for (const from of busyShoppers) expect(await graphMessages(busyNumber, from)).toHaveLength(1)
    expect(await graphMessages(quietNumber, quietShopper)).toHaveLength(1)
    // The other number's burst is 80: its bucket started full and gave one token for the reply.
    const [bucket] = await query<{ tokens: number }>(sql`select tokens from outbox_pacing where key = ${`wa:${quietNumber}`}`)
    expect(Number(bucket.tokens)).toBe(NUMBER_PER_SECOND - 1)
  }, 20_000)
})
