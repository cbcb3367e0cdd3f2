import { connect } from 'cloudflare:sockets'
import { EventEmitter } from 'node:events'
import { Client as NeonClient, Pool as NeonPool, neonConfig } from '@neondatabase/serverless'
import { drizzle as drizzleNeon } from 'drizzle-orm/neon-serverless'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import * as schema from '../../db/schema'
import type { Database } from '../../db/types'
import type { Config } from './config'
import { AppError } from './errors'

/**
 * The isolate's bound on open Postgres connections. Each request opens its own pool (Workers
 * cannot share sockets between requests), so without a bound 200 concurrent shoppers open more
 * connections than Postgres allows and get `500`s. A request's first connection waits for room
 * under `softLimit`; further connections of the same pool (parallel queries) may go up to
 * `hardLimit`, so a request that already holds one is not starved by new arrivals. A connection
 * that finds no room within `waitMs` fails the request with `503 unavailable` + `Retry-After`.
 * On the Hyperdrive path these are connections to Hyperdrive (locally PgBouncer, which runs them
 * on ≤ 40 server connections); on the Neon path each is a Postgres backend, so Postgres' own
 * limit (100 locally) stays well above `hardLimit`: a closed connection's backend lingers a
 * moment after the socket ends, and migrations, the seed and psql need room too.
 */
export const CONNECTION_LIMITS = { softLimit: 48, hardLimit: 72, waitMs: 8_000, pollMs: 15, leakMs: 120_000 }

/** Exported for tests: the permits now held in this isolate. */
export const connectionGate = {
  held: new Map<symbol, number>(),
  get open() {
    return this.held.size
  },
}

/**
 * Waits for a permit. Polls instead of queueing promises: a promise resolved by another
 * request's code is a cross-request resolution, which workerd warns about and may not deliver.
 */
async function acquirePermit(first: boolean): Promise<symbol> {
  const limit = first ? CONNECTION_LIMITS.softLimit : CONNECTION_LIMITS.hardLimit
  const deadline = Date.now() + CONNECTION_LIMITS.waitMs
  for (;;) {
    const now = Date.now()
    // A permit whose connection never reported its end (a cancelled request) is reclaimed.
    for (const [id, at] of connectionGate.held) if (now - at > CONNECTION_LIMITS.leakMs) connectionGate.held.delete(id)
    if (connectionGate.held.size < limit) {
      const id = Symbol('pg-connection')
      connectionGate.held.set(id, now)
      return id
    }
    if (now >= deadline)
      throw new AppError('unavailable', 'the hub is busy; try again in a few seconds', {
        details: { retryAfterSeconds: Math.max(1, Math.ceil(CONNECTION_LIMITS.waitMs / 2000)) },
      })
    await new Promise((r) => setTimeout(r, CONNECTION_LIMITS.pollMs))
  }
}

type Connectable = {
  once(event: 'end', listener: () => void): unknown
  /** Set by the gate once a permit is held: gives it back (idempotent). */
  releasePermit?: () => void
}

/**
 * Connects `client` once it holds a permit of the isolate's gate; the permit is held until the
 * connection ends (or the connect fails). Shared by both drivers' client classes.
 */
function connectThroughGate<T>(client: Connectable, first: boolean, connect: () => Promise<T>, callback?: (err?: Error) => void): Promise<T> | undefined {
  const run = acquirePermit(first).then((permit) => {
    let released = false
    const release = () => {
      if (released) return
      released = true
      connectionGate.held.delete(permit)
    }
    client.once('end', release)
    client.releasePermit = release
    return connect().catch((err: unknown) => {
      release()
      throw err
    })
  })
  if (!callback) return run
  run.then(
    () => callback(),
    (err: Error) => callback(err),
  )
  return undefined
}

/** A Neon driver client that holds a permit of the isolate's gate from before it connects until it ends. */
function gatedNeonClient(pool: { opened: number }) {
  return class GatedNeonClient extends NeonClient {
    connect(): Promise<void>
    connect(callback: (err?: Error) => void): void
    connect(callback?: (err?: Error) => void): Promise<void> | undefined {
      return connectThroughGate(this, pool.opened++ === 0, () => super.connect(), callback)
    }
  }
}

