import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningHub, startHub } from '../../scripts/lib/hub'
import { DEMO_LOGIN } from '../../scripts/lib/seed'
import type { FakeServer } from '../fakes/fake-server'
import { createOpenAiFake } from '../fakes/openai'
import { freePort } from '../global-setup'

// A hub of its own (the shared one must keep running for the other files): its `wrangler dev` is
// killed while a studio Workflow instance waits for review, started again on the same
// `--persist-to` directory, and the approval then finishes the same instance once.

type Video = { id: string; status: string; workflowInstanceId: string | null }

let hub: RunningHub
let openai: FakeServer
let dataDir: string

describe('studio: a Workflow waiting for review survives a restart of wrangler dev', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'linkhub-studio-restart-'))
    openai = await createOpenAiFake()
    const ports = { worker: await freePort(), postgres: await freePort(), relay: await freePort(), renderNode: await freePort(), pgbouncer: await freePort() }
    const extra = { OPENAI_BASE_URL: `${openai.url}/v1`, LOG_LEVEL: 'warn' }
    hub = await startHub({ dataDir, persistent: false, ports, quiet: true, log: () => {}, vars: extra })
  }, 180_000)

  afterAll(async () => {
    await hub?.stop()
    await openai?.close()
    rmSync(dataDir, { recursive: true, force: true })
  }, 60_000)

  it('approves after the restart and gets exactly one ready video', async () => {
    const login = await fetch(`${hub.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO_LOGIN.email, password: DEMO_LOGIN.password }),
    })
    expect(login.status).toBe(200)
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]
    const call = (method: string, p: string, body?: unknown) =>
      fetch(`${hub.url}/api/studio${p}`, {
        method,
        headers: { cookie, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    const getVideo = async (id: string) => (await (await call('GET', `/videos/${id}`)).json()) as Video
    const waitStatus = async (id: string, status: string, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const v = await getVideo(id).catch(() => null)
        if (v?.status === status) return v
        if (v?.status === 'failed') throw new Error(`video failed: ${JSON.stringify(v)}`)
        if (Date.now() > deadline) throw new Error(`video not ${status} in ${timeoutMs} ms: ${JSON.stringify(v)}`)
        await new Promise((r) => setTimeout(r, 300))
      }
    }

    const created = await call('POST', '/videos', {
      source: { kind: 'topic', topic: 'Three ways to wear a wrap dress' },
      reviewRequired: true,
      targetSeconds: 15,
      resolution: '540x960',
    })
    expect(created.status).toBe(202)
    const { video } = (await created.json()) as { video: Video }
    await waitStatus(video.id, 'awaiting_review', 60_000)

    // Kill wrangler and its workerd, as a crash would; the hub is gone.
    await hub.crashWorker()
    await expect(fetch(`${hub.url}/healthz`)).rejects.toThrow()
    await hub.restartWorker()
    expect((await getVideo(video.id)).status).toBe('awaiting_review')

    expect((await call('POST', `/videos/${video.id}/approve`, {})).status).toBe(202)
    const ready = await waitStatus(video.id, 'ready', 150_000)
    expect(ready.workflowInstanceId).toBe(video.id)

    const db = new pg.Client({ connectionString: hub.databaseUrl })
    await db.connect()
    try {
      const { rows: videos } = await db.query('select id, status from studio_videos')
      expect(videos).toEqual([{ id: video.id, status: 'ready' }])
      // The steps done before the restart were not run again: one script, one check before review.
      const { rows: phases } = await db.query<{ status: string; n: number }>(
        "select status, count(*)::int as n from studio_video_events where video_id = $1 and status in ('awaiting_review') group by 1",
        [video.id],
      )
      expect(phases).toEqual([{ status: 'awaiting_review', n: 1 }])
      const { rows: cuts } = await db.query<{ output: string; n: number }>(
        "select meta->>'output' as output, count(*)::int as n from media_assets where meta->>'jobType' = 'studio-assemble' and content_type = 'video/mp4' group by 1 order by 1",
      )
      expect(cuts).toEqual([
        { output: 'clean.mp4', n: 1 },
        { output: 'storefront.mp4', n: 1 },
      ])
    } finally {
      await db.end()
    }
  }, 300_000)
})
