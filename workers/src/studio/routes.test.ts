import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { query, signedInMember, sql, TINY_PNG, withDb } from '../../test/helpers'
import { decryptSecrets, keyringOf } from '../bot/crypto'
import { rotateSecrets } from '../secrets/rotate-secrets'
import { dressBrief } from './script/fixtures'
import { templateScript } from './script/template-engine'
import { sweepStudioRetention } from './sweep-retention'
import { api, type Member, seedProduct } from './test-kit'

type ErrorBody = { error: { code: string; message: string } }

/** A finished video row straight in the database (no Workflow), with an output stored in R2 and `events` progress rows. */
async function seedFinishedVideo(member: Member, o: { status?: string; finishedDaysAgo?: number; published?: boolean; events?: number } = {}) {
  const brief = dressBrief()
  const script = templateScript(brief)
  const key = `m/${member.merchantId}/${crypto.randomUUID().replace(/-/g, '')}.mp4`
  await env.MEDIA.put(key, TINY_PNG)
  const [asset] = await query<{ id: string }>(
    sql`insert into media_assets (merchant_id, key, kind, content_type, bytes, sha256) values (${member.merchantId}, ${key}, 'promo', 'video/mp4', 3, ${'c'.repeat(64)}) returning id`,
  )
  const outputs = [{ name: 'clean.mp4', kind: 'cut', cut: 'clean', key, assetId: asset.id, contentType: 'video/mp4', bytes: 3 }]
  const finishedAt = new Date(Date.now() - (o.finishedDaysAgo ?? 0) * 86_400_000)
  const events = o.events ?? 3
  const [v] = await query<{ id: string }>(
    sql`insert into studio_videos (merchant_id, source, brief, script, status, phase, percent, outputs, finished_at, sent_to_publishing_at, event_seq, workflow_instance_id)
        values (${member.merchantId}, ${JSON.stringify(brief.source)}::jsonb, ${JSON.stringify(brief)}::jsonb, ${JSON.stringify(script)}::jsonb, ${o.status ?? 'ready'}, 'done', 100,
                ${JSON.stringify(outputs)}::jsonb, ${finishedAt.toISOString()}, ${o.published ? new Date().toISOString() : null}, ${events}, 'seeded') returning id`,
  )
  for (let seq = 1; seq <= events; seq++) {
    const last = seq === events
    await query(
      sql`insert into studio_video_events (video_id, merchant_id, seq, phase, status, percent, data)
          values (${v.id}, ${member.merchantId}, ${seq}, ${last ? 'done' : 'brief'}, ${last ? (o.status ?? 'ready') : 'running'}, ${last ? 100 : seq * 10}, ${JSON.stringify({ n: seq })}::jsonb)`,
    )
  }
  await query(
    sql`insert into studio_costs (merchant_id, video_id, instance_id, step, provider, unit, quantity, usd) values (${member.merchantId}, ${v.id}, ${`seeded-${v.id}`}, 'script', 'openai:gpt-4o-mini', 'tokens', 1200, 0.0009)`,
  )
  return { id: v.id, key, assetId: asset.id }
}

/** The events of an SSE body as `{ event, id, data }`. */
async function readSse(res: Response) {
  const text = await res.text()
  return text
    .split('\n\n')
    .filter((block) => block.trim() && !block.startsWith(':'))
    .map((block) => {
      const field = (name: string) =>
        block
          .split('\n')
          .find((l) => l.startsWith(`${name}:`))
          ?.slice(name.length + 1)
          .trim()
      return { event: field('event'), id: field('id'), data: JSON.parse(field('data') ?? 'null') as Record<string, unknown> }
    })
}

