// npx tsx scripts/rotate-secrets.ts – re-encrypts every stored secret with the newest key of SECRETS_KEYS
//
//   DATABASE_URL=postgres://… SECRETS_KEYS="k1:<new base64>,k0:<old base64>" ENCRYPTION_KEY=<old base64> \
//     npx tsx scripts/rotate-secrets.ts [--dry-run]
//
// The same keyring the Worker reads (workers/src/bot/crypto.ts): new key first, every key still in
// use after it. Channel tokens and webhook secrets not yet written with the newest key are
// decrypted and written again with it (each row only if unchanged since read); then the count per
// key id is printed, so an old key can be dropped once no row names it. The Worker's hourly cron
// does the same a slice at a time; this does it all at once.
import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { countSecretsByKey } from '../db/queries/secrets'
import * as schema from '../db/schema'
import type { Database } from '../db/types'
import { keyringOf } from '../workers/src/bot/crypto'
import { rotateSecrets } from '../workers/src/secrets/rotate-secrets'

const url = process.env.DATABASE_URL
if (!url || (!process.env.SECRETS_KEYS && !process.env.ENCRYPTION_KEY)) {
  console.error('Set DATABASE_URL and SECRETS_KEYS (kid:base64 pairs, newest first) and/or ENCRYPTION_KEY.')
  process.exit(2)
}
const keyring = keyringOf({ ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? '', SECRETS_KEYS: process.env.SECRETS_KEYS ?? '' })
const pool = new pg.Pool({ connectionString: url, max: 2 })
const db = drizzle(pool, { schema }) as unknown as Database
try {
  console.log(`newest key: ${keyring.keys[0].kid}; keys in the ring: ${keyring.keys.map((k) => k.kid).join(', ')}`)
  console.table(await countSecretsByKey(db))
  if (!process.argv.includes('--dry-run')) {
    const t0 = Date.now()
    const report = await rotateSecrets(db, keyring)
    console.log(
      `re-encrypted ${report.reencrypted} secrets in ${Date.now() - t0} ms`,
      report.byTable,
      report.failed ? `; ${report.failed} could not be decrypted with any key` : '',
    )
    console.table(await countSecretsByKey(db))
    if (report.failed) process.exitCode = 1
  }
} finally {
  await pool.end()
}
