import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runMigrations } from './migrate'
import { startPgWsRelay } from './pg-ws-relay'
import { startPgBouncer } from './pgbouncer'
import { ensureDatabase, startPostgres } from './postgres'
import { seedDemo } from './seed'
import { type Supervised, supervise } from './supervise'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const bin = (name: string) => path.join(ROOT, 'node_modules/.bin', name)

export type HubOptions = {
  dataDir: string
  persistent: boolean
  /** `pgbouncer` defaults to a free port. */
  ports: { worker: number; postgres: number; relay: number; renderNode: number; pgbouncer?: number }
  /**
   * How the Worker reaches Postgres: `hyperdrive` (default; the HYPERDRIVE binding with `pg`,
   * its local connection string pointed at PgBouncer) or `neon` (the Neon serverless driver over
   * the WebSocket relay, also to PgBouncer). Default: `$DB_DRIVER`, else `hyperdrive`.
   */
  dbDriver?: 'hyperdrive' | 'neon'
  /** Extra Worker vars (e.g. fake service URLs in tests). */
  vars?: Record<string, string>
  renderEnv?: Record<string, string>
  /**
   * Runs the render node at this `nice` level (e.g. 10), so on a machine it shares with the Worker
   * its thumbnails take the CPU the Worker leaves (link resolution first). Default: not niced.
   */
  renderNice?: number
  quiet?: boolean
  log?: (line: string) => void
}

export type RunningHub = {
  url: string
  /** Postgres itself (migrations, seeds, tests' assertions). */
  databaseUrl: string
  /** The same database through PgBouncer (what the Worker uses). */
  pooledDatabaseUrl: string
  dbDriver: 'hyperdrive' | 'neon'
  renderNodeUrl: string
  stop: () => Promise<void>
  stopRenderNode: () => Promise<void>
  startRenderNode: () => Promise<void>
  /**
   * Kills wrangler dev and its workerd with SIGKILL (a crash: nothing is flushed or shut down
   * cleanly). Tests of durable Workflows use it with `restartWorker`.
   */
  crashWorker: () => Promise<void>
  /** Starts wrangler dev again (after `crashWorker`) on the same ports and state. */
  restartWorker: () => Promise<void>
}

export const DEFAULT_SECRETS = {
  RENDER_SIGNING_SECRET: 'dev-render-signing-secret-change-me',
  ENCRYPTION_KEY: 'ZGV2LWVuY3J5cHRpb24ta2V5LTMyLWJ5dGVzLWxvbmchIQ==',
  WHATSAPP_APP_SECRET: 'dev-whatsapp-app-secret',
  WHATSAPP_VERIFY_TOKEN: 'dev-verify-token',
  OPENAI_API_KEY: '',
}

/** The local driver choice: `DB_DRIVER=neon` selects the Neon fallback path, anything else Hyperdrive. */
export const dbDriverFromEnv = (): 'hyperdrive' | 'neon' => (process.env.DB_DRIVER === 'neon' ? 'neon' : 'hyperdrive')

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

/** Builds the SPA when dist/ is missing or older than its sources. */
export async function buildWebIfStale(log: (l: string) => void) {
  const index = path.join(ROOT, 'dist/client/index.html')
  const sourcesChanged =
    !existsSync(index) || Math.max(newestMtime(path.join(ROOT, 'web')), statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs) > statSync(index).mtimeMs
  if (!sourcesChanged) return
  log('building the web app (vite build)…')
  await run(bin('vite'), ['build', '--logLevel', 'warn'], {})
}

