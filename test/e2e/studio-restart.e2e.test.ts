import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_SECRETS, ROOT, type RunningHub, startHub } from '../../scripts/lib/hub'
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
let worker: ChildProcess | null = null
let vars: Record<string, string>
let workerPort: number

/** Pids of a process and all its descendants, from /proc (wrangler runs workerd under it). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
    } catch {}
  }
  const out: number[] = []
  const walk = (pid: number) => {
    out.push(pid)
    for (const c of children.get(pid) ?? []) walk(c)
  }
  walk(root)
  return out
}

/** The wrangler process startHub spawned for this data dir. */
function wranglerPid(): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
      if (cmd.some((a) => a.endsWith('wrangler') || a.includes('wrangler/bin') || a.includes('wrangler-dist')) && cmd.includes(path.join(dataDir, 'wrangler')))
        return Number(entry)
    } catch {}
  }
  throw new Error('the hub’s wrangler process was not found')
}

const killTree = (root: number) => {
  for (const pid of processTree(root).reverse()) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {}
  }
}

async function waitUp(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url)
      await res.arrayBuffer()
      if (res.ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${url} did not answer in ${timeoutMs} ms`)
}

/** `wrangler dev` as startHub runs it, on the same ports and state directory. */
function startWrangler(): ChildProcess {
  const args = [
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(workerPort),
    '--persist-to',
    path.join(dataDir, 'wrangler'),
    '--show-interactive-dev-session=false',
  ]
  return spawn(path.join(ROOT, 'node_modules/.bin/wrangler'), [...args, ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`])], {
    cwd: ROOT,
    stdio: 'ignore',
    detached: true,
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: 'false',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      BROWSER: 'none',
      CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: hub.pooledDatabaseUrl,
    },
  })
}

describe('studio: a Workflow waiting for review survives a restart of wrangler dev', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'linkhub-studio-restart-'))
    openai = await createOpenAiFake()
    workerPort = await freePort()
    const ports = { worker: workerPort, postgres: await freePort(), relay: await freePort(), renderNode: await freePort(), pgbouncer: await freePort() }
    const extra = { OPENAI_BASE_URL: `${openai.url}/v1`, LOG_LEVEL: 'warn' }
    hub = await startHub({ dataDir, persistent: false, ports, quiet: true, log: () => {}, vars: extra })
    vars = { APP_URL: hub.url, DATABASE_URL: hub.pooledDatabaseUrl, RENDER_NODE_URL: hub.renderNodeUrl, ...DEFAULT_SECRETS, ...extra }
  }, 180_000)

  afterAll(async () => {
    if (worker?.pid) killTree(worker.pid)
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
    killTree(wranglerPid())
    await expect(fetch(`${hub.url}/healthz`)).rejects.toThrow()
    worker = startWrangler()
    await waitUp(`${hub.url}/healthz`, 90_000)
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
