import type { SSEStreamingApi } from 'hono/streaming'
import { listBatchLinks } from '../../../db/queries/ingest'
import type { Config } from '../config'
import { createDb } from '../db'
import { linkView, summariseBatch } from './batch-view'

/** How long one stream lasts; EventSource reconnects by itself. */
const STREAM_MS = 10 * 60_000
const POLL_MS = 500

/**
 * Streams a paste's progress as Server-Sent Events: `link` (a line that changed), `progress`
 * (the summary, every poll) and `done` (all settled; the stream ends).
 */
export async function watchBatch(
  config: Pick<Config, 'DATABASE_URL' | 'NEON_WS_PROXY'>,
  input: { merchantId: string; batchId: string },
  stream: SSEStreamingApi,
) {
  // The request's pool closes when the response starts; the stream needs its own.
  // Workers have no LISTEN/NOTIFY over this driver and no shared memory across isolates,
  // so the stream polls Postgres (one indexed query per 500 ms) and sends what changed.
  const { db, close } = createDb(config)
  const seen = new Map<string, string>()
  const deadline = Date.now() + STREAM_MS
  let aborted = false
  stream.onAbort(() => {
    aborted = true
  })
  try {
    let id = 0
    while (!aborted && Date.now() < deadline) {
      const links = await listBatchLinks(db, input.merchantId, input.batchId)
      for (const l of links) {
        const view = linkView(l)
        const sig = `${view.status}|${view.reason ?? ''}|${view.proposalId ?? ''}|${view.proposalStatus ?? ''}`
        if (seen.get(l.id) === sig) continue
        seen.set(l.id, sig)
        await stream.writeSSE({ event: 'link', id: String(++id), data: JSON.stringify(view) })
      }
      const summary = summariseBatch(links)
      await stream.writeSSE({ event: 'progress', data: JSON.stringify(summary) })
      if (summary.done) {
        await stream.writeSSE({ event: 'done', data: JSON.stringify(summary) })
        break
      }
      await stream.sleep(POLL_MS)
    }
  } finally {
    await close().catch(() => {})
  }
}