function run(cmd: string, args: string[], env: Record<string, string>) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } })
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} ${args.join(' ')} exited with ${code}`))))
  })
}

async function waitFor(url: string, timeoutMs: number, child?: ChildProcess) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before ${url} answered`)
    try {
      // No short per-request timeout: while workerd boots, wrangler's proxy holds the request and
      // answers it once the Worker is up. Aborting it (the old 1 s timeout) closed the socket under
      // workerd's reply, which logged a red "Broken pipe" / "Connection reset by peer" error at
      // every start. The body is read so the connection is finished cleanly.
      const res = await fetch(url, { signal: AbortSignal.timeout(Math.max(1000, deadline - Date.now())) })
      await res.arrayBuffer()
      if (res.ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 150))
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`)
}

/** SIGKILLs a process and every descendant (wrangler runs workerd as a child), read from /proc. */
function killTree(pid: number | undefined) {
  if (!pid) return
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      // The ppid is the 2nd field after the parenthesised command name (which may contain spaces).
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
    } catch {}
  }
  const all: number[] = []
  const walk = (p: number) => {
    all.push(p)
    for (const c of children.get(p) ?? []) walk(c)
  }
  walk(pid)
  for (const p of all) {
    try {
      process.kill(p, 'SIGKILL')
    } catch {}
  }
}

function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM', graceMs = 8000) {
  return new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode) return resolve()
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill(signal)
  })
}

/**
 * Starts the render node and keeps it running: when it dies it is started again with backoff
 * (and the log says so). `stop()` ends supervision first, so a deliberate stop stays stopped.
 */
export async function startRenderNodeSupervised(options: {
  port: number
  quiet?: boolean
  env?: Record<string, string>
  log: (line: string) => void
  minDelayMs?: number
  nice?: number
}): Promise<Supervised & { url: string; stop: () => Promise<void> }> {
  const url = `http://127.0.0.1:${options.port}`
  const sup = supervise({
    name: 'render node',
    log: options.log,
    minDelayMs: options.minDelayMs,
    launch: async () => {
      const node = [process.execPath, '--import', 'tsx', 'render-node/src/main.ts']
      // `nice` execs the node in place: the child's pid is the render node's
      const [cmd, ...args] = options.nice ? ['nice', '-n', String(options.nice), ...node] : node
      const child = spawn(cmd, args, {
        cwd: ROOT,
        stdio: options.quiet ? 'ignore' : 'inherit',
        env: { ...process.env, RENDER_NODE_PORT: String(options.port), RENDER_SIGNING_SECRET: DEFAULT_SECRETS.RENDER_SIGNING_SECRET, ...options.env },
      })
      try {
        await waitFor(`${url}/health`, 30_000, child)
      } catch (err) {
        child.kill('SIGKILL')
        throw err
      }
      return child
    },
  })
  await sup.start()
  return { ...sup, url, stop: () => stopChild(sup.pause()) }
}

/**
 * Starts the whole hub: embedded Postgres (migrated and seeded), PgBouncer (transaction mode) in
 * front of it, the WebSocket relay the Neon fallback driver uses, the render node, and the Worker
 * (wrangler dev, with local queues, R2 and cron) serving the built web app. The Worker's
 * HYPERDRIVE binding gets PgBouncer as its local connection string.
 */
