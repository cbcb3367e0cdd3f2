import { env, SELF } from 'cloudflare:test'
import { afterEach, describe, expect, it } from 'vitest'
import { query, signedInMember, sql, withDb } from '../../test/helpers'
import { configOf } from '../config'
import { openTokens, refreshChannel } from './channel-tokens'
import { api, connect, consent, fakeCalls, fakeGet, faults, soon, studioVideoForPublishing, targetsOf } from './test-kit'

afterEach(async () => {
  await Promise.all([faults('tiktok', {}), faults('youtube', {}), faults('instagram', {})])
})

const config = () => configOf(env)

describe('connecting accounts', () => {
  it('connects TikTok through the consent page: state and PKCE checked, tokens stored encrypted with their lifetimes', async () => {
    const owner = await signedInMember()
    const start = await api('POST', '/channels/connect', owner, { platform: 'tiktok' })
    expect(start.status).toBe(200)
    const { authorizeUrl } = (await start.json()) as { authorizeUrl: string }
    const u = new URL(authorizeUrl)
    expect(u.pathname).toBe('/v2/auth/authorize/')
    expect(u.searchParams.get('scope')).toBe('user.info.basic,video.list,video.upload,video.publish')
    expect(u.searchParams.get('code_challenge')).toMatch(/^[0-9a-f]{64}$/)
    expect(u.searchParams.get('state')?.length).toBeGreaterThan(20)

    const back = await consent(authorizeUrl)
    const done = await SELF.fetch(back, { headers: owner.headers, redirect: 'manual' })
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('http://hub.test/settings/publishing?connected=tiktok')

    const list = (await (await api('GET', '/channels', owner)).json()) as {
      items: { platform: string; status: string; displayName: string; username: string; accessExpiresAt: string; refreshExpiresAt: string }[]
      available: string[]
    }
    expect(list.available).toEqual(['tiktok', 'youtube', 'instagram'])
    expect(list.items).toHaveLength(1)
    expect(list.items[0]).toMatchObject({ platform: 'tiktok', status: 'active', displayName: 'Ada Fabrics', username: 'ada.fabrics' })
    // TikTok's current lifetimes: 2 h access, 180 days refresh.
    expect(Math.round((Date.parse(list.items[0].accessExpiresAt) - Date.now()) / 60_000)).toBeGreaterThan(115)
    expect(Math.round((Date.parse(list.items[0].refreshExpiresAt) - Date.now()) / 86_400_000)).toBe(180)
    const [row] = await query<{ tokens_encrypted: string }>(sql`select tokens_encrypted from publishing_channels where merchant_id = ${owner.merchantId}`)
    expect(row.tokens_encrypted).toMatch(/^v2\./)
    expect(row.tokens_encrypted).not.toMatch(/act\.|rft\./)
    // The state is single-use: the same callback again is refused.
    const again = await SELF.fetch(back, { headers: owner.headers, redirect: 'manual' })
    expect(again.headers.get('location')).toMatch(/error=/)
  })

  it('refuses a callback whose state another session started (login CSRF), and connects nothing', async () => {
    const owner = await signedInMember()
    const other = await signedInMember({ merchantId: owner.merchantId, role: 'owner' })
    const { authorizeUrl } = (await (await api('POST', '/channels/connect', owner, { platform: 'tiktok' })).json()) as { authorizeUrl: string }
    const back = await consent(authorizeUrl)
    const res = await SELF.fetch(back, { headers: other.headers, redirect: 'manual' })
    expect(res.headers.get('location')).toMatch(/error=this\+connect\+link\+was\+not\+started\+from\+this\+browser\+session/)
    const rows = await query(sql`select 1 from publishing_channels where merchant_id = ${owner.merchantId}`)
    expect(rows).toHaveLength(0)
  })

  it('connects YouTube with offline access (a refresh token) and Instagram through Facebook Login (a 60-day token)', async () => {
    const owner = await signedInMember()
    const yt = await connect(owner, 'youtube')
    expect(yt.status).toBe('active')
    const tokenCall = (await fakeCalls('youtube')).filter((c) => c.path === '/token').at(-1)
    expect(tokenCall?.body).toMatchObject({ grant_type: 'authorization_code' })
    expect(((tokenCall?.body ?? {}) as Record<string, string>).code_verifier).toBeTruthy()
    const auth = (await fakeCalls('youtube')).filter((c) => c.path === '/o/oauth2/v2/auth').at(-1)
    expect(auth?.body).toMatchObject({ access_type: 'offline', code_challenge_method: 'S256' })
    expect((await openTokens(config(), { tokensEncrypted: yt.tokens_encrypted, platform: 'youtube' })).refreshToken).toMatch(/^1\/\//)

    const ig = await connect(owner, 'instagram')
    expect(ig.status).toBe('active')
    expect(ig.username).toBe('ada.fabrics')
    expect(Math.round((Date.parse(String(ig.access_expires_at)) - Date.now()) / 86_400_000)).toBe(60)
  })

  it('disconnecting revokes the grant at TikTok, forgets the tokens and cancels unsent posts', async () => {
    const owner = await signedInMember()
    const ch = await connect(owner, 'tiktok')
    const video = await studioVideoForPublishing(owner.merchantId)
    const created = await api('POST', '/posts', owner, {
      source: { kind: 'studio', videoId: video.id },
      publishAt: soon(60),
      draft: true,
      targets: [{ platform: 'tiktok', caption: 'Hello', tiktok: { mode: 'inbox' } }],
    })
    expect(created.status).toBe(201)
    const post = (await created.json()) as { id: string }
    const before = (await fakeCalls('tiktok')).filter((c) => c.path === '/v2/oauth/revoke/').length
    expect((await api('DELETE', `/channels/${ch.id}`, owner)).status).toBe(204)
    const revokes = (await fakeCalls('tiktok')).filter((c) => c.path === '/v2/oauth/revoke/')
    expect(revokes.length).toBe(before + 1)
    const [row] = await query<{ status: string; tokens_encrypted: string | null }>(
      sql`select status, tokens_encrypted from publishing_channels where id = ${ch.id}`,
    )
    expect(row).toEqual({ status: 'disconnected', tokens_encrypted: null })
    expect((await targetsOf(post.id))[0].status).toBe('cancelled')
    const list = (await (await api('GET', '/channels', owner)).json()) as { items: unknown[] }
    expect(list.items).toEqual([])
  })
})

describe('token refresh', () => {
  it('two refreshes racing make one call to TikTok and leave exactly one stored token, which still refreshes (rotation)', async () => {
    const owner = await signedInMember()
    const ch = await connect(owner, 'tiktok')
    const old = await openTokens(config(), { tokensEncrypted: ch.tokens_encrypted, platform: 'tiktok' })
    await faults('tiktok', { refreshDelayMs: 400 })
    const calls = async () =>
      (await fakeCalls('tiktok')).filter((c) => c.path === '/v2/oauth/token/' && (c.body as Record<string, string>).grant_type === 'refresh_token')
    const before = (await calls()).length
    const [a, b] = await withDb((db) =>
      Promise.all([
        refreshChannel({ db, config: config() }, ch.id, { stale: old.accessToken }),
        refreshChannel({ db, config: config() }, ch.id, { stale: old.accessToken }),
      ]),
    )
    expect(a).toBe(b)
    expect(a).not.toBe(old.accessToken)
    expect((await calls()).length).toBe(before + 1)
    const [row] = await query<{ tokens_encrypted: string; refresh_count: number; status: string }>(
      sql`select tokens_encrypted, refresh_count, status from publishing_channels where id = ${ch.id}`,
    )
    expect(row.refresh_count).toBe(1)
    const stored = await openTokens(config(), { tokensEncrypted: row.tokens_encrypted, platform: 'tiktok' })
    expect(stored.accessToken).toBe(a)
    expect(stored.refreshToken).not.toBe(old.refreshToken)
    // The old refresh token is spent at TikTok; the stored one works.
    const tokens = await fakeGet<{ refresh: { token: string; used: boolean }[] }>('tiktok', '/__tokens')
    expect(tokens.refresh.find((t) => t.token === old.refreshToken)?.used).toBe(true)
    await faults('tiktok', {})
    const next = await withDb((db) => refreshChannel({ db, config: config() }, ch.id, { stale: a }))
    expect(next).not.toBe(a)
    expect(row.status).toBe('active')
  })

  it('a refused refresh marks the channel "reconnect", pauses its scheduled posts with the reason, and a reconnect resumes them', async () => {
    const owner = await signedInMember()
    const ch = await connect(owner, 'tiktok')
    const video = await studioVideoForPublishing(owner.merchantId)
    const post = (await (
      await api('POST', '/posts', owner, {
        source: { kind: 'studio', videoId: video.id },
        publishAt: soon(600),
        targets: [{ platform: 'tiktok', caption: 'Hello', tiktok: { mode: 'inbox' } }],
      })
    ).json()) as { id: string }
    expect((await targetsOf(post.id))[0].status).toBe('scheduled')
    await faults('tiktok', { refresh: 'invalid' })
    const old = await openTokens(config(), { tokensEncrypted: ch.tokens_encrypted, platform: 'tiktok' })
    await expect(withDb((db) => refreshChannel({ db, config: config() }, ch.id, { stale: old.accessToken }))).rejects.toThrow(
      /connect your TikTok account again/,
    )

    const list = (await (await api('GET', '/channels', owner)).json()) as { items: { status: string; statusReason: string }[] }
    expect(list.items[0].status).toBe('reconnect_required')
    expect(list.items[0].statusReason).toMatch(/TikTok refused to renew the connection \(invalid_grant\); connect it again/)
    const [paused] = await targetsOf(post.id)
    expect(paused.status).toBe('paused')
    expect(paused.message).toMatch(/^paused: TikTok refused to renew/)

    await faults('tiktok', {})
    await connect(owner, 'tiktok')
    const [resumed] = await targetsOf(post.id)
    expect(resumed.status).toBe('scheduled')
    expect(resumed.workflow_instance_id).toMatch(new RegExp(`^pub-${resumed.id}-2$`))
  })
})
