import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'
import { decryptSecrets, encryptSecrets, keyringOf } from '../workers/src/bot/crypto'
import { runMigrations } from './lib/migrate'
import { ensureDatabase } from './lib/postgres'

const run = promisify(execFile)
const OLD_KEY = btoa(String.fromCharCode(...new Uint8Array(32).fill(1)))
const NEW_KEY = btoa(String.fromCharCode(...new Uint8Array(32).fill(2)))

describe('scripts/rotate-secrets.ts', () => {
  it('re-encrypts every stored secret of a database with the newest key and prints the count per key id', async () => {
    // A database of its own: the rotation rewrites every row, which would pull keys from under the other tests.
    const base = new URL(inject('databaseUrl'))
    const name = `rotate_${Date.now().toString(36)}`
    const admin = new URL(base)
    admin.pathname = '/postgres'
    await ensureDatabase(admin.href, name)
    const url = new URL(base)
    url.pathname = `/${name}`
    await runMigrations(url.href)
    const client = new pg.Client({ connectionString: url.href })
    await client.connect()
    try {
      const {
        rows: [m],
      } = await client.query("insert into merchants (slug, name, default_currency) values ('rot', 'Rot', 'USD') returning id")
      for (const [i, token] of ['EAAG-one', 'EAAG-two'].entries()) {
        const blob = await encryptSecrets(OLD_KEY, { accessToken: token })
        await client.query("insert into channels (merchant_id, kind, external_id, secrets_encrypted) values ($1, 'whatsapp', $2, $3)", [m.id, `10${i}`, blob])
      }
      const webhookSecret = await encryptSecrets(OLD_KEY, { secret: 'whsec_abc' })
      await client.query("insert into webhook_endpoints (merchant_id, url, events, secret_encrypted) values ($1, 'https://example.com/h', '[]', $2)", [
        m.id,
        webhookSecret,
      ])

      const env = { ...process.env, DATABASE_URL: url.href, ENCRYPTION_KEY: OLD_KEY, SECRETS_KEYS: `k1:${NEW_KEY}` }
      const tsx = path.resolve('node_modules/.bin/tsx')
      const { stdout } = await run(tsx, ['scripts/rotate-secrets.ts'], { env, timeout: 60_000 })
      expect(stdout).toContain('re-encrypted 3 secrets')

      const { rows } = await client.query<{ v: string }>('select secrets_encrypted as v from channels union all select secret_encrypted from webhook_endpoints')
      expect(rows.every((r) => r.v.startsWith('v2.k1.'))).toBe(true)
      const ring = keyringOf({ ENCRYPTION_KEY: '', SECRETS_KEYS: `k1:${NEW_KEY}` })
      const plain = await Promise.all(rows.map((r) => decryptSecrets(ring, r.v)))
      expect(plain).toEqual(expect.arrayContaining([{ accessToken: 'EAAG-one' }, { accessToken: 'EAAG-two' }, { secret: 'whsec_abc' }]))
    } finally {
      await client.end()
    }
  })
})