/** The same for `pg` (the Hyperdrive path). */
function gatedPgClient(pool: { opened: number }) {
  return class GatedPgClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config)
      // Closing a Workers socket rejects its pending read ("This socket has been closed"), which
      // `pg` re-emits as an 'error' on a client that has already ended; unheard, it becomes an
      // unhandled rejection. Errors during a connect or a query still reach their callers.
      this.on('error', () => {})
    }
    releasePermit?: () => void
    connect(): Promise<pg.Client>
    connect(callback: (err: Error) => void): void
    connect(callback?: (err: Error) => void): Promise<pg.Client> | undefined {
      return connectThroughGate(this, pool.opened++ === 0, () => super.connect(), callback as ((err?: Error) => void) | undefined)
    }
    // The permit goes back as soon as the client is told to end: it has sent Terminate and runs
    // no more statements, and the socket's close (the server's FIN after Terminate, up to a second
    // under load) takes no server connection from PgBouncer/Hyperdrive. Holding the permit until
    // the socket closed left requests waiting the full `waitMs` for one under overload.
    end(): Promise<void>
    end(callback: (err?: Error) => void): void
    end(callback?: (err?: Error) => void): Promise<void> | undefined {
      this.releasePermit?.()
      if (!callback) return super.end()
      super.end(callback)
      return undefined
    }
  }
}

/**
 * `pg`'s Workers socket (`cloudflare:sockets`), handed to every client explicitly: `pg` finds it
 * itself with `require('pg-cloudflare')`, whose export map serves it only under the `workerd`
 * condition, which wrangler's bundler applies but the vitest workers pool's CommonJS loader does
 * not ("CloudflareSocket is not a constructor"). The types resolve to its empty Node build.
 */
/**
 * `pg`'s socket on Workers: a TCP socket from `cloudflare:sockets` behind the few `net.Socket`
 * methods and events `pg` uses. `pg` would pick pg-cloudflare's by itself, but (1) it finds it
 * with `require('pg-cloudflare')`, whose export map serves it only under the `workerd` condition,
 * which wrangler's bundler applies and the vitest workers pool's CommonJS loader does not
 * ("CloudflareSocket is not a constructor"), and (2) closing it leaves a rejected promise no one
 * handles ("This socket has been closed"), one unhandled rejection per connection. Plain TCP:
 * the Worker reaches Hyperdrive (and PgBouncer locally) without TLS; a connection string that
 * asks for TLS (`sslmode=require`) keeps `pg`'s own socket, which can upgrade.
 */
class WorkersSocket extends EventEmitter {
  writable = false
  destroyed = false
  #socket: Socket | undefined
  #writer: WritableStreamDefaultWriter<Uint8Array> | undefined
  #closed = false
  #ending = false
  #cutOff: ReturnType<typeof setTimeout> | undefined
  #done!: () => void
  /** Settles when the socket is closed (both sides), however that happened. */
  readonly finished = new Promise<void>((resolve) => {
    this.#done = resolve
  })

  /** `onConnect`: called when it starts connecting (a socket never connected never finishes). */
  constructor(private readonly onConnect?: (socket: WorkersSocket) => void) {
    super()
  }

  setNoDelay() {
    return this
  }
  setKeepAlive() {
    return this
  }
  ref() {
    return this
  }
  unref() {
    return this
  }