describe('/api/studio settings and the OpenAI key', () => {
  it('shows the defaults, saves the brand voice (owner only) and reports usage and cost this month', async () => {
    const owner = await signedInMember()
    const res = await api('GET', '/settings', owner)
    expect(res.status).toBe(200)
    const settings = (await res.json()) as {
      brandVoice: { tone: string; dailyQuota: number }
      hasOpenAiKey: boolean
      openAiSource: string
      usage: { today: number; quota: number; resetsAt: string }
    }
    expect(settings).toMatchObject({
      brandVoice: { tone: 'friendly', dailyQuota: 20 },
      hasOpenAiKey: false,
      openAiSource: 'none',
      usage: { today: 0, quota: 20 },
    })
    const midnight = new Date()
    midnight.setUTCHours(24, 0, 0, 0)
    expect(settings.usage.resetsAt).toBe(midnight.toISOString())

    const staff = await signedInMember({ merchantId: owner.merchantId, role: 'staff' })
    expect((await api('PUT', '/settings', staff, { tone: 'premium' })).status).toBe(403)
    const saved = await api('PUT', '/settings', owner, { tone: 'premium', wordsToAvoid: ['cheap'], dailyQuota: 5 })
    expect(saved.status).toBe(200)
    expect(((await saved.json()) as typeof settings).brandVoice).toMatchObject({ tone: 'premium', dailyQuota: 5, language: 'en' })
    expect((await api('PUT', '/settings', owner, { targetSeconds: 5 })).status).toBe(400)

    await seedFinishedVideo(owner)
    const after = (await (await api('GET', '/settings', owner)).json()) as {
      usage: { today: number }
      costThisMonth: { totalUsd: number; byProvider: { provider: string; usd: number }[] }
    }
    expect(after.usage.today).toBe(1)
    expect(after.costThisMonth.totalUsd).toBeCloseTo(0.0009, 6)
    expect(after.costThisMonth.byProvider).toEqual([{ provider: 'openai:gpt-4o-mini', usd: 0.0009, lines: 1 }])
  })

  it("stores the shop's key encrypted, never returns it, rotates it with the keyring and removes it on null", async () => {
    const owner = await signedInMember()
    const apiKey = 'sk-proj-abcdefghijklmnopqrstuvwxyz012345'
    expect((await api('PUT', '/openai-key', owner, { apiKey: 'not-a-key' })).status).toBe(400)
    const res = await api('PUT', '/openai-key', owner, { apiKey })
    expect(res.status).toBe(200)
    const body = await res.text()
    expect(body).not.toContain(apiKey)
    expect(JSON.parse(body)).toMatchObject({ hasOpenAiKey: true, openAiSource: 'shop' })
    const stored = async () =>
      (await query<{ v: string | null }>(sql`select openai_key_encrypted as v from studio_settings where merchant_id = ${owner.merchantId}`))[0].v
    const before = (await stored()) as string
    expect(before).toMatch(/^v2\.k0\./)
    expect(before).not.toContain('abcdefghij')
    // A staff member can neither set nor clear it.
    const staff = await signedInMember({ merchantId: owner.merchantId, role: 'staff' })
    expect((await api('PUT', '/openai-key', staff, { apiKey: null })).status).toBe(403)

    const ring = keyringOf({ ENCRYPTION_KEY: env.ENCRYPTION_KEY, SECRETS_KEYS: `k1:${btoa(String.fromCharCode(...new Uint8Array(32).fill(9)))}` })
    const report = await withDb((db) => rotateSecrets(db, ring, { merchantId: owner.merchantId }))
    expect(report.byTable.studio_settings).toBe(1)
    const rotated = (await stored()) as string
    expect(rotated).toMatch(/^v2\.k1\./)
    expect(await decryptSecrets(ring, rotated)).toEqual({ apiKey })

    expect(((await (await api('PUT', '/openai-key', owner, { apiKey: null })).json()) as { hasOpenAiKey: boolean }).hasOpenAiKey).toBe(false)
    expect(await stored()).toBeNull()
  })
})

