import { env, introspectWorkflow } from 'cloudflare:test'
import { afterEach, describe, expect, it } from 'vitest'
import { query, signedInMember, sql } from '../../test/helpers'
import {
  api,
  connect,
  fakeCalls,
  fakeGet,
  faults,
  instagramReel,
  type Member,
  scriptReply,
  soon,
  studioVideoForPublishing,
  targetsOf,
  tiktokInbox,
  waitForTargets,
  youtubeShort,
} from './test-kit'

/** Every publish instance created from here on runs without its sleeps (the wait for the time, the status polls' waits). */
async function publishWorkflows() {
  const wf = await introspectWorkflow(env.PUBLISH_WORKFLOW)
  await wf.modifyAll(async (m) => {
    await m.disableSleeps()
    await m.disableRetryDelays()
  })
  return wf
}

afterEach(async () => {
  await Promise.all([faults('tiktok', {}), faults('youtube', {}), faults('instagram', {})])
})

type TikTokPublish = {
  publish_id: string
  mode: string
  post_info: Record<string, unknown> | null
  source_info: Record<string, unknown>
  total: number
  received: number
  post_id: string | null
}
const tiktokPublishesOf = async (publishIds: (string | null)[]) =>
  (await fakeGet<TikTokPublish[]>('tiktok', '/__publishes')).filter((p) => publishIds.includes(p.publish_id))

