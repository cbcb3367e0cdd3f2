import { randomBytes } from 'node:crypto'
import { FAKE_PUBLISHING_CLIENTS } from '../secrets'
import { createFakeServer, type FakeReply, type FakeServer, type RecordedCall } from './fake-server'

const CLIENT = FAKE_PUBLISHING_CLIENTS.instagram
const V = '/v21.0'

/**
 * Faults (`POST /__faults`, replacing the last set):
 * - `exchange`: `invalid` refuses the token exchange (an expired or revoked token, code 190);
 * - `container`: `ERROR` makes containers end in ERROR (subcode 2207082); `statuses` scripts the sequence;
 * - `quotaUsed`: `content_publishing_limit` reports this many used (at the total, publish fails with code 9);
 * - `publish`: `hang` records the publish and answers too late;
 * - `limitErrors`: the next N `content_publishing_limit` reads answer Graph's transient 500 (code 2).
 */
export type InstagramFaults = {
  exchange?: 'invalid'
  container?: 'ERROR'
  statuses?: string[]
  quotaUsed?: number
  publish?: 'hang'
  hangMs?: number
  limitErrors?: number
}

type Container = {
  id: string
  igUserId: string
  videoUrl: string
  caption: string
  shareToFeed: boolean
  statuses: string[]
  reads: number
  published: string | null
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
const graphError = (message: string, code: number, subcode?: number, status = 400): FakeReply => ({
  status,
  body: {
    error: {
      message,
      type: code === 190 ? 'OAuthException' : 'OAuthException',
      code,
      ...(subcode ? { error_subcode: subcode } : {}),
      fbtrace_id: randomBytes(8).toString('base64url'),
    },
  },
})
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * A local Facebook Login + Instagram Graph API (content publishing) in their wire formats:
 * `/v21.0/dialog/oauth` (consent page), `GET /v21.0/oauth/access_token` (code → short-lived
 * token; `grant_type=fb_exchange_token` → a 60-day token), `me/accounts` with the linked
 * `instagram_business_account`, `DELETE me/permissions` (revoke), Reels containers
 * (`POST /{ig-user-id}/media?media_type=REELS&video_url=…`), `GET /{container}?fields=status_code`,
 * `content_publishing_limit`, `media_publish`, `GET /{media}?fields=permalink` and
 * `/{media}/insights`. Parameters come in the query string or a form body, as Graph accepts both.
 */
export async function createInstagramFake(): Promise<FakeServer> {
  let faults: InstagramFaults = {}
  const igUserId = `1784${randomBytes(6).readUIntBE(0, 6)}`.slice(0, 17)
  const codes = new Map<string, { redirectUri: string; scope: string }>()
  const tokens = new Map<string, { expiresAt: number; long: boolean }>()
  const containers = new Map<string, Container>()
  const media = new Map<string, { id: string; container: string; views: number; reads: number }>()
  const publishes: { container: string; media: string; at: number }[] = []

  const params = (call: RecordedCall) => ({ ...call.query, ...(typeof call.body === 'object' && call.body ? (call.body as Record<string, string>) : {}) })
  const tokenOf = (call: RecordedCall) => /^(?:Bearer|OAuth)\s+(.+)$/i.exec(call.headers.authorization ?? '')?.[1] ?? params(call).access_token ?? ''
  const denied = (call: RecordedCall): FakeReply | null => {
    const t = tokens.get(tokenOf(call))
    if (!t || t.expiresAt < Date.now()) return graphError('Error validating access token: Session has expired or the token is invalid.', 190, 463, 400)
    return null
  }

  const consentPage = (q: Record<string, string>) => {
    const hidden = Object.entries(q)
      .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
      .join('')
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Facebook (fake)</title></head>
<body style="font-family:system-ui;max-width:420px;margin:10vh auto"><h1>Continue as Ada?</h1><p>${esc(q.scope ?? '')}</p>
<form method="post" action="${V}/dialog/oauth">${hidden}<button type="submit">Continue</button></form></body></html>`
  }

  const fake = await createFakeServer('instagram', async (call, raw): Promise<FakeReply> => {
    const route = `${call.method} ${call.path}`
    const p = params(call)
    if (route === 'POST /__faults') {
      faults = JSON.parse(raw.toString() || '{}') as InstagramFaults
      return { status: 200, body: { ok: true } }
    }
    if (route === 'GET /__publishes') return { status: 200, body: publishes }
    if (route === 'GET /__containers') return { status: 200, body: [...containers.values()] }
    if (route === `GET ${V}/dialog/oauth`) return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, raw: consentPage(call.query) }
    if (route === `POST ${V}/dialog/oauth`) {
      if (p.client_id !== CLIENT.id) return { status: 400, raw: 'Invalid App ID' }
      const code = `AQ${randomBytes(24).toString('base64url')}`
      codes.set(code, { redirectUri: p.redirect_uri, scope: p.scope ?? '' })
      const to = new URL(p.redirect_uri)
      to.searchParams.set('code', code)
      if (p.state) to.searchParams.set('state', p.state)
      return { status: 302, headers: { location: `${to.toString()}#_=_` }, raw: '' }
    }
    if (route === `GET ${V}/oauth/access_token`) {
      if (p.client_id !== CLIENT.id || p.client_secret !== CLIENT.secret) return graphError('Error validating client secret.', 1, undefined, 400)
      const issue = (long: boolean) => {
        const t = `EAA${randomBytes(30).toString('base64url')}`
        const expiresIn = long ? 5_184_000 : 3600
        tokens.set(t, { expiresAt: Date.now() + expiresIn * 1000, long })
        return { access_token: t, token_type: 'bearer', expires_in: expiresIn }
      }
      if (p.grant_type === 'fb_exchange_token') {
        if (faults.exchange === 'invalid' || !tokens.has(p.fb_exchange_token ?? ''))
          return graphError('Error validating access token: The session has been invalidated because the user changed their password.', 190, 460)
        return { status: 200, body: issue(true) }
      }
      const g = codes.get(p.code ?? '')
      codes.delete(p.code ?? '')
      if (!g || g.redirectUri !== p.redirect_uri) return graphError('This authorization code has been used.', 100, 36009)
      return { status: 200, body: issue(false) }
    }
    if (route === `GET ${V}/me/accounts`) {
      const d = denied(call)
      if (d) return d
      return {
        status: 200,
        body: {
          data: [
            {
              id: '100200300400500',
              name: 'Ada Fabrics',
              access_token: `EAAPage${randomBytes(8).toString('hex')}`,
              instagram_business_account: { id: igUserId, username: 'ada.fabrics', profile_picture_url: 'https://scontent.cdninstagram.com/fake.jpg' },
            },
          ],
          paging: { cursors: { before: 'x', after: 'y' } },
        },
      }
    }
    if (route === `DELETE ${V}/me/permissions`) {
      const d = denied(call)
      if (d) return d
      tokens.delete(tokenOf(call))
      return { status: 200, body: { success: true } }
    }
    if (route === `POST ${V}/${igUserId}/media`) {
      const d = denied(call)
      if (d) return d
      if (p.media_type !== 'REELS') return graphError('The parameter media_type must be REELS for video.', 100)
      if (!/^https?:\/\//.test(p.video_url ?? '')) return graphError('The parameter video_url is required.', 100)
      const id = `1790${randomBytes(6).readUIntBE(0, 6)}`
      containers.set(id, {
        id,
        igUserId,
        videoUrl: p.video_url,
        caption: p.caption ?? '',
        shareToFeed: p.share_to_feed !== 'false',
        statuses: faults.statuses ?? (faults.container === 'ERROR' ? ['IN_PROGRESS', 'ERROR'] : ['IN_PROGRESS', 'FINISHED']),
        reads: 0,
        published: null,
      })
      return { status: 200, body: { id } }
    }
    if (route === `GET ${V}/${igUserId}/content_publishing_limit`) {
      const d = denied(call)
      if (d) return d
      if (faults.limitErrors && faults.limitErrors > 0) {
        faults.limitErrors--
        return graphError('Service temporarily unavailable', 2, undefined, 500)
      }
      return { status: 200, body: { data: [{ config: { quota_total: 50, quota_duration: 86400 }, quota_usage: faults.quotaUsed ?? publishes.length }] } }
    }
    if (route === `POST ${V}/${igUserId}/media_publish`) {
      const d = denied(call)
      if (d) return d
      const c = containers.get(p.creation_id ?? '')
      if (!c) return graphError('Media ID is not available', 9007, 2207027)
      if ((faults.quotaUsed ?? publishes.length) >= 50) return graphError('Application request limit reached', 9, 2207042)
      const status = c.statuses[Math.min(c.reads - 1, c.statuses.length - 1)]
      if (status !== 'FINISHED') return graphError('Media ID is not available', 9007, 2207027)
      if (c.published) return graphError('The media has already been published', 9007, 2207008)
      const id = `1801${randomBytes(6).readUIntBE(0, 6)}`
      c.published = id
      media.set(id, { id, container: c.id, views: 0, reads: 0 })
      publishes.push({ container: c.id, media: id, at: Date.now() })
      if (faults.publish === 'hang') await sleep(faults.hangMs ?? 8000)
      return { status: 200, body: { id } }
    }
    const insights = new RegExp(`^GET ${V}/(\\d+)/insights$`).exec(route)
    if (insights) {
      const d = denied(call)
      if (d) return d
      const m = media.get(insights[1])
      if (!m) return graphError('Unsupported get request.', 100, 33)
      m.reads++
      m.views += 200
      const metrics: Record<string, number> = { views: m.views, likes: m.reads * 14, comments: m.reads * 2, shares: m.reads, saved: m.reads * 3 }
      const wanted = (p.metric ?? '').split(',').filter(Boolean)
      return {
        status: 200,
        body: {
          data: wanted
            .filter((w) => w in metrics)
            .map((name) => ({ name, period: 'lifetime', values: [{ value: metrics[name] }], title: name, id: `${m.id}/insights/${name}/lifetime` })),
        },
      }
    }
    const node = new RegExp(`^GET ${V}/(\\d+)$`).exec(route)
    if (node) {
      const d = denied(call)
      if (d) return d
      const c = containers.get(node[1])
      if (c) {
        c.reads++
        const status_code = c.statuses[Math.min(c.reads - 1, c.statuses.length - 1)]
        return {
          status: 200,
          body: { id: c.id, status_code, ...(status_code === 'ERROR' ? { status: 'Error: Media upload has failed with error code 2207082' } : {}) },
        }
      }
      const m = media.get(node[1])
      if (m) return { status: 200, body: { id: m.id, permalink: `https://www.instagram.com/reel/${m.id.slice(-11)}/` } }
      return graphError('Unsupported get request. Object does not exist.', 100, 33)
    }
    return graphError(`Unknown path components: ${call.path}`, 2500, undefined, 404)
  })
  return fake
}