describe('/api/studio videos: limits and ownership', () => {
  it('answers 429 with Retry-After at the next UTC midnight once the daily quota is used', async () => {
    const owner = await signedInMember()
    const product = await seedProduct(owner.merchantId)
    await api('PUT', '/settings', owner, { dailyQuota: 2 })
    // Two videos today, one yesterday (does not count).
    const insert = (at: string) =>
      query(
        sql`insert into studio_videos (merchant_id, source, status, created_at) values (${owner.merchantId}, ${JSON.stringify({ kind: 'product', productId: product.id })}::jsonb, 'ready', ${at}::timestamptz)`,
      )
    await insert(new Date().toISOString())
    await insert(new Date(Date.now() - 86_400_000 - 60_000).toISOString())
    const ok = await api('POST', '/videos', owner, { source: { kind: 'product', productId: product.id } })
    expect(ok.status).toBe(202)

    const limited = await api('POST', '/videos', owner, { source: { kind: 'product', productId: product.id } })
    expect(limited.status).toBe(429)
    const err = (await limited.json()) as ErrorBody
    expect(err.error.code).toBe('rate_limited')
    expect(err.error.message).toMatch(/daily studio quota is 2 videos and 0 are left today/)
    const midnight = new Date()
    midnight.setUTCHours(24, 0, 0, 0)
    const retryAfter = Number(limited.headers.get('retry-after'))
    expect(Math.abs(retryAfter - (midnight.getTime() - Date.now()) / 1000)).toBeLessThan(5)
    const [{ n }] = await query<{ n: number }>(sql`select count(*)::int as n from studio_videos where merchant_id = ${owner.merchantId}`)
    expect(n).toBe(3)
    // A batch that would cross the line is refused whole.
    await api('PUT', '/settings', owner, { dailyQuota: 4 })
    const batch = await api('POST', '/batches', owner, { source: { kind: 'product', productId: product.id }, variants: 3 })
    expect(batch.status).toBe(429)
  })

  it('refuses a batch of 11 with a clear message, and makes 2–3 variants of one source as one batch', async () => {
    const owner = await signedInMember()
    const product = await seedProduct(owner.merchantId)
    const item = { source: { kind: 'product', productId: product.id }, reviewRequired: true }
    const eleven = await api('POST', '/batches', owner, { items: Array.from({ length: 11 }, () => item) })
    expect(eleven.status).toBe(400)
    expect(JSON.stringify(await eleven.json())).toContain('a batch holds at most 10 videos')
    expect((await api('POST', '/batches', owner, { ...item, variants: 4 })).status).toBe(400)

    const res = await api('POST', '/batches', owner, { ...item, variants: 2 })
    expect(res.status).toBe(202)
    const body = (await res.json()) as { batchId: string; videos: { id: string; batchId: string; position: number; status: string }[] }
    expect(body.videos.map((v) => [v.batchId, v.position])).toEqual([
      [body.batchId, 0],
      [body.batchId, 1],
    ])
    const rows = await query<{ options: { variant: number }; workflow_instance_id: string; id: string }>(
      sql`select id, options, workflow_instance_id from studio_videos where batch_id = ${body.batchId} order by position`,
    )
    expect(rows.map((r) => r.options.variant)).toEqual([0, 1])
    expect(rows.every((r) => r.workflow_instance_id === r.id)).toBe(true)
    const list = (await (await api('GET', `/videos?batchId=${body.batchId}`, owner)).json()) as { items: unknown[] }
    expect(list.items).toHaveLength(2)
  })

  it("answers 404 for another shop's video, batch and products, and 403 to a viewer who tries to create", async () => {
    const mine = await signedInMember()
    const other = await signedInMember()
    const theirs = await seedFinishedVideo(other)
    const theirProduct = await seedProduct(other.merchantId)
    for (const [method, path, body] of [
      ['GET', `/videos/${theirs.id}`],
      ['PUT', `/videos/${theirs.id}/script`, { script: templateScript(dressBrief()) }],
      ['POST', `/videos/${theirs.id}/approve`, {}],
      ['POST', `/videos/${theirs.id}/reject`, {}],
      ['POST', `/videos/${theirs.id}/resubmit`],
      ['POST', `/videos/${theirs.id}/publishing`, {}],
      ['GET', `/videos/${theirs.id}/events`],
      ['DELETE', `/videos/${theirs.id}`],
    ] as const) {
      const res = await api(method, path, mine, body)
      expect(res.status, `${method} ${path}`).toBe(404)
    }
    expect((await api('POST', '/videos', mine, { source: { kind: 'product', productId: theirProduct.id } })).status).toBe(404)
    expect((await query(sql`select 1 from studio_videos where id = ${theirs.id}`)).length).toBe(1)

    const viewer = await signedInMember({ merchantId: mine.merchantId, role: 'viewer' })
    expect((await api('GET', '/videos', viewer)).status).toBe(200)
    expect((await api('POST', '/videos', viewer, { source: { kind: 'topic', topic: 'Three ways to wear it' } })).status).toBe(403)
  })
})

