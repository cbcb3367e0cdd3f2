import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { eventually, query, signedInMember, sql, withDb } from '../../test/helpers'
import { connectWhatsApp, newShopperNumber, newWamid, postWhatsApp, seedShop, waPayload } from '../bot/test-kit'
import { configOf } from '../config'
import { createLogger } from '../lib/logger'
import { deliverWebhook } from './deliver-webhook'
import { emitWebhook } from './emit-webhook'
import { RETRY_SCHEDULE_SECONDS } from './schedule'
import { sweepWebhookDeliveries } from './sweep-webhooks'

const RECEIVER = (env as unknown as { WEBHOOK_TRUSTED_ORIGIN: string }).WEBHOOK_TRUSTED_ORIGIN
const deps = () => ({ config: configOf(env), log: createLogger('error') })

type Received = {
  path: string
  webhookId: string
  verified: boolean
  verifyError: string | null
  body: { type: string; timestamp: string; data: Record<string, unknown> }
  answered: number
}

const receiver = {
  received: async (path: string) => (await (await fetch(`${RECEIVER}/__received?path=${encodeURIComponent(path)}`)).json()) as Received[],
  plan: (path: string, replies: Array<{ status: number; delayMs?: number; headers?: Record<string, string> }>) =>
    fetch(`${RECEIVER}/__plan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path, replies }) }),
  secret: (path: string, secret: string) =>
    fetch(`${RECEIVER}/__secrets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path, secret }) }),
}

