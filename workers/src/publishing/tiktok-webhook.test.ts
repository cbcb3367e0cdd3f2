import { env, introspectWorkflow, SELF } from 'cloudflare:test'
import { afterEach, describe, expect, it } from 'vitest'
import { hmacSha256Hex } from '../../../contracts/hmac'
import { eventually, query, signedInMember, sql, withDb } from '../../test/helpers'
import { STUCK_AFTER_MS, sweepStuckTargets } from './sweep-publishing'
import { api, connect, fakeCalls, fakeUrl, faults, type Member, soon, studioVideoForPublishing, type TargetRow, targetsOf, tiktokInbox } from './test-kit'

type Delivery = { headers: Record<string, string>; body: string }

/** A webhook as the fake TikTok signs it (its wire format), for the test to deliver. */
const delivery = async (r: { event: string; publish_id?: string; post_id?: string; reason?: string | number; open_id?: string; at?: number }) =>
  (await (await fetch(`${fakeUrl('tiktok')}/__webhook-delivery`, { method: 'POST', body: JSON.stringify(r) })).json()) as Delivery

const deliver = async (d: Delivery, headers: Record<string, string> = {}) => {
  const res = await SELF.fetch('http://hub.test/webhooks/tiktok', { method: 'POST', headers: { ...d.headers, ...headers }, body: d.body })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const directPost = () => ({
  platform: 'tiktok' as const,
  caption: 'New Ankara wrap dress, made in Lagos',
  hashtags: ['ankara'],
  tiktok: {
    mode: 'direct' as const,
    privacyLevel: 'PUBLIC_TO_EVERYONE',
    disableComment: false,
    disableDuet: false,
    disableStitch: false,
    brandContent: false,
    brandOrganic: false,
    musicConsent: true,
  },
})

/** A draft post with one TikTok target put in `status` with TikTok's publish id, as a send would leave it. */
async function targetIn(member: Member, status: string, publishId: string, channelId: string, options?: Record<string, unknown>) {
  const video = await studioVideoForPublishing(member.merchantId)
  const res = await api('POST', '/posts', member, { source: { kind: 'studio', videoId: video.id }, publishAt: soon(30), draft: true, targets: [tiktokInbox()] })
  expect(res.status).toBe(201)
  const post = (await res.json()) as { id: string; targets: { id: string }[] }
  const targetId = post.targets[0].id
  await query(
    sql`update publishing_post_targets set status = ${status}, platform_ref = ${publishId}, channel_id = ${channelId}, options = options || ${JSON.stringify(options ?? {})}::jsonb where id = ${targetId}`,
  )
  return { postId: post.id, targetId }
}

const targetRow = async (id: string) =>
  (await query<TargetRow & { published_at: string | null }>(sql`select *, published_at from publishing_post_targets where id = ${id}`))[0]
const webhookEvents = (targetId: string) =>
  query<{ kind: string; status: string; message: string; data: Record<string, unknown> }>(
    sql`select kind, status, message, data from publishing_post_events where target_id = ${targetId} and data ? 'event' order by id`,
  )

afterEach(async () => {
  await faults('tiktok', {})
})

describe('TikTok webhooks', () => {
  it('a post the hub is still polling: the webhook publishes it with its post id, the next check asks TikTok nothing, and a second copy changes nothing', async () => {
    // Only the wait for the publish time is skipped: the status checks wait as they would (3 s, 5 s…).
    await using wf = await introspectWorkflow(env.PUBLISH_WORKFLOW)
    await wf.modifyAll(async (m) => {
      await m.disableSleeps([{ name: 'wait-for-publish-time' }])
    })
    const owner = await signedInMember()
    await connect(owner, 'tiktok')
    const video = await studioVideoForPublishing(owner.merchantId)
    // TikTok's moderation takes its time: status/fetch says PROCESSING_UPLOAD every time.
    await faults('tiktok', { statuses: ['PROCESSING_UPLOAD'] })
    const res = await api('POST', '/posts', owner, { source: { kind: 'studio', videoId: video.id }, publishAt: soon(2), targets: [directPost()] })
    expect(res.status).toBe(201)
    const post = (await res.json()) as { id: string }
    const processing = await eventually(async () => {
      const [t] = await targetsOf(post.id)
      return t?.status === 'processing' && t.platform_ref ? t : null
    })

    const statusCalls = async () =>
      (await fakeCalls('tiktok')).filter(
        (c) => c.path === '/v2/post/publish/status/fetch/' && (c.body as { publish_id?: string })?.publish_id === processing.platform_ref,
      ).length
    const d = await delivery({ event: 'post.publish.publicly_available', publish_id: processing.platform_ref as string })
    const callsBefore = await statusCalls()
    const first = await deliver(d)
    expect(first).toEqual({ status: 200, body: { ok: true, applied: 1 } })
    // TikTok delivers at least once: the same delivery again is acknowledged and does nothing.
    expect(await deliver(d)).toEqual({ status: 200, body: { ok: true, duplicate: true } })

    const postId = JSON.parse(JSON.parse(d.body).content).post_id as string
    const done = await eventually(async () => {
      const [t] = await targetsOf(post.id)
      return t?.status === 'published' && (await query(sql`select 1 from publishing_post_events where target_id = ${t.id} and data ? 'outcome'`)).length
        ? t
        : null
    })
    expect(done).toMatchObject({ status: 'published', platform_post_id: postId, attempts: 1 })
    expect(done.permalink).toBe(`https://www.tiktok.com/@ada.fabrics/video/${postId}`)
    expect((await webhookEvents(done.id)).map((e) => e.message)).toEqual(['TikTok says the post is public'])
    // The check after the webhook asked TikTok nothing (one may have been on its way as it came).
    expect(callsBefore).toBeGreaterThan(0)
    expect((await statusCalls()) - callsBefore).toBeLessThanOrEqual(1)
    const view = (await (await api('GET', `/posts/${post.id}`, owner)).json()) as { targets: { status: string; platformPostId: string }[] }
    expect(view.targets[0]).toMatchObject({ status: 'published', platformPostId: postId })
  }, 40_000)

  it('an "unconfirmed" post TikTok later made public, and an inbox draft the creator posted, become published; a failure is told in words', async () => {
    const owner = await signedInMember()
    const channel = await connect(owner, 'tiktok')
    const unconfirmed = await targetIn(owner, 'unconfirmed', `v_pub_file~v2.${crypto.randomUUID()}`, channel.id, { mode: 'direct' })
    const inbox = await targetIn(owner, 'inbox', `v_inbox_file~v2.${crypto.randomUUID()}`, channel.id)
    const failing = await targetIn(owner, 'processing', `v_pub_file~v2.${crypto.randomUUID()}`, channel.id, { mode: 'direct' })
    const refs = await query<{ id: string; platform_ref: string }>(
      sql`select id, platform_ref from publishing_post_targets where id in (${unconfirmed.targetId}, ${inbox.targetId}, ${failing.targetId})`,
    )
    const ref = (id: string) => refs.find((r) => r.id === id)?.platform_ref as string

    expect(
      (await deliver(await delivery({ event: 'post.publish.publicly_available', publish_id: ref(unconfirmed.targetId), post_id: '7400000000000000123' }))).body,
    ).toEqual({
      ok: true,
      applied: 1,
    })
    expect(await targetRow(unconfirmed.targetId)).toMatchObject({ status: 'published', platform_post_id: '7400000000000000123', message: null })

    await deliver(await delivery({ event: 'post.publish.publicly_available', publish_id: ref(inbox.targetId), post_id: '7400000000000000456' }))
    expect(await targetRow(inbox.targetId)).toMatchObject({ status: 'published', platform_post_id: '7400000000000000456' })
    expect((await webhookEvents(inbox.targetId)).map((e) => e.message)).toEqual(['posted from the TikTok inbox; now public'])

    await deliver(await delivery({ event: 'post.publish.failed', publish_id: ref(failing.targetId), reason: 'duration_check_failed' }))
    expect(await targetRow(failing.targetId)).toMatchObject({
      status: 'failed',
      fail_reason: 'duration_check_failed',
      message: 'The video is too long or too short for TikTok',
    })
    // A late failure for a post already public never moves it back.
    await deliver(
      await delivery({ event: 'post.publish.failed', publish_id: ref(unconfirmed.targetId), reason: 'spam_risk_text', at: Math.floor(Date.now() / 1000) - 1 }),
    )
    expect((await targetRow(unconfirmed.targetId)).status).toBe('published')

    // Made private later: still published, with a note the merchant sees.
    await deliver(await delivery({ event: 'post.publish.no_longer_publicaly_available', publish_id: ref(unconfirmed.targetId) }))
    expect(await targetRow(unconfirmed.targetId)).toMatchObject({ status: 'published', message: 'no longer public on TikTok (made private or removed)' })
  })

  it('a delivery naming another TikTok account moves nothing, even with a known publish id', async () => {
    const owner = await signedInMember()
    const channel = await connect(owner, 'tiktok')
    const t = await targetIn(owner, 'processing', `v_pub_file~v2.${crypto.randomUUID()}`, channel.id, { mode: 'direct' })
    const [{ platform_ref }] = await query<{ platform_ref: string }>(sql`select platform_ref from publishing_post_targets where id = ${t.targetId}`)
    const res = await deliver(await delivery({ event: 'post.publish.publicly_available', publish_id: platform_ref, post_id: '1', open_id: '-000someoneelse' }))
    expect(res).toEqual({ status: 200, body: { ok: true, applied: 0 } })
    expect((await targetRow(t.targetId)).status).toBe('processing')
  })

  it('refuses forged, stale and foreign deliveries with 401 and a body that is not a webhook with 400, changing nothing', async () => {
    const owner = await signedInMember()
    const channel = await connect(owner, 'tiktok')
    const t = await targetIn(owner, 'processing', `v_pub_file~v2.${crypto.randomUUID()}`, channel.id, { mode: 'direct' })
    const [{ platform_ref }] = await query<{ platform_ref: string }>(sql`select platform_ref from publishing_post_targets where id = ${t.targetId}`)
    const good = await delivery({ event: 'post.publish.publicly_available', publish_id: platform_ref, post_id: '9' })
    const sig = good.headers['TikTok-Signature']

    // The body changed after signing (another post id slipped in).
    expect((await deliver({ ...good, body: good.body.replace('\\"9\\"', '\\"10\\"') })).status).toBe(401)
    // No signature, a made-up one, a signature of the right shape with another secret.
    expect((await deliver(good, { 'TikTok-Signature': '' })).status).toBe(401)
    expect((await deliver(good, { 'TikTok-Signature': 't=1,s=zz' })).status).toBe(401)
    expect((await deliver(good, { 'TikTok-Signature': sig.replace(/s=[0-9a-f]{4}/, 's=0000') })).status).toBe(401)
    // A replay from ten minutes ago, correctly signed then.
    const stale = await delivery({ event: 'post.publish.publicly_available', publish_id: platform_ref, post_id: '9', at: Math.floor(Date.now() / 1000) - 600 })
    const refused = await deliver(stale)
    expect(refused.status).toBe(401)
    expect(refused.body).toMatchObject({ error: { code: 'unauthorized' } })
    expect((await targetRow(t.targetId)).status).toBe('processing')
    expect(await webhookEvents(t.targetId)).toEqual([])

    // Signed, but not JSON of TikTok's shape.
    const at = Math.floor(Date.now() / 1000)
    const body = '{"hello":"world"}'
    const s = await hmacSha256Hex(env.TIKTOK_CLIENT_SECRET, `${at}.${body}`)
    expect((await deliver({ headers: { 'content-type': 'application/json', 'TikTok-Signature': `t=${at},s=${s}` }, body })).status).toBe(400)
    // Over 64 KiB is not TikTok: cut off while reading.
    expect((await deliver({ headers: good.headers, body: `{"pad":"${'x'.repeat(70_000)}"}` })).status).toBe(413)
    // The real one still works afterwards (refusals left no receipt behind).
    expect((await deliver(good)).body).toEqual({ ok: true, applied: 1 })
  })

  it('authorization.removed asks the shop to reconnect TikTok and pauses its scheduled posts, saying why', async () => {
    const owner = await signedInMember()
    const channel = await connect(owner, 'tiktok')
    // An account of its own, so no other test's TikTok connection is touched.
    const openId = `-000${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`
    await query(sql`update publishing_channels set external_id = ${openId} where id = ${channel.id}`)
    const video = await studioVideoForPublishing(owner.merchantId)
    const res = await api('POST', '/posts', owner, { source: { kind: 'studio', videoId: video.id }, publishAt: soon(60), targets: [tiktokInbox()] })
    expect(res.status).toBe(201)
    const post = (await res.json()) as { id: string }

    expect((await deliver(await delivery({ event: 'authorization.removed', open_id: openId, reason: 1 }))).body).toEqual({ ok: true, applied: 1 })
    const channels = (await (await api('GET', '/channels', owner)).json()) as { items: { platform: string; status: string; statusReason: string }[] }
    expect(channels.items.find((c) => c.platform === 'tiktok')).toMatchObject({
      status: 'reconnect_required',
      statusReason: 'the account disconnected the app in TikTok; connect TikTok again to resume your scheduled posts',
    })
    const [target] = await targetsOf(post.id)
    expect(target).toMatchObject({ status: 'paused' })
    expect(target.message).toMatch(/^paused: the account disconnected the app in TikTok/)
  })

  it('the hourly sweep marks a post left sending by an instance that is gone "unconfirmed", and leaves a running one', async () => {
    const owner = await signedInMember()
    const channel = await connect(owner, 'tiktok')
    const gone = await targetIn(owner, 'publishing', `v_pub_file~v2.${crypto.randomUUID()}`, channel.id)
    const fresh = await targetIn(owner, 'processing', `v_pub_file~v2.${crypto.randomUUID()}`, channel.id)
    const old = new Date(Date.now() - STUCK_AFTER_MS - 60_000)
    await query(
      sql`update publishing_post_targets set workflow_instance_id = ${`gone-${crypto.randomUUID()}`}, updated_at = ${old} where id = ${gone.targetId}`,
    )
    const marked = await withDb((db) => sweepStuckTargets({ db, env }, new Date()))
    expect(marked).toBeGreaterThanOrEqual(1)
    expect(await targetRow(gone.targetId)).toMatchObject({
      status: 'unconfirmed',
      message: 'sending stopped without a final answer from the platform; check the account before posting again',
    })
    // Changed a moment ago: not the sweep's business yet.
    expect((await targetRow(fresh.targetId)).status).toBe('processing')
  })
})
