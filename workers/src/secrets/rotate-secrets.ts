import { ENCRYPTED_COLUMNS, listStaleSecrets, replaceSecret } from '../../../db/queries/secrets'
import type { Database } from '../../../db/types'
import { currentPrefix, type Keyring, reencryptSecrets } from '../bot/crypto'

export type RotationReport = { reencrypted: number; failed: number; byTable: Record<string, number> }

/**
 * Re-encrypts every stored secret (channel tokens, webhook secrets: `ENCRYPTED_COLUMNS`) that was
 * not written with the ring's newest key, in batches, each row replaced only if unchanged since it
 * was read. A row no key can decrypt is counted in `failed` and left as it is. `limit` caps the
 * rows of one run (the hourly cron does a slice; the CLI runs to the end); `merchantId` keeps it to one shop.
 */
export async function rotateSecrets(
  db: Database,
  keyring: Keyring,
  options: { batchSize?: number; limit?: number; merchantId?: string } = {},
): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 100
  const limit = options.limit ?? Number.POSITIVE_INFINITY
  const prefix = currentPrefix(keyring)
  const report: RotationReport = { reencrypted: 0, failed: 0, byTable: {} }
  for (const column of ENCRYPTED_COLUMNS) {
    const unreadable = new Set<string>()
    for (;;) {
      if (report.reencrypted + report.failed >= limit) return report
      const rows = (await listStaleSecrets(db, column, prefix, batchSize + unreadable.size, options.merchantId)).filter((r) => !unreadable.has(r.id))
      if (!rows.length) break
      for (const row of rows) {
        let next: string
        try {
          next = await reencryptSecrets(keyring, row.value)
        } catch {
          unreadable.add(row.id)
          report.failed++
          continue
        }
        if (await replaceSecret(db, column, row.id, row.value, next)) {
          report.reencrypted++
          report.byTable[column.table] = (report.byTable[column.table] ?? 0) + 1
        }
      }
    }
  }
  return report
}