async function schedule(member: Member, videoId: string, targets: unknown[]) {
  const res = await api('POST', '/posts', member, { source: { kind: 'studio', videoId }, publishAt: soon(2), targets })
  if (res.status !== 201) throw new Error(`create answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as { id: string; targets: { id: string; platform: string; status: string }[] }
}

const eventsOf = (targetId: string) =>
  query<{ kind: string; status: string; message: string }>(
    sql`select kind, status, message from publishing_post_events where target_id = ${targetId} order by id`,
  )

describe('publish workflow: the happy paths', () => {
  it('sends a studio video to the TikTok inbox and YouTube: one upload each, both end with their post ids', async () => {
    await using _wf = await publishWorkflows()
    const owner = await signedInMember()
    await connect(owner, 'tiktok')
    await connect(owner, 'youtube')
    const video = await studioVideoForPublishing(owner.merchantId, { bytes: 6000 })
    const post = await schedule(owner, video.id, [tiktokInbox(), youtubeShort()])
    expect(post.targets.map((t) => t.status)).toEqual(['scheduled', 'scheduled'])

    const [tt, yt] = await waitForTargets(post.id, ['inbox', 'published', 'failed', 'unconfirmed'])
    expect(tt).toMatchObject({ platform: 'tiktok', status: 'inbox', attempts: 1 })
    expect(yt).toMatchObject({ platform: 'youtube', status: 'published', attempts: 1 })
    expect(yt.platform_post_id).toMatch(/^[\w-]{11}$/)

    // TikTok got the platform-clean cut, in one PUT whose Content-Range matched the bytes.
    const [pub] = await tiktokPublishesOf([tt.platform_ref])
    expect(pub).toMatchObject({ mode: 'inbox', total: 6000, received: 6000 })
    expect(pub.source_info).toEqual({ source: 'FILE_UPLOAD', video_size: 6000, chunk_size: 6000, total_chunk_count: 1 })
    const put = (await fakeCalls('tiktok')).filter((c) => c.method === 'PUT' && c.path === '/upload/').at(-1)
    expect(put?.headers['content-range']).toBe('bytes 0-5999/6000')

    // YouTube: the resource says what the merchant chose, AI-made included.
    const ytVideo = (
      await fakeGet<{ id: string; resource: { snippet: { title: string }; status: Record<string, unknown> }; bytes: number }[]>('youtube', '/__videos')
    ).find((v) => v.id === yt.platform_post_id)
    expect(ytVideo?.bytes).toBe(6000)
    expect(ytVideo?.resource.snippet.title).toBe('Ankara wrap dress')
    expect(ytVideo?.resource.status).toMatchObject({ privacyStatus: 'public', containsSyntheticMedia: true, selfDeclaredMadeForKids: false })

    // What the merchant sees: statuses, ids and each attempt logged.
    const view = (await (await api('GET', `/posts/${post.id}`, owner)).json()) as {
      targets: { platform: string; status: string; platformPostId: string; log: { kind: string }[] }[]
    }
    expect(view.targets.map((t) => [t.platform, t.status])).toEqual([
      ['tiktok', 'inbox'],
      ['youtube', 'published'],
    ])
    expect(view.targets.every((t) => t.log.filter((l) => l.kind === 'attempt').length === 1)).toBe(true)
  })

  it('Direct Post follows creator_info: the chosen privacy, duet forced off where the creator disabled it, AI label; published with the public id', async () => {
    await using _wf = await publishWorkflows()
    const owner = await signedInMember()
    await connect(owner, 'tiktok')
    const video = await studioVideoForPublishing(owner.merchantId)
    // No privacy chosen: refused at once (there is no default).
    const noPrivacy = await api('POST', '/posts', owner, {
      source: { kind: 'studio', videoId: video.id },
      publishAt: soon(2),
      targets: [{ platform: 'tiktok', caption: 'Hi', tiktok: { mode: 'direct', musicConsent: true } }],
    })
    expect(noPrivacy.status).toBe(400)
    expect(await noPrivacy.text()).toMatch(/no default/)
    const notOffered = await api('POST', '/posts', owner, {
      source: { kind: 'studio', videoId: video.id },
      publishAt: soon(2),
      targets: [{ platform: 'tiktok', caption: 'Hi', tiktok: { mode: 'direct', privacyLevel: 'FOLLOWER_OF_CREATOR', musicConsent: true } }],
    })
    expect(notOffered.status).toBe(400)

    const post = await schedule(owner, video.id, [
      {
        platform: 'tiktok',
        caption: 'Wrap dress',
        hashtags: ['ankara'],
        tiktok: { mode: 'direct', privacyLevel: 'SELF_ONLY', isAigc: true, musicConsent: true },
      },
    ])
    const [tt] = await waitForTargets(post.id, ['published', 'failed', 'unconfirmed'])
    expect(tt.status).toBe('published')
    expect(tt.platform_post_id).toMatch(/^74\d{17}$/)
    expect(tt.permalink).toBe(`https://www.tiktok.com/@ada.fabrics/video/${tt.platform_post_id}`)
    const [pub] = await tiktokPublishesOf([tt.platform_ref])
    expect(pub.post_info).toEqual({
      title: 'Wrap dress #ankara',
      privacy_level: 'SELF_ONLY',
      disable_comment: false,
      disable_duet: true,
      disable_stitch: false,
      brand_content_toggle: false,
      brand_organic_toggle: false,
      is_aigc: true,
    })
  })

  it('posts a Reel: container from our media domain → FINISHED → the publishing limit read → media_publish', async () => {
    await using _wf = await publishWorkflows()
    const owner = await signedInMember()
    await connect(owner, 'instagram')
    const video = await studioVideoForPublishing(owner.merchantId)
    const post = await schedule(owner, video.id, [instagramReel()])
    const [ig] = await waitForTargets(post.id, ['published', 'failed', 'unconfirmed'])
    expect(ig.status).toBe('published')
    expect(ig.permalink).toMatch(/^https:\/\/www\.instagram\.com\/reel\//)
    const containers = await fakeGet<{ id: string; videoUrl: string; caption: string }[]>('instagram', '/__containers')
    const c = containers.find((x) => x.id === ig.platform_ref)
    expect(c?.videoUrl).toBe(`http://hub.test/media/${video.cuts[1].key}`)
    expect(c?.caption).toBe('Our new wrap dress\n\n#ankara')
    const calls = (await fakeCalls('instagram')).map((x) => `${x.method} ${x.path}`)
    const limitAt = calls.lastIndexOf(calls.find((x) => x.endsWith('/content_publishing_limit')) as string)
    expect(limitAt).toBeGreaterThan(-1)
    expect(calls.lastIndexOf(calls.find((x) => x.endsWith('/media_publish')) as string)).toBeGreaterThan(limitAt)
    const publishes = (await fakeGet<{ container: string }[]>('instagram', '/__publishes')).filter((p) => p.container === ig.platform_ref)
    expect(publishes).toHaveLength(1)
  })
})

