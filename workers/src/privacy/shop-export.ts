import { writeAudit } from '../../../db/queries/audit'
import { getShopExport, insertShopExport, listShopExports, updateShopExport } from '../../../db/queries/privacy'
import type { ShopExport } from '../../../db/schema'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { enqueueJob } from '../queues/enqueue-job'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/** What the dashboard sees of an export: its progress, and a download link while it is ready. */
export const exportView = (e: ShopExport) => ({
  id: e.id,
  status: e.status,
  rowsDone: e.rowsDone,
  rowsTotal: e.rowsTotal,
  bytes: e.bytes,
  error: e.error,
  createdAt: e.createdAt.toISOString(),
  finishedAt: iso(e.finishedAt),
  expiresAt: iso(e.expiresAt),
  downloadUrl: e.status === 'ready' && e.key ? `/api/privacy/exports/${e.id}/download` : null,
})

/** Starts a background export of the whole shop; one at a time (a second request while one runs is a conflict). */
export async function requestShopExport(deps: { db: Database; env: Env }, input: { merchantId: string; userId: string | null }) {
  const row = await insertShopExport(deps.db, { merchantId: input.merchantId, requestedBy: input.userId })
  if (!row) throw new AppError('conflict', 'an export of this shop is already being built')
  try {
    await enqueueJob(deps, { type: 'privacy.export', merchantId: input.merchantId, payload: { exportId: row.id }, dedupeKey: `privacy.export:${row.id}` })
  } catch (err) {
    await updateShopExport(deps.db, row.id, { status: 'failed', error: 'could not start', finishedAt: new Date() })
    throw err
  }
  await writeAudit(deps.db, { merchantId: input.merchantId, userId: input.userId, action: 'shop.export', entity: 'shop', entityId: row.id })
  return exportView(row)
}

export async function listExports(db: Database, merchantId: string) {
  return (await listShopExports(db, merchantId)).map(exportView)
}

export async function getExport(db: Database, merchantId: string, id: string) {
  const row = await getShopExport(db, merchantId, id)
  if (!row) throw new AppError('not_found', 'export not found')
  return row
}

/** The zip of a ready export, streamed from R2; an expired one is gone (410). */
export async function openExportDownload(deps: { db: Database; env: Env }, input: { merchantId: string; id: string; now?: Date }) {
  const row = await getExport(deps.db, input.merchantId, input.id)
  const now = input.now ?? new Date()
  if (row.status === 'expired' || (row.expiresAt && row.expiresAt <= now)) throw new AppError('gone', 'this export has expired; request a new one')
  if (row.status !== 'ready' || !row.key) throw new AppError('conflict', 'this export is not ready yet')
  const object = await deps.env.MEDIA.get(row.key)
  if (!object) throw new AppError('gone', 'this export is no longer stored; request a new one')
  const day = row.createdAt.toISOString().slice(0, 10)
  return { body: object.body, size: object.size, fileName: `linkhub-export-${day}-${row.id.slice(0, 8)}.zip` }
}