describe('/api/studio progress, publishing, deletion and retention', () => {
  it('streams progress events with ids, resumes after Last-Event-ID and ends after a final status', async () => {
    const owner = await signedInMember()
    const video = await seedFinishedVideo(owner, { events: 4 })
    const all = await readSse(await SELF.fetch(`http://hub.test/api/studio/videos/${video.id}/events`, { headers: owner.headers }))
    expect(all.filter((e) => e.event === 'progress').map((e) => e.id)).toEqual(['1', '2', '3', '4'])
    expect(all.at(-1)?.event).toBe('end')
    expect(all[3].data).toMatchObject({ videoId: video.id, seq: 4, status: 'ready', percent: 100 })

    const resumed = await readSse(
      await SELF.fetch(`http://hub.test/api/studio/videos/${video.id}/events`, { headers: { ...owner.headers, 'last-event-id': '2' } }),
    )
    expect(resumed.filter((e) => e.event === 'progress').map((e) => e.id)).toEqual(['3', '4'])
    const viaQuery = await readSse(await SELF.fetch(`http://hub.test/api/studio/videos/${video.id}/events?lastEventId=3`, { headers: owner.headers }))
    expect(viaQuery.filter((e) => e.event === 'progress').map((e) => e.id)).toEqual(['4'])
  })

  it("streams a batch's events across its videos and ends once every video is final", async () => {
    const owner = await signedInMember()
    const [batch] = await query<{ id: string }>(sql`insert into studio_batches (merchant_id, total) values (${owner.merchantId}, 2) returning id`)
    const a = await seedFinishedVideo(owner, { events: 2 })
    const b = await seedFinishedVideo(owner, { events: 2, status: 'failed' })
    await query(sql`update studio_videos set batch_id = ${batch.id} where id in (${a.id}, ${b.id})`)
    await query(sql`update studio_video_events set batch_id = ${batch.id} where video_id in (${a.id}, ${b.id})`)
    const events = await readSse(await SELF.fetch(`http://hub.test/api/studio/batches/${batch.id}/events`, { headers: owner.headers }))
    const progress = events.filter((e) => e.event === 'progress')
    expect(progress.map((e) => e.data.videoId).sort()).toEqual([a.id, a.id, b.id, b.id].sort())
    const ids = progress.map((e) => Number(e.id))
    expect(ids).toEqual([...ids].sort((x, y) => x - y))
    expect(events.at(-1)?.event).toBe('end')
    const resumed = await readSse(
      await SELF.fetch(`http://hub.test/api/studio/batches/${batch.id}/events`, { headers: { ...owner.headers, 'last-event-id': String(ids[1]) } }),
    )
    expect(resumed.filter((e) => e.event === 'progress').map((e) => Number(e.id))).toEqual(ids.slice(2))
    const stranger = await signedInMember()
    expect((await SELF.fetch(`http://hub.test/api/studio/batches/${batch.id}/events`, { headers: stranger.headers })).status).toBe(404)
  })

  it('sends a ready video to publishing after a second safety check, and deletes a video with its media', async () => {
    const owner = await signedInMember()
    const video = await seedFinishedVideo(owner)
    const res = await api('POST', `/videos/${video.id}/publishing`, owner, { onStorefront: true })
    expect(res.status).toBe(200)
    const view = (await res.json()) as { sentToPublishingAt: string | null; onStorefront: boolean; outputs: { url: string }[] }
    expect(view.sentToPublishingAt).not.toBeNull()
    expect(view.onStorefront).toBe(true)
    expect(view.outputs[0].url).toBe(`/media/${video.key}`)
    const log = await query<{ stage: string }>(sql`select stage from studio_safety_log where video_id = ${video.id}`)
    expect(log).toEqual([{ stage: 'publish' }])

    const del = await api('DELETE', `/videos/${video.id}`, owner)
    expect(del.status).toBe(204)
    expect(await env.MEDIA.head(video.key)).toBeNull()
    expect(await query(sql`select 1 from media_assets where id = ${video.assetId}`)).toEqual([])
    expect(await query(sql`select 1 from studio_videos where id = ${video.id}`)).toEqual([])
    // The month's spend does not shrink when a video goes.
    expect(await query(sql`select video_id from studio_costs where instance_id = ${`seeded-${video.id}`}`)).toEqual([{ video_id: null }])
    expect((await api('GET', `/videos/${video.id}`, owner)).status).toBe(404)
  })

  it("the hourly sweep deletes unpublished finished drafts past the shop's retention, with their media, and keeps the rest", async () => {
    const owner = await signedInMember()
    const old = await seedFinishedVideo(owner, { finishedDaysAgo: 31 })
    const oldParked = await seedFinishedVideo(owner, { finishedDaysAgo: 31, status: 'parked' })
    const published = await seedFinishedVideo(owner, { finishedDaysAgo: 31, published: true })
    const recent = await seedFinishedVideo(owner, { finishedDaysAgo: 10 })
    const longer = await signedInMember()
    await api('PUT', '/settings', longer, { retentionDays: 60 })
    const kept = await seedFinishedVideo(longer, { finishedDaysAgo: 31 })

    await withDb((db) => sweepStudioRetention({ db, env }))
    const left = await query<{ id: string }>(sql`select id from studio_videos where merchant_id in (${owner.merchantId}, ${longer.merchantId})`)
    expect(left.map((r) => r.id).sort()).toEqual([published.id, recent.id, kept.id].sort())
    expect(await env.MEDIA.head(old.key)).toBeNull()
    expect(await env.MEDIA.head(oldParked.key)).toBeNull()
    expect(await env.MEDIA.head(published.key)).not.toBeNull()
    expect(await env.MEDIA.head(kept.key)).not.toBeNull()
  })
})
