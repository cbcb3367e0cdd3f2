import pg from 'pg'
import sharp from 'sharp'
import { describe, expect, inject, it } from 'vitest'

/**
 * Durability of the studio's Workflow under a crash: a video waits for the merchant's review,
 * wrangler dev and its workerd are SIGKILLed and started again on the same state, the merchant
 * approves, and exactly one finished video comes out (completed steps are not re-run, nothing is
 * rendered twice).
 */
describe('studio Workflow survives a crash of the Worker', () => {
  it('resumes a video waiting for review after wrangler dev is killed, and makes exactly one video', async () => {
    const hub = inject('hubUrl')
    const signup = await fetch(`${hub}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `studio-crash-${Date.now()}@shop.test`, password: 'studio-crash-2026', shopName: 'Crash Proof Bags' }),
    })
    expect(signup.status).toBe(201)
    const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0]
    const api = async (path: string, init: { method?: string; json?: unknown; form?: FormData } = {}) =>
      fetch(`${hub}${path}`, {
        method: init.method ?? (init.json || init.form ? 'POST' : 'GET'),
        headers: { cookie, origin: hub, ...(init.json ? { 'content-type': 'application/json' } : {}) },
        body: init.json ? JSON.stringify(init.json) : init.form,
      })

    const created = await api('/api/products', { json: { title: 'Canvas Tote Bag', priceMinor: 250000, currency: 'KES', status: 'published' } })
    expect(created.status).toBe(201)
    const product = (await created.json()) as { id: string }
    const photo = await sharp({ create: { width: 800, height: 1000, channels: 3, background: '#c2410c' } })
      .jpeg()
      .toBuffer()
    const form = new FormData()
    form.set('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'tote.jpg')
    expect((await api(`/api/products/${product.id}/images`, { form })).status).toBe(201)

    const start = await api('/api/studio/videos', {
      json: { source: { kind: 'product', productId: product.id }, reviewRequired: true, targetSeconds: 15, resolution: '540x960' },
    })
    expect(start.status).toBe(202)
    const { video } = (await start.json()) as { video: { id: string } }

    const read = async () => (await (await api(`/api/studio/videos/${video.id}`)).json()) as { status: string; phase: string; error: string | null }
    const waitForStatus = async (want: string[], timeoutMs: number) => {
      const t0 = Date.now()
      for (;;) {
        const v = await read().catch(() => null)
        if (v && want.includes(v.status)) return v
        if (v && ['failed', 'rejected', 'blocked'].includes(v.status) && !want.includes(v.status)) throw new Error(`video ${v.status}: ${v.error}`)
        if (Date.now() - t0 > timeoutMs) throw new Error(`video still ${v?.status}/${v?.phase} after ${timeoutMs} ms`)
        await new Promise((r) => setTimeout(r, 500))
      }
    }
    await waitForStatus(['awaiting_review'], 60_000)

    // A crash, not a shutdown: SIGKILL the whole wrangler dev tree, then start it on the same state.
    const control = inject('hubControlUrl')
    expect((await fetch(`${control}/worker/crash-restart`)).status).toBe(200)

    const approve = await api(`/api/studio/videos/${video.id}/approve`, { json: {} })
    expect(approve.status).toBe(202)
    const done = await waitForStatus(['ready'], 240_000)
    expect(done.status).toBe('ready')

    // Exactly one of each cut (storefront, clean) was stored.
    const db = new pg.Client({ connectionString: inject('hubDatabaseUrl') })
    await db.connect()
    try {
      const { rows: media } = await db.query<{ n: string }>(
        `select count(*) as n from media_assets where merchant_id = (select merchant_id from studio_videos where id = $1) and content_type = 'video/mp4'`,
        [video.id],
      )
      expect(Number(media[0].n)).toBe(2)
      // Steps that finished before the crash were not run again: one script event, one brief event.
      const { rows: phases } = await db.query<{ phase: string; n: string }>(
        `select phase, count(*) as n from studio_video_events where video_id = $1 and phase in ('brief', 'script') group by phase`,
        [video.id],
      )
      const runs = Object.fromEntries(phases.map((p) => [p.phase, Number(p.n)]))
      expect(runs).toEqual({ brief: 1, script: 1 })
    } finally {
      await db.end()
    }
  }, 400_000)
})
