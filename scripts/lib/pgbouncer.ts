import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { supervise } from './supervise'

export type RunningPgBouncer = {
  port: number
  /** A connection string through PgBouncer (same user and password as the embedded Postgres). */
  url: (database: string) => string
  /** Ends supervision (a PgBouncer that dies from now on stays down). */
  hold: () => void
  stop: () => Promise<void>
}

/** Debian installs it in /usr/sbin, which is not on a normal user's PATH. */
export function pgbouncerBinary(): string {
  for (const candidate of ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer']) if (existsSync(candidate)) return candidate
  try {
    return execFileSync('sh', ['-c', 'command -v pgbouncer'], { encoding: 'utf8' }).trim() || 'pgbouncer'
  } catch {
    return 'pgbouncer'
  }
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
async function waitForPort(port: number, timeoutMs: number, child: ChildProcess) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode) throw new Error(`pgbouncer exited (${child.exitCode ?? child.signalCode}) before :${port} answered`)
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.destroy()
        resolve(true)
      })
      s.on('error', () => resolve(false))
    })
    if (open) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`pgbouncer did not listen on :${port} within ${timeoutMs} ms`)
}

/**
 * Pool sizes. Workers cannot keep sockets between requests, so every request (and queue batch)
 * opens its own client connections: PgBouncer takes them all (cheap, no backend fork, no auth
 * round trip to Postgres) and runs their transactions on a few warm server connections. Postgres'
 * own limit (100 locally) stays well above `maxServerConnections`: migrations, the seed, tests and
 * psql connect to it directly.
 */
export const PGBOUNCER_POOL = { maxClientConnections: 2000, poolSize: 20, reservePoolSize: 10, maxServerConnections: 40 }

/**
 * Starts PgBouncer in transaction mode in front of the embedded Postgres on `postgresPort`, and
 * keeps it running (restarted with backoff when it dies, like Postgres and the render node). Any
 * database name is passed through (`* = …`), so tests' `linkhub_test` works as well as `linkhub`.
 * Transaction mode: a server connection is lent for one transaction, so the Worker's driver must
 * use no session state (no SET, LISTEN, session advisory locks, named prepared statements) —
 * `pg` and the Neon driver send unnamed statements, and our SQL uses only `pg_advisory_xact_lock`.
 * Runs as `postgres` when started as root (PgBouncer refuses to run as root).
 */
export async function startPgBouncer(options: {
  dir: string
  port: number
  postgresPort: number
  user?: string
  password?: string
  log?: (line: string) => void
}): Promise<RunningPgBouncer> {
  const user = options.user ?? 'postgres'
  const password = options.password ?? 'postgres'
  const asRoot = process.getuid?.() === 0
  mkdirSync(options.dir, { recursive: true })
  // The dir's parent is ./.data or a mkdtemp dir (0700): make both traversable for `postgres`.
  chmodSync(path.dirname(options.dir), 0o755)
  chmodSync(options.dir, 0o755)
  const ini = path.join(options.dir, 'pgbouncer.ini')
  const users = path.join(options.dir, 'userlist.txt')
  writeFileSync(users, `"${user}" "${password}"\n`, { mode: 0o600 })
  writeFileSync(
    ini,
    [
      '; written by scripts/lib/pgbouncer.ts at every start',
      '[databases]',
      `* = host=127.0.0.1 port=${options.postgresPort}`,
      '',
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${options.port}`,
      'unix_socket_dir =',
      // Cleartext on loopback, as the embedded Postgres itself (`password` in its pg_hba.conf):
      // every Worker request opens a new client connection, and SCRAM (4,096 PBKDF2 rounds on
      // both ends, PgBouncer and `pg` inside workerd) would add that CPU to every request.
      'auth_type = plain',
      `auth_file = ${users}`,
      'pool_mode = transaction',
      `max_client_conn = ${PGBOUNCER_POOL.maxClientConnections}`,
      `default_pool_size = ${PGBOUNCER_POOL.poolSize}`,
      `reserve_pool_size = ${PGBOUNCER_POOL.reservePoolSize}`,
      'reserve_pool_timeout = 1',
      `max_db_connections = ${PGBOUNCER_POOL.maxServerConnections}`,
      // A client waits this long for a server connection, then gets an error (mapped to 503).
      'query_wait_timeout = 10',
      // The Neon driver sends these in its startup packet; transaction pooling cannot keep them
      // per client (the client's query_timeout still bounds every statement).
      'ignore_startup_parameters = extra_float_digits,statement_timeout',
      `admin_users = ${user}`,
      'server_check_delay = 10',
      `logfile = ${path.join(options.dir, 'pgbouncer.log')}`,
      'log_connections = 0',
      'log_disconnections = 0',
      'log_pooler_errors = 1',
      '',
    ].join('\n'),
    { mode: 0o644 },
  )
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    for (const f of [options.dir, ini, users]) chownSync(f, uid, gid)
  }
  const binary = pgbouncerBinary()
  const sup = supervise({
    name: 'pgbouncer',
    log: options.log ?? ((l) => console.log(l)),
    launch: async () => {
      const child = spawn(binary, [...(asRoot ? ['-u', 'postgres'] : []), ini], {
        stdio: 'ignore',
      })
      const spawnError = new Promise<never>((_, reject) =>
        child.once('error', (err) => reject(new Error(`could not start ${binary}: ${err.message} (run scripts/setup.sh)`))),
      )
      try {
        await Promise.race([waitForPort(options.port, 10_000, child), spawnError])
      } catch (err) {
        child.kill('SIGKILL')
        throw err
      }
      return child
    },
  })
  await sup.start()
  return {
    port: options.port,
    url: (database: string) => `postgres://${user}:${password}@127.0.0.1:${options.port}/${database}`,
    hold: () => {
      sup.pause()
    },
    stop: () =>
      new Promise<void>((resolve) => {
        const child = sup.pause()
        if (!child || child.exitCode !== null || child.signalCode) return resolve()
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
        child.once('exit', () => {
          clearTimeout(timer)
          resolve()
        })
        // SIGINT: "safe shutdown" (waits for transactions in flight); SIGTERM would cut them.
        child.kill('SIGINT')
      }),
  }
}
