import { countExportRows, EXPORT_TABLES, exportExtras, getShopExportById, pageExportRows, updateShopExport } from '../../../db/queries/privacy'
import { defineJob, type JobRunContext } from '../queues/job-context'
import { csvLines, StreamingZipUpload } from './export-zip'
import { getRetention } from './retention'
import { exportPayloadSchema } from './schemas'

/** Rows read per query: a page of a big table stays small in memory. */
export const EXPORT_PAGE_ROWS = 500
/** A ready export can be downloaded this long; then the sweep deletes it. */
export const EXPORT_TTL_MS = 7 * 24 * 60 * 60 * 1000

export const exportKey = (merchantId: string, exportId: string) => `exports/${merchantId}/${exportId}.zip`

/**
 * Builds a shop's export: for every table a `<table>.json` (an array of rows) and a
 * `<table>.csv`, plus members, daily analytics counts, retention settings and a manifest, zipped
 * (fflate) straight into R2 part by part. Rows are read a page at a time in two passes per table
 * (JSON, then CSV), so neither a table nor the zip is ever held whole; progress (rows done of the
 * total) is saved after each page. A retried job starts the file over.
 */
export async function buildShopExport(ctx: Pick<JobRunContext, 'db' | 'env' | 'config' | 'log'>, exportId: string) {
  const { db, env, config } = ctx
  const row = await getShopExportById(db, exportId)
  if (!row || row.status === 'ready' || row.status === 'expired') return { skipped: row?.status ?? 'missing' }
  const merchantId = row.merchantId
  const counts = await countExportRows(db, merchantId)
  const rowsTotal = Object.values(counts).reduce((a, b) => a + b, 0)
  await updateShopExport(db, exportId, { status: 'running', rowsDone: 0, rowsTotal, error: null })

  const origin = config.APP_URL.replace(/\/+$/, '')
  const key = exportKey(merchantId, exportId)
  const zip = await StreamingZipUpload.start(env.MEDIA, key)
  let rowsDone = 0
  try {
    for (const spec of EXPORT_TABLES) {
      const shape = (r: Record<string, unknown>) => (spec.name === 'media' ? { ...r, url: `${origin}/media/${r.key}` } : r)
      // Pass 1: JSON array.
      const json = zip.file(`${spec.name}.json`)
      await json.write('[')
      let cursor: string | null = null
      let first = true
      let columns: string[] | null = null
      do {
        const page: Awaited<ReturnType<typeof pageExportRows>> = await pageExportRows(db, spec, merchantId, cursor, EXPORT_PAGE_ROWS)
        const rows = page.rows.map(shape)
        if (rows.length && !columns) columns = Object.keys(rows[0])
        if (rows.length) await json.write(`${first ? '\n' : ',\n'}${rows.map((r) => JSON.stringify(r)).join(',\n')}`)
        first = first && !rows.length
        cursor = page.cursor
      } while (cursor !== null)
      await json.write(first ? ']\n' : '\n]\n')
      await json.close()
      // Pass 2: CSV, same rows; progress counts here.
      const csv = zip.file(`${spec.name}.csv`)
      cursor = null
      let header = true
      do {
        const page: Awaited<ReturnType<typeof pageExportRows>> = await pageExportRows(db, spec, merchantId, cursor, EXPORT_PAGE_ROWS)
        const rows = page.rows.map(shape)
        await csv.write(csvLines(columns ?? [], rows, header && columns !== null))
        header = false
        rowsDone += rows.length
        cursor = page.cursor
        await updateShopExport(db, exportId, { rowsDone: Math.min(rowsDone, rowsTotal) })
      } while (cursor !== null)
      await csv.close()
    }
    const extras = await exportExtras(db, merchantId)
    for (const [name, rows] of Object.entries(extras)) {
      const json = zip.file(`${name}.json`)
      await json.write(JSON.stringify(rows, null, 1))
      await json.close()
      const csv = zip.file(`${name}.csv`)
      await csv.write(csvLines(rows.length ? Object.keys(rows[0]) : [], rows, rows.length > 0))
      await csv.close()
    }
    const { defaults: _, ...retention } = await getRetention(db, merchantId)
    const meta = zip.file('manifest.json')
    await meta.write(
      JSON.stringify(
        {
          format: 'linkhub-shop-export/1',
          exportId,
          shopId: merchantId,
          exportedAt: new Date().toISOString(),
          files: [...EXPORT_TABLES.map((t) => t.name), ...Object.keys(extras)].flatMap((n) => [`${n}.json`, `${n}.csv`]),
          rows: counts,
          retention,
          notes: [
            'Money is in integer minor units with an ISO 4217 currency.',
            'media.json lists every stored file with its R2 key and URL; the files themselves are not in the zip.',
            'Secrets are left out: channel tokens, webhook secrets, the studio OpenAI key, link passwords and password hashes.',
          ],
        },
        null,
        2,
      ),
    )
    await meta.close()
    await zip.complete()
  } catch (err) {
    await zip.abort()
    throw err
  }
  const now = new Date()
  await updateShopExport(db, exportId, {
    status: 'ready',
    key,
    bytes: zip.bytes,
    rowsDone: rowsTotal,
    finishedAt: now,
    expiresAt: new Date(now.getTime() + EXPORT_TTL_MS),
  })
  return { rows: rowsTotal, bytes: zip.bytes }
}

/** INGEST queue (general background work): builds one shop export. */
export const shopExportJob = defineJob({
  queue: 'ingest',
  payload: exportPayloadSchema,
  run: (ctx, { exportId }) => buildShopExport(ctx, exportId),
  async onDead({ db, job }, { exportId }) {
    await updateShopExport(db, exportId, { status: 'failed', error: (job.error ?? 'failed').slice(0, 300), finishedAt: new Date() })
  },
})