export async function startHub(options: HubOptions): Promise<RunningHub> {
  const log = options.log ?? ((l: string) => console.log(l))
  const t0 = Date.now()
  const pg = await startPostgres({
    dataDir: path.join(options.dataDir, 'pg'),
    port: options.ports.postgres,
    persistent: options.persistent,
    fast: !options.persistent,
    log,
  })
  const children: ChildProcess[] = []
  let relay: Awaited<ReturnType<typeof startPgWsRelay>> | undefined
  let bouncer: Awaited<ReturnType<typeof startPgBouncer>> | undefined
  let renderNode: Awaited<ReturnType<typeof startRenderNodeSupervised>> | undefined
  try {
    await ensureDatabase(pg.url('postgres'), 'linkhub')
    const databaseUrl = pg.url('linkhub')
    await runMigrations(databaseUrl)
    const seeded = await seedDemo(databaseUrl)
    log(`postgres ready on :${pg.port} (migrated${seeded.created ? ', demo shop seeded' : ''}) in ${Date.now() - t0} ms`)

    bouncer = await startPgBouncer({
      dir: path.join(options.dataDir, 'pgbouncer'),
      port: options.ports.pgbouncer ?? (await freePort()),
      postgresPort: pg.port,
      log,
    })
    const pooledDatabaseUrl = bouncer.url('linkhub')
    const dbDriver = options.dbDriver ?? dbDriverFromEnv()
    relay = await startPgWsRelay({ port: options.ports.relay, allowedTargets: [`127.0.0.1:${bouncer.port}`, `127.0.0.1:${pg.port}`] })

    const renderNodeUrl = `http://127.0.0.1:${options.ports.renderNode}`
    renderNode = await startRenderNodeSupervised({
      port: options.ports.renderNode,
      quiet: options.quiet,
      env: options.renderEnv,
      nice: options.renderNice,
      log,
    })
    const node = renderNode

    const vars: Record<string, string> = {
      APP_URL: `http://127.0.0.1:${options.ports.worker}`,
      // The Neon fallback only: a set NEON_WS_PROXY selects it (workers/src/db.ts).
      DATABASE_URL: pooledDatabaseUrl,
      ...(dbDriver === 'neon' ? { NEON_WS_PROXY: relay.url } : {}),
      RENDER_NODE_URL: renderNodeUrl,
      ...DEFAULT_SECRETS,
      ...options.vars,
    }
    const varArgs = Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`])
    const spawnWorker = () =>
      spawn(
        bin('wrangler'),
        [
          'dev',
          '--ip',
          '127.0.0.1',
          '--port',
          String(options.ports.worker),
          '--persist-to',
          path.join(options.dataDir, 'wrangler'),
          '--test-scheduled',
          '--show-interactive-dev-session=false',
          ...varArgs,
        ],
        {
          cwd: ROOT,
          stdio: options.quiet ? 'ignore' : 'inherit',
          env: {
            ...process.env,
            WRANGLER_SEND_METRICS: 'false',
            CLOUDFLARE_CF_FETCH_ENABLED: 'false',
            BROWSER: 'none',
            NO_D1_WARNING: 'true',
            // wrangler dev's override of `[[hyperdrive]] localConnectionString` (wrangler.toml).
            CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: pooledDatabaseUrl,
          },
        },
      )
    let worker = spawnWorker()
    children.push(worker)
    const url = `http://127.0.0.1:${options.ports.worker}`
    await waitFor(`${url}/healthz`, 60_000, worker)

    // Cron triggers do not fire under `wrangler dev`: call the scheduled handler once a minute.
    const cron = setInterval(() => {
      fetch(`${url}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*`)
        .then((res) => res.arrayBuffer())
        .catch(() => {})
    }, 60_000)

    return {
      url,
      databaseUrl,
      pooledDatabaseUrl,
      dbDriver,
      renderNodeUrl,
      // A deliberate stop (tests of a render-node outage) is not restarted until started again.
      stopRenderNode: () => stopChild(node.pause(), 'SIGKILL'),
      startRenderNode: async () => {
        if (!node.current()) await node.start()
      },
      async crashWorker() {
        const old = worker
        const exited = new Promise<void>((resolve) => (old.exitCode !== null || old.signalCode ? resolve() : old.once('exit', () => resolve())))
        killTree(old.pid)
        await exited
      },
      async restartWorker() {
        children.splice(children.indexOf(worker), 1)
        worker = spawnWorker()
        children.push(worker)
        await waitFor(`${url}/healthz`, 60_000, worker)
      },
      async stop() {
        clearInterval(cron)
        pg.hold() // no restart of a postgres that the same Ctrl-C stopped
        bouncer?.hold()
        await Promise.all([stopChild(worker, 'SIGINT'), node.stop()])
        await relay?.close()
        await bouncer?.stop()
        await pg.stop()
      },
    }
  } catch (err) {
    for (const c of children) c.kill('SIGKILL')
    renderNode?.pause()?.kill('SIGKILL')
    await relay?.close()
    await bouncer?.stop()
    await pg.stop()
    throw err
  }
}