const api = (headers: Record<string, string>, method: string, path: string, body?: unknown) =>
  SELF.fetch(`http://hub.test/api/webhooks${path}`, {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

/** A signed-in owner with one endpoint at a fresh receiver path that knows its secret. */
async function withEndpoint(events: string[] = ['order.created'], member?: Awaited<ReturnType<typeof signedInMember>>) {
  const owner = member ?? (await signedInMember())
  const path = `/hooks/${crypto.randomUUID()}`
  const res = await api(owner.headers, 'POST', '', { url: `${RECEIVER}${path}`, events, description: 'ERP' })
  expect(res.status).toBe(201)
  const endpoint = (await res.json()) as { id: string; secret: string }
  await receiver.secret(path, endpoint.secret)
  return { owner, path, endpoint }
}

const deliveryOf = async (endpointId: string) => {
  const rows = await query<{ id: string; status: string; step: number; attempts: number; next_attempt_at: Date | null }>(
    sql`select id, status, step, attempts, next_attempt_at from webhook_deliveries where endpoint_id = ${endpointId} order by created_at`,
  )
  return rows
}

describe('outbound webhooks: endpoints', () => {
  it('shows the whsec_ secret once at registration and stores it only encrypted, with a key id', async () => {
    const { owner, endpoint } = await withEndpoint(['order.created', 'product.published'])
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    const list = (await (await api(owner.headers, 'GET', '')).json()) as { items: Array<Record<string, unknown>>; events: Array<{ type: string }> }
    expect(list.items).toHaveLength(1)
    expect(list.items[0]).toMatchObject({ id: endpoint.id, events: ['order.created', 'product.published'], enabled: true, health: { state: 'new' } })
    expect(JSON.stringify(list)).not.toContain(endpoint.secret)
    expect(list.events.map((e) => e.type)).toContain('conversation.handed_over')
    const [row] = await query<{ secret_encrypted: string }>(sql`select secret_encrypted from webhook_endpoints where id = ${endpoint.id}`)
    expect(row.secret_encrypted).toMatch(/^v2\.k0\./)
    expect(row.secret_encrypted).not.toContain(endpoint.secret.slice(6))
  })

  it('refuses loopback, metadata, private and intranet addresses (and plain http) at registration, storing nothing', async () => {
    const owner = await signedInMember()
    for (const url of [
      'http://127.0.0.1/hook',
      'https://127.0.0.1/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://10.0.0.5/hook',
      'https://192.168.1.20/hook',
      'https://[::1]/hook',
      'https://intranet.corp/hook',
      'https://localhost/hook',
      'http://hooks.example.com/hook',
      'https://hooks.example.com:8443/hook',
    ]) {
      const res = await api(owner.headers, 'POST', '', { url, events: ['order.created'] })
      expect(res.status, url).toBe(400)
      const body = (await res.json()) as { error: { details: Array<{ path: string }> } }
      expect(body.error.details[0].path).toBe('url')
    }
    const rows = await query(sql`select id from webhook_endpoints where merchant_id = ${owner.merchantId}`)
    expect(rows).toHaveLength(0)
  })

  it("answers 404 for another shop's endpoint ids on every route", async () => {
    const { endpoint } = await withEndpoint()
    const stranger = await signedInMember()
    const id = endpoint.id
    for (const [method, path, body] of [
      ['GET', `/${id}`],
      ['PATCH', `/${id}`, { enabled: false }],
      ['POST', `/${id}/secret`],
      ['POST', `/${id}/test`],
      ['GET', `/${id}/attempts`],
      ['POST', `/${id}/replay`, { since: new Date(0).toISOString() }],
      ['DELETE', `/${id}`],
    ] as Array<[string, string, unknown?]>) {
      expect((await api(stranger.headers, method, path, body)).status, `${method} ${path}`).toBe(404)
    }
    const [row] = await query<{ enabled: boolean }>(sql`select enabled from webhook_endpoints where id = ${id}`)
    expect(row.enabled).toBe(true)
  })
})

describe('outbound webhooks: delivery', () => {
  it('an order placed through the bot reaches the endpoint signed, and the standardwebhooks verifier accepts it', async () => {
    const shop = await seedShop()
    const member = await signedInMember({ merchantId: shop.merchantId })
    const { path, endpoint, owner } = await withEndpoint(['order.created'], member)
    const phoneNumberId = await connectWhatsApp(shop.merchantId)
    const from = newShopperNumber()
    const steps: Array<['text' | 'button_reply' | 'list_reply', { text?: string; actionId?: string }]> = [
      ['text', { text: 'red sneakers under 5000' }],
      ['button_reply', { actionId: `add:${shop.sneakersId}` }],
      ['list_reply', { actionId: `v:${shop.size42Id}` }],
      ['button_reply', { actionId: 'checkout' }],
      ['text', { text: 'Ada Obi' }],
      ['button_reply', { actionId: 'dm:pickup' }],
      ['button_reply', { actionId: 'pay:cash_on_delivery' }],
      ['button_reply', { actionId: 'confirm' }],
    ]
    for (const [i, [kind, o]] of steps.entries()) {
      expect((await postWhatsApp(waPayload(kind, { phoneNumberId, from, id: newWamid(), ...o }))).status).toBe(200)
      await eventually(async () => {
        const [c] = await query<{ n: number }>(sql`select count(*)::int as n from messages where merchant_id = ${shop.merchantId} and direction = 'outbound'`)
        return c.n >= i + 1
      })
    }
    const [hit] = await eventually(async () => {
      const r = await receiver.received(path)
      return r.length ? r : null
    })
    const [order] = await query<{ id: string; number: string }>(sql`select id, number from orders where merchant_id = ${shop.merchantId}`)
    expect(hit.verified).toBe(true)
    expect(hit.verifyError).toBeNull()
    expect(hit.webhookId).toMatch(/^msg_[0-9a-f]{32}$/)
    expect(hit.body.type).toBe('order.created')
    expect(hit.body.data.order).toMatchObject({ id: order.id, number: order.number })
    const log = await eventually(async () => {
      const body = (await (await api(owner.headers, 'GET', `/${endpoint.id}/attempts`)).json()) as { items: Array<Record<string, unknown>> }
      return body.items.length ? body.items : null
    })
    expect(log[0]).toMatchObject({
      eventType: 'order.created',
      attempt: 1,
      succeeded: true,
      statusCode: 200,
      deliveryStatus: 'succeeded',
      webhookId: hit.webhookId,
    })
    expect(typeof log[0].latencyMs).toBe('number')
  })

  it('retries after a 500 and a timeout on the schedule (5 s, 5 min, 30 min) and stops at the first 2xx', async () => {
    const { owner, path, endpoint } = await withEndpoint(['order.updated'])
    await receiver.plan(path, [{ status: 500 }, { status: 200, delayMs: 2500 }, { status: 503 }, { status: 204 }])
    await withDb((db) => emitWebhook({ db }, owner.merchantId, 'order.updated', { order: { id: 'o1', status: 'shipped' } }))
    const [delivery] = await deliveryOf(endpoint.id)
    // Postgres keeps microseconds, a Date milliseconds: round up to the first millisecond it is due.
    let now = new Date(new Date(delivery.next_attempt_at as Date).getTime() + 1)
    const seen: Array<{ at: number; status: string; statusCode: number | null; error: string | null }> = []
    for (;;) {
      const early = await withDb((db) => deliverWebhook({ db, ...deps() }, delivery.id, { now: new Date(now.getTime() - 1000), timeoutMs: 1000 }))
      if (seen.length) expect(early).toBeNull() // never before it is due
      const result = await withDb((db) => deliverWebhook({ db, ...deps() }, delivery.id, { now, timeoutMs: 1000 }))
      if (!result) throw new Error('delivery was not due')
      seen.push({ at: now.getTime(), status: result.status, statusCode: result.attempt.statusCode, error: result.attempt.error })
      if (result.status !== 'pending') break
      now = result.nextAttemptAt as Date
    }
    expect(seen.map((s) => s.status)).toEqual(['pending', 'pending', 'pending', 'succeeded'])
    expect(seen.map((s) => s.statusCode)).toEqual([500, null, 503, 204])
    expect(seen[1].error).toMatch(/timeout/)
    const gaps = seen.slice(1).map((s, i) => (s.at - seen[i].at) / 1000)
    expect(gaps).toEqual([RETRY_SCHEDULE_SECONDS[1], RETRY_SCHEDULE_SECONDS[2], RETRY_SCHEDULE_SECONDS[3]])
    expect(gaps).toEqual([5, 300, 1800])
    const hits = await receiver.received(path)
    expect(hits).toHaveLength(4)
    expect(hits.every((h) => h.verified)).toBe(true)
    expect(new Set(hits.map((h) => h.webhookId)).size).toBe(1)
    const log = (await (await api(owner.headers, 'GET', `/${endpoint.id}/attempts`)).json()) as {
      items: Array<{ attempt: number; succeeded: boolean; error: string | null }>
    }
    expect(log.items.map((a) => [a.attempt, a.succeeded])).toEqual([
      [4, true],
      [3, false],
      [2, false],
      [1, false],
    ])
    const [after] = await query<{ failing_since: Date | null; last_success_at: Date | null }>(
      sql`select failing_since, last_success_at from webhook_endpoints where id = ${endpoint.id}`,
    )
    expect(after.failing_since).toBeNull()
    expect(after.last_success_at).not.toBeNull()
  })

  it('a duplicate queue delivery never sends twice: of three concurrent attempts one claims it', async () => {
    const { owner, path, endpoint } = await withEndpoint(['order.created'])
    await withDb((db) => emitWebhook({ db }, owner.merchantId, 'order.created', { order: { id: 'dup' } }))
    const [delivery] = await deliveryOf(endpoint.id)
    const results = await Promise.all([1, 2, 3].map(() => withDb((db) => deliverWebhook({ db, ...deps() }, delivery.id))))
    expect(results.filter(Boolean)).toHaveLength(1)
    expect(await receiver.received(path)).toHaveLength(1)
  })

  it('exhausting the whole schedule five messages in a row disables the endpoint with a dashboard notice', async () => {
    const { owner, path, endpoint } = await withEndpoint(['product.updated'])
    await receiver.plan(
      path,
      Array.from({ length: 40 }, () => ({ status: 500 })),
    )
    for (let i = 0; i < 5; i++) await withDb((db) => emitWebhook({ db }, owner.merchantId, 'product.updated', { product: { id: `p${i}` } }))
    const deliveries = await deliveryOf(endpoint.id)
    expect(deliveries).toHaveLength(5)
    let now = new Date(Date.now() + 1000)
    const states: boolean[] = []
    for (const d of deliveries) {
      let attempts = 0
      for (;;) {
        const r = await withDb((db) => deliverWebhook({ db, ...deps() }, d.id, { now }))
        if (!r) throw new Error('not due')
        attempts++
        if (r.status !== 'pending') {
          expect(r.status).toBe('failed')
          expect(r.exhausted).toBe(true)
          states.push(r.disabled)
          break
        }
        now = r.nextAttemptAt as Date
      }
      expect(attempts).toBe(RETRY_SCHEDULE_SECONDS.length)
    }
    expect(states).toEqual([false, false, false, false, true])
    const list = (await (await api(owner.headers, 'GET', '')).json()) as {
      items: Array<{ enabled: boolean; disabledReason: string | null; health: { state: string; failedDeliveries: number } }>
    }
    expect(list.items[0].enabled).toBe(false)
    expect(list.items[0].health).toMatchObject({ state: 'disabled', failedDeliveries: 5 })
    expect(list.items[0].disabledReason).toMatch(/Disabled by linkhub/)
    // A disabled endpoint gets no new deliveries; enabling it clears the notice.
    await withDb((db) => emitWebhook({ db }, owner.merchantId, 'product.updated', { product: { id: 'later' } }))
    expect(await deliveryOf(endpoint.id)).toHaveLength(5)
    const enabled = (await (await api(owner.headers, 'PATCH', `/${endpoint.id}`, { enabled: true })).json()) as {
      enabled: boolean
      disabledReason: string | null
    }
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null })
  })

  it('replays a failed message with the same webhook-id, one by id or all failed since a time', async () => {
    const { owner, path, endpoint } = await withEndpoint(['proposal.ready'])
    await receiver.plan(
      path,
      Array.from({ length: 16 }, () => ({ status: 500 })),
    )
    for (const id of ['a', 'b']) await withDb((db) => emitWebhook({ db }, owner.merchantId, 'proposal.ready', { proposalId: id }))
    const deliveries = await deliveryOf(endpoint.id)
    let now = new Date(Date.now() + 1000)
    for (const d of deliveries) {
      for (;;) {
        const r = await withDb((db) => deliverWebhook({ db, ...deps() }, d.id, { now }))
        if (r?.status !== 'pending') break
        now = r.nextAttemptAt as Date
      }
    }
    expect((await deliveryOf(endpoint.id)).map((d) => d.status)).toEqual(['failed', 'failed'])
    const firstIds = [...new Set((await receiver.received(path)).map((h) => h.webhookId))]
    expect(firstIds).toHaveLength(2)

    const one = await api(owner.headers, 'POST', `/${endpoint.id}/replay`, { deliveryId: deliveries[0].id })
    expect(one.status).toBe(202)
    expect(await one.json()).toEqual({ replayed: 1 })
    const afterOne = await eventually(async () => {
      const r = await receiver.received(path)
      return r.length === 17 ? r : null
    })
    expect(afterOne[16]).toMatchObject({ webhookId: firstIds[0], verified: true, answered: 200 })
    await eventually(async () => ((await deliveryOf(endpoint.id))[0].status === 'succeeded' ? true : null))

    const all = await api(owner.headers, 'POST', `/${endpoint.id}/replay`, { since: new Date(Date.now() - 3_600_000).toISOString() })
    expect(await all.json()).toEqual({ replayed: 1 })
    const afterAll = await eventually(async () => {
      const r = await receiver.received(path)
      return r.length === 18 ? r : null
    })
    expect(afterAll[17]).toMatchObject({ webhookId: firstIds[1], verified: true })
    await eventually(async () => ((await deliveryOf(endpoint.id)).every((d) => d.status === 'succeeded') ? true : null))
  })

  it('re-checks the address at every delivery: a redirect to the metadata address or a URL changed to a private one is refused', async () => {
    const { owner, path, endpoint } = await withEndpoint(['order.created'])
    await receiver.plan(path, [{ status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } }])
    await withDb((db) => emitWebhook({ db }, owner.merchantId, 'order.created', { order: { id: 'r1' } }))
    const [d1] = await deliveryOf(endpoint.id)
    const r1 = await withDb((db) => deliverWebhook({ db, ...deps() }, d1.id))
    expect(r1?.attempt.succeeded).toBe(false)
    expect(r1?.attempt.error).toMatch(/^refused: private address 169\.254\.169\.254/)

    // As if the stored address now pointed inside (a rebinding-style change behind our back).
    await query(sql`update webhook_endpoints set url = 'http://10.0.0.7/hook' where id = ${endpoint.id}`)
    const before = (await receiver.received(path)).length
    await withDb((db) => emitWebhook({ db }, owner.merchantId, 'order.created', { order: { id: 'r2' } }))
    const d2 = (await deliveryOf(endpoint.id))[1]
    const r2 = await withDb((db) => deliverWebhook({ db, ...deps() }, d2.id))
    expect(r2?.attempt.error).toMatch(/^refused: private address 10\.0\.0\.7/)
    expect(r2?.status).toBe('pending')
    expect(await receiver.received(path)).toHaveLength(before)
  })

  it('sends a test event through the queue, and a rotated secret signs from then on', async () => {
    const { owner, path, endpoint } = await withEndpoint(['order.created'])
    const rotated = (await (await api(owner.headers, 'POST', `/${endpoint.id}/secret`)).json()) as { secret: string }
    expect(rotated.secret).not.toBe(endpoint.secret)
    const res = await api(owner.headers, 'POST', `/${endpoint.id}/test`)
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ deliveries: 1 })
    const [old] = await eventually(async () => {
      const r = await receiver.received(path)
      return r.length ? r : null
    })
    expect(old.body.type).toBe('webhook.test')
    expect(old.verified).toBe(false) // the receiver still holds the old secret
    await receiver.secret(path, rotated.secret)
    await api(owner.headers, 'POST', `/${endpoint.id}/test`)
    const hits = await eventually(async () => {
      const r = await receiver.received(path)
      return r.length === 2 ? r : null
    })
    expect(hits[1].verified).toBe(true)
  })

  it('a product published from the catalog is delivered by the cron sweep (catalog use cases emit inside their transaction)', async () => {
    const { owner, path } = await withEndpoint(['product.published', 'product.updated'])
    const res = await SELF.fetch('http://hub.test/api/products', {
      method: 'POST',
      headers: { ...owner.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Kente Scarf', priceMinor: 2500, currency: 'USD', status: 'published' }),
    })
    expect(res.status).toBe(201)
    const product = (await res.json()) as { id: string }
    const [pending] = await query<{ status: string }>(sql`select status from webhook_deliveries where merchant_id = ${owner.merchantId}`)
    expect(pending.status).toBe('pending')
    expect((await withDb((db) => sweepWebhookDeliveries({ db, env }))).queued).toBeGreaterThanOrEqual(1)
    const [hit] = await eventually(async () => {
      const r = await receiver.received(path)
      return r.length ? r : null
    })
    expect(hit).toMatchObject({ verified: true, body: { type: 'product.published', data: { product: { id: product.id, title: 'Kente Scarf' } } } })
  })

  it('an endpoint failing for five days is disabled when its next message exhausts the schedule', async () => {
    const { owner, path, endpoint } = await withEndpoint(['order.created'])
    await receiver.plan(
      path,
      Array.from({ length: 8 }, () => ({ status: 500 })),
    )
    await query(sql`update webhook_endpoints set failing_since = now() - interval '6 days' where id = ${endpoint.id}`)
    await withDb((db) => emitWebhook({ db }, owner.merchantId, 'order.created', { order: { id: 'late' } }))
    const [d] = await deliveryOf(endpoint.id)
    let now = new Date(Date.now() + 1000)
    let last: Awaited<ReturnType<typeof deliverWebhook>> = null
    for (;;) {
      last = await withDb((db) => deliverWebhook({ db, ...deps() }, d.id, { now }))
      if (last?.status !== 'pending') break
      now = last.nextAttemptAt as Date
    }
    expect(last).toMatchObject({ status: 'failed', exhausted: true, disabled: true })
    const [row] = await query<{ enabled: boolean; disabled_reason: string }>(
      sql`select enabled, disabled_reason from webhook_endpoints where id = ${endpoint.id}`,
    )
    expect(row.enabled).toBe(false)
    expect(row.disabled_reason).toMatch(/5 days/)
  })
})