describe('publish workflow: TikTok rate limits', () => {
  it("keeps to TikTok's 6 posts a minute per account: a post past it waits for the bucket, says so, then sends once", async () => {
    // Real sleeps for the wait under test; the wait for the time and the status polls' waits are skipped.
    await using wf = await introspectWorkflow(env.PUBLISH_WORKFLOW)
    await wf.modifyAll(async (m) => {
      await m.disableSleeps([{ name: 'wait-for-publish-time' }, ...Array.from({ length: 20 }, (_, i) => ({ name: `status-wait-${i + 1}` }))])
      await m.disableRetryDelays()
    })
    const owner = await signedInMember()
    const channel = await connect(owner, 'tiktok')
    // This account made its 6 inits of the minute: 0.8 of a token has come back since, so the next one may go in 2 s.
    await query(
      sql`insert into outbox_pacing (key, tokens, refilled_at) values (${`tiktok:init:${channel.id}`}, 0, now() - interval '8 seconds')
          on conflict (key) do update set tokens = 0, refilled_at = now() - interval '8 seconds'`,
    )
    const video = await studioVideoForPublishing(owner.merchantId)
    const t0 = Date.now()
    const post = await schedule(owner, video.id, [tiktokInbox()])
    const [tt] = await waitForTargets(post.id, ['inbox', 'published', 'failed', 'unconfirmed'], 30_000)
    expect(tt).toMatchObject({ status: 'inbox', attempts: 1 })
    expect(Date.now() - t0).toBeGreaterThan(1500)
    expect((await tiktokPublishesOf([tt.platform_ref])).length).toBe(1)
    const events = await eventsOf(tt.id)
    expect(events.some((e) => /TikTok takes at most 6 posts a minute from one account; sending in 2 s/.test(e.message ?? ''))).toBe(true)
  }, 40_000)
})

