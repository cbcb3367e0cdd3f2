import { sql } from 'drizzle-orm'
import { type Database, rowsOf } from '../types'

/**
 * Every column that holds a secret encrypted with the keyring (workers/src/bot/crypto.ts). The
 * rotation walks this list; a feature that stores a new kind of secret adds its column here.
 */
export const ENCRYPTED_COLUMNS = [
  { table: 'channels', column: 'secrets_encrypted', id: 'id' },
  { table: 'webhook_endpoints', column: 'secret_encrypted', id: 'id' },
  { table: 'user_totp', column: 'secret_enc', id: 'user_id' },
  { table: 'studio_settings', column: 'openai_key_encrypted', id: 'merchant_id' },
  { table: 'publishing_channels', column: 'tokens_encrypted', id: 'id' },
] as const

export type EncryptedColumn = (typeof ENCRYPTED_COLUMNS)[number]

/** Rows of one encrypted column (of one shop, or all) whose ciphertext was not written with the key of `prefix` (`v2.<kid>.`). */
export async function listStaleSecrets(
  db: Database,
  where: EncryptedColumn,
  prefix: string,
  limit: number,
  merchantId?: string,
): Promise<Array<{ id: string; value: string }>> {
  // Rows without a shop (a user's TOTP secret) are not part of any one shop's rotation.
  if (merchantId && where.table === 'user_totp') return []
  const shop = merchantId ? sql`and merchant_id = ${merchantId}` : sql``
  return rowsOf(
    db,
    sql`select ${sql.identifier(where.id)} as id, ${sql.identifier(where.column)} as value from ${sql.identifier(where.table)}
        where left(${sql.identifier(where.column)}, ${prefix.length}) <> ${prefix} ${shop} order by 1 limit ${limit}`,
  )
}

/** Replaces one ciphertext if it is still the one read (a concurrent write wins); whether it did. */
export async function replaceSecret(db: Database, where: EncryptedColumn, id: string, before: string, after: string): Promise<boolean> {
  const rows = await rowsOf(
    db,
    sql`update ${sql.identifier(where.table)} set ${sql.identifier(where.column)} = ${after}
        where ${sql.identifier(where.id)} = ${id} and ${sql.identifier(where.column)} = ${before} returning 1 as ok`,
  )
  return rows.length > 0
}

/** How many ciphertexts of each column carry each key id (`v1` for the format without one); empty (null) columns are none. */
export async function countSecretsByKey(db: Database): Promise<Array<{ table: string; kid: string; count: number }>> {
  const out: Array<{ table: string; kid: string; count: number }> = []
  for (const c of ENCRYPTED_COLUMNS) {
    const rows = await rowsOf<{ kid: string; count: number }>(
      db,
      sql`select case when split_part(${sql.identifier(c.column)}, '.', 1) = 'v2' then split_part(${sql.identifier(c.column)}, '.', 2) else 'v1' end as kid,
                 count(*)::int as count
          from ${sql.identifier(c.table)} where ${sql.identifier(c.column)} is not null group by 1 order by 1`,
    )
    for (const r of rows) out.push({ table: c.table, kid: r.kid, count: r.count })
  }
  return out
}