  connect(port: number, host: string, listener?: () => void) {
    if (listener) this.once('connect', listener)
    this.onConnect?.(this)
    let socket: Socket
    try {
      socket = connect({ hostname: host, port })
    } catch (err) {
      // An address the runtime refuses throws at once: report it as `pg` expects, as an event.
      queueMicrotask(() => this.#fail(err))
      return this
    }
    this.#socket = socket
    this.#writer = socket.writable.getWriter()
    this.#writer.closed.catch(() => {})
    socket.opened.then(
      () => {
        this.writable = true
        this.emit('connect')
      },
      (err: unknown) => this.#fail(err),
    )
    socket.closed.then(
      () => this.#finish(),
      (err: unknown) => this.#fail(err),
    )
    void this.#read(socket.readable.getReader())
    return this
  }

  async #read(reader: ReadableStreamDefaultReader<Uint8Array>) {
    reader.closed.catch(() => {})
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        this.emit('data', Buffer.from(value))
      }
    } catch (err) {
      this.#fail(err)
      return
    }
    // The server closed its side (after our Terminate, or on its own): close ours.
    this.#socket?.close().catch(() => {})
    this.#finish()
  }

  write(data: Uint8Array | string, encodingOrCallback?: BufferEncoding | ((err?: Error) => void), callback?: (err?: Error) => void) {
    const cb = typeof encodingOrCallback === 'function' ? encodingOrCallback : (callback ?? (() => {}))
    const bytes = typeof data === 'string' ? Buffer.from(data, typeof encodingOrCallback === 'string' ? encodingOrCallback : 'utf8') : data
    if (!this.#writer || this.#closed) {
      cb(new Error('socket is closed'))
      return false
    }
    if (bytes.length === 0) {
      cb()
      return true
    }
    this.#writer.write(bytes).then(
      () => cb(),
      (err: Error) => cb(err),
    )
    return true
  }

  end(data?: Uint8Array | string | (() => void), encodingOrCallback?: BufferEncoding | (() => void), callback?: () => void) {
    const cb = [data, encodingOrCallback, callback].find((x): x is () => void => typeof x === 'function')
    this.#ending = true
    // Half-close (FIN) and let the server finish: closing the socket under a pending read leaves a
    // rejected promise that workerd reports as unhandled even though the read is awaited. The
    // server ends its side on our Terminate (or FIN) and the read loop closes the socket; a
    // server that does not is cut off after a second.
    const close = () => {
      this.writable = false
      this.#writer?.close().catch(() => {})
      this.#cutOff ??= setTimeout(() => {
        if (!this.#closed) this.#socket?.close().catch(() => {})
      }, 1000)
      cb?.()
    }
    if (data && typeof data !== 'function' && data.length) this.write(data, () => close())
    else close()
    return this
  }

  destroy(reason?: Error) {
    this.destroyed = true
    this.end()
    if (reason) this.#fail(reason)
    return this
  }

  #fail(err: unknown) {
    if (this.#closed) return
    // After our own end() the reader's rejection is the close itself, not an error.
    if (this.#ending) return this.#finish()
    // workerd's socket errors carry no errno ("proxy request failed, cannot connect to the
    // specified address", "Network connection lost"); give them Node's, as `net.Socket` would, so
    // the error handler maps an unreachable database to 503 and `pg` treats a reset as one.
    const error = err instanceof Error ? err : new Error(String(err))
    if (!('code' in error)) Object.assign(error, { code: this.writable ? 'ECONNRESET' : 'ECONNREFUSED' })
    this.emit('error', error)
    this.#finish()
  }

  #finish() {
    if (this.#closed) return
    this.#closed = true
    clearTimeout(this.#cutOff)
    this.#done()
    this.writable = false
    this.emit('close')
  }
}

/**
 * A socket factory for `url` (Hyperdrive's connection string) that remembers its sockets, so the
 * pool's `close()` can wait until they are really closed: `pool.end()` resolves as soon as it has
 * asked its clients to end, and a request whose `waitUntil` has settled gets no more I/O events —
 * its sockets would never report their end and their gate permits would leak. Undefined when the
 * URL asks for TLS: `pg`'s own socket, which can upgrade.
 */
function workersSockets(url: string) {
  const open = new Set<WorkersSocket>()
  if (/[?&]sslmode=(?!disable)/i.test(url)) return { stream: undefined, closed: async () => {} }
  return {
    stream: () =>
      new WorkersSocket((socket) => {
        open.add(socket)
        socket.finished.then(() => open.delete(socket))
      }) as unknown as import('node:stream').Duplex,
    closed: async () => {
      await Promise.all([...open].map((s) => s.finished))
    },
  }
}

export type DbDriver = 'hyperdrive' | 'neon'

/** The settings that choose and reach the database (a full `Config` fits). */
export type DbSettings = Pick<Config, 'DATABASE_URL' | 'NEON_WS_PROXY'> & Partial<Pick<Config, 'HYPERDRIVE_URL' | 'DB_DRIVER'>>

/**
 * Which driver `createDb` uses: `DB_DRIVER` when it names one; else (`auto`) Hyperdrive when the
 * binding exists and no local Neon relay (`NEON_WS_PROXY`) was asked for, else the Neon driver.
 */
export function dbDriverOf(settings: DbSettings): DbDriver {
  if (settings.DB_DRIVER === 'hyperdrive' || settings.DB_DRIVER === 'neon') return settings.DB_DRIVER
  return settings.HYPERDRIVE_URL && !settings.NEON_WS_PROXY ? 'hyperdrive' : 'neon'
}

/**
 * The Worker's one factory for Postgres handles; the queries above it are the same for both paths.
 *
 * - **Hyperdrive + `pg`** (`drizzle-orm/node-postgres`), when the HYPERDRIVE binding exists:
 *   TCP to Hyperdrive, which keeps warm pooled connections near the database (production: in
 *   front of Neon; locally wrangler/miniflare pass the socket to `localConnectionString`, which
 *   is PgBouncer in transaction mode in front of the embedded Postgres). No `statement_timeout`
 *   startup parameter here (poolers cannot keep per-client settings); `query_timeout` bounds
 *   every statement on the client.
 * - **Neon serverless driver** over WebSockets, the fallback for deployments without a Hyperdrive
 *   binding. Locally `NEON_WS_PROXY` (host:port of the relay in scripts/lib/pg-ws-relay.ts)
 *   carries the same protocol to PgBouncer.
 *
 * Workers cannot keep sockets across requests, so each request/batch opens one pool (reused for
 * every statement of that request) and ends it; every connection counts against the isolate's
 * `CONNECTION_LIMITS`.
 */
export function createDb(settings: DbSettings, options: { maxConnections?: number } = {}): { db: Database; close: () => Promise<void> } {
  const max = options.maxConnections ?? 4
  // Bounded waits: a stalled connection must fail the request (503, retry) or retry the queue
  // message, never hang a consumer batch until the sweep notices.
  const connectionTimeoutMillis = 5_000 + CONNECTION_LIMITS.waitMs
  const counter = { opened: 0 }
  if (dbDriverOf(settings) === 'hyperdrive') {
    const sockets = workersSockets(settings.HYPERDRIVE_URL ?? '')
    const pool = new pg.Pool({
      connectionString: settings.HYPERDRIVE_URL,
      stream: sockets.stream,
      max,
      connectionTimeoutMillis,
      query_timeout: 35_000,
      Client: gatedPgClient(counter),
    })
    pool.on('error', () => {})
    return {
      db: drizzlePg({ client: pool, schema }),
      close: async () => {
        await pool.end()
        await sockets.closed()
      },
    }
  }
  if (settings.NEON_WS_PROXY) {
    const proxy = settings.NEON_WS_PROXY
    neonConfig.wsProxy = (host, port) => `${proxy}/v1?address=${host}:${port}`
    neonConfig.useSecureWebSocket = false
    neonConfig.pipelineTLS = false
    neonConfig.pipelineConnect = false
  }
  const pool = new NeonPool({
    connectionString: settings.DATABASE_URL,
    max,
    connectionTimeoutMillis,
    statement_timeout: 30_000,
    query_timeout: 35_000,
    Client: gatedNeonClient(counter),
  })
  pool.on('error', () => {})
  return { db: drizzleNeon({ client: pool, schema }), close: () => pool.end() }
}