describe('publish workflow: faults', () => {
  it('a timeout after TikTok accepted the init is "unconfirmed", told honestly, and never sent again', async () => {
    await using _wf = await publishWorkflows()
    const owner = await signedInMember()
    await connect(owner, 'tiktok')
    const video = await studioVideoForPublishing(owner.merchantId)
    await faults('tiktok', { init: 'hang', hangMs: 4000 })
    const before = (await fakeGet<TikTokPublish[]>('tiktok', '/__publishes')).length
    const post = await schedule(owner, video.id, [tiktokInbox()])
    const [tt] = await waitForTargets(post.id, ['unconfirmed', 'failed', 'inbox'])
    expect(tt.status).toBe('unconfirmed')
    expect(tt.attempts).toBe(1)
    expect(tt.message).toMatch(/did not answer after the post was sent; check the account before posting again/)
    await new Promise((r) => setTimeout(r, 4500))
    // TikTok created exactly one publish for it; nothing was re-sent.
    expect((await fakeGet<TikTokPublish[]>('tiktok', '/__publishes')).length).toBe(before + 1)
  })

  it('a connection dropped mid-PUT after TikTok stored the bytes: status/fetch gives the verdict, one publish', async () => {
    await using _wf = await publishWorkflows()
    const owner = await signedInMember()
    await connect(owner, 'tiktok')
    const video = await studioVideoForPublishing(owner.merchantId)
    await faults('tiktok', { put: 'drop-after-receive' })
    const post = await schedule(owner, video.id, [tiktokInbox()])
    const [tt] = await waitForTargets(post.id, ['inbox', 'failed', 'unconfirmed'])
    expect(tt.status).toBe('inbox')
    expect(await tiktokPublishesOf([tt.platform_ref])).toHaveLength(1)
    expect((await eventsOf(tt.id)).some((e) => /upload interrupted/.test(e.message ?? ''))).toBe(true)
  })

  it('TikTok answering FAILED with a fail_reason ends the post as failed, in words the merchant understands', async () => {
    await using _wf = await publishWorkflows()
    const owner = await signedInMember()
    await connect(owner, 'tiktok')
    const video = await studioVideoForPublishing(owner.merchantId)
    await faults('tiktok', { statuses: ['PROCESSING_UPLOAD', 'FAILED'], failReason: 'duration_check_failed' })
    const post = await schedule(owner, video.id, [tiktokInbox()])
    const [tt] = await waitForTargets(post.id, ['failed', 'inbox', 'unconfirmed'])
    expect(tt).toMatchObject({ status: 'failed', fail_reason: 'duration_check_failed', attempts: 1 })
    expect(tt.message).toBe('The video is too long or too short for TikTok')
  })

  it('a 401 on the status read refreshes the token once and goes on', async () => {
    await using _wf = await publishWorkflows()
    const owner = await signedInMember()
    await connect(owner, 'tiktok')
    const video = await studioVideoForPublishing(owner.merchantId)
    await scriptReply('tiktok', {
      method: 'POST',
      path: '^/v2/post/publish/status/fetch/$',
      status: 401,
      body: { data: {}, error: { code: 'access_token_invalid', message: 'The access token is invalid', log_id: 'x' } },
      times: 1,
    })
    const post = await schedule(owner, video.id, [tiktokInbox()])
    const [tt] = await waitForTargets(post.id, ['inbox', 'failed', 'unconfirmed'])
    expect(tt.status).toBe('inbox')
    const [row] = await query<{ refresh_count: number }>(sql`select refresh_count from publishing_channels where merchant_id = ${owner.merchantId}`)
    expect(row.refresh_count).toBe(1)
  })

  it('a 5xx before anything was sent (the upload session) is waited out and tried again: one video', async () => {
    await using _wf = await publishWorkflows()
    const owner = await signedInMember()
    await connect(owner, 'youtube')
    const video = await studioVideoForPublishing(owner.merchantId)
    await scriptReply('youtube', {
      method: 'POST',
      path: '^/upload/youtube/v3/videos$',
      status: 503,
      body: { error: { code: 503, message: 'Backend Error', errors: [{ domain: 'global', reason: 'backendError', message: 'Backend Error' }] } },
      times: 1,
    })
    const post = await schedule(owner, video.id, [youtubeShort('After a 503')])
    const [yt] = await waitForTargets(post.id, ['published', 'failed', 'unconfirmed'])
    expect(yt).toMatchObject({ status: 'published', attempts: 1 })
    expect((await eventsOf(yt.id)).some((e) => /YouTube had an internal error; trying again/.test(e.message ?? ''))).toBe(true)
    const videos = (await fakeGet<{ resource: { snippet: { title: string } } }[]>('youtube', '/__videos')).filter(
      (v) => v.resource.snippet.title === 'After a 503',
    )
    expect(videos).toHaveLength(1)
  })

  it('YouTube: a PUT dropped halfway is probed with bytes */N and resumed from the byte that arrived; one video', async () => {
    await using _wf = await publishWorkflows()
    const owner = await signedInMember()
    await connect(owner, 'youtube')
    const video = await studioVideoForPublishing(owner.merchantId, { bytes: 8000 })
    await faults('youtube', { put: 'drop' })
    const post = await schedule(owner, video.id, [youtubeShort('Resumed upload')])
    const [yt] = await waitForTargets(post.id, ['published', 'failed', 'unconfirmed'])
    expect(yt.status).toBe('published')
    const puts = (await fakeCalls('youtube')).filter(
      (c) => c.method === 'PUT' && c.query.upload_id === new URL(yt.platform_ref as string).searchParams.get('upload_id'),
    )
    expect(puts.map((p) => p.headers['content-range'])).toEqual(['bytes 0-7999/8000', 'bytes */8000', 'bytes 4000-7999/8000'])
    const videos = (await fakeGet<{ id: string; bytes: number; resource: { snippet: { title: string } } }[]>('youtube', '/__videos')).filter(
      (v) => v.resource.snippet.title === 'Resumed upload',
    )
    expect(videos).toHaveLength(1)
    expect(videos[0].bytes).toBe(8000)
  })

  it('YouTube quotaExceeded is waited out (nothing was accepted) and the post goes out after, with the wait on its log', async () => {
    await using _wf = await publishWorkflows()
    const owner = await signedInMember()
    await connect(owner, 'youtube')
    const video = await studioVideoForPublishing(owner.merchantId)
    await faults('youtube', {})
    await scriptReply('youtube', {
      method: 'POST',
      path: '^/upload/youtube/v3/videos$',
      status: 403,
      body: { error: { code: 403, message: 'quota', errors: [{ domain: 'youtube.quota', reason: 'quotaExceeded', message: 'quota' }] } },
      times: 1,
    })
    const post = await schedule(owner, video.id, [youtubeShort('After the quota')])
    const [yt] = await waitForTargets(post.id, ['published', 'failed', 'unconfirmed'])
    expect(yt.status).toBe('published')
    expect(yt.attempts).toBe(1)
    const log = await eventsOf(yt.id)
    expect(log.some((e) => /daily upload quota/.test(e.message ?? ''))).toBe(true)
  })

  it('Instagram: a container ending in ERROR fails the post with the reason; nothing is published', async () => {
    await using _wf = await publishWorkflows()
    const owner = await signedInMember()
    await connect(owner, 'instagram')
    const video = await studioVideoForPublishing(owner.merchantId)
    await faults('instagram', { container: 'ERROR' })
    const post = await schedule(owner, video.id, [instagramReel()])
    const [ig] = await waitForTargets(post.id, ['failed', 'published', 'unconfirmed'])
    expect(ig).toMatchObject({ status: 'failed', fail_reason: '2207082', attempts: 0 })
    expect(ig.message).toMatch(/Instagram could not process the video/)
  })

  it('Instagram at its publishing limit: refused before media_publish, with the limit in the message', async () => {
    await using _wf = await publishWorkflows()
    const owner = await signedInMember()
    await connect(owner, 'instagram')
    const video = await studioVideoForPublishing(owner.merchantId)
    await faults('instagram', { quotaUsed: 50 })
    const post = await schedule(owner, video.id, [instagramReel()])
    const [ig] = await waitForTargets(post.id, ['failed', 'published', 'unconfirmed'])
    expect(ig.status).toBe('failed')
    expect(ig.message).toMatch(/limit of 50 posts from apps in 24 hours/)
    expect(ig.attempts).toBe(0)
  })

  it('Instagram: a failing publishing-limit read before media_publish is waited out and tried again; published once', async () => {
    await using _wf = await publishWorkflows()
    const owner = await signedInMember()
    await connect(owner, 'instagram')
    const video = await studioVideoForPublishing(owner.merchantId)
    await faults('instagram', { limitErrors: 2 })
    const post = await schedule(owner, video.id, [instagramReel()])
    const [ig] = await waitForTargets(post.id, ['failed', 'published', 'unconfirmed'])
    expect(ig).toMatchObject({ status: 'published', attempts: 1 })
    expect(ig.platform_post_id).toBeTruthy()
    const publishes = (await fakeCalls('instagram')).filter((c) => c.method === 'POST' && c.path.endsWith('/media_publish'))
    const creationId = (c: { query: Record<string, string>; body: unknown }) => c.query.creation_id ?? (c.body as { creation_id?: string } | null)?.creation_id
    expect(publishes.filter((c) => creationId(c) === ig.platform_ref)).toHaveLength(1)
    expect((await eventsOf(ig.id)).filter((e) => /before publishing|trying again/.test(e.message ?? '')).length).toBeGreaterThanOrEqual(2)
  })

  it('a channel that needs reconnecting pauses the post instead of sending it', async () => {
    await using _wf = await publishWorkflows()
    const owner = await signedInMember()
    await connect(owner, 'tiktok')
    const video = await studioVideoForPublishing(owner.merchantId)
    // Access expired and the refresh refused: the refresh step pauses it.
    await query(sql`update publishing_channels set access_expires_at = now() - interval '1 minute' where merchant_id = ${owner.merchantId}`)
    const post = await api('POST', '/posts', owner, {
      source: { kind: 'studio', videoId: video.id },
      publishAt: soon(2),
      draft: true,
      targets: [tiktokInbox()],
    })
    const { id } = (await post.json()) as { id: string }
    await faults('tiktok', { refresh: 'invalid' })
    // Scheduling reads creator_info, which refreshes first: the refusal surfaces to the merchant at once.
    const res = await api('PATCH', `/posts/${id}`, owner, { draft: false })
    expect(res.status).toBe(409)
    expect(await res.text()).toMatch(/connect your TikTok account again/)
    const [target] = await targetsOf(id)
    expect(target.status).toBe('paused')
    expect(target.message).toMatch(/^paused: TikTok refused to renew the connection/)
    expect(target.attempts).toBe(0)
    const [ch] = await query<{ status: string }>(sql`select status from publishing_channels where merchant_id = ${owner.merchantId}`)
    expect(ch.status).toBe('reconnect_required')
  })

  it('a caption the safety check blocks is refused when scheduling, with the hit', async () => {
    const owner = await signedInMember()
    await connect(owner, 'youtube')
    const video = await studioVideoForPublishing(owner.merchantId)
    const res = await api('POST', '/posts', owner, {
      source: { kind: 'studio', videoId: video.id },
      publishAt: soon(2),
      targets: [{ ...youtubeShort(), caption: 'This miracle tea cures diabetes fast' }],
    })
    expect(res.status).toBe(422)
    const body = (await res.json()) as { error: { details: { safety: { hits: { category: string }[] } } } }
    expect(body.error.details.safety.hits.some((h) => h.category === 'health_claim')).toBe(true)
  })
})
