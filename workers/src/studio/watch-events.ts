import type { SSEStreamingApi } from 'hono/streaming'
import { getStudioVideo, listStudioBatchEvents, listStudioVideoEvents, listStudioVideos } from '../../../db/queries/studio'
import type { StudioVideoEvent } from '../../../db/schema'
import type { Database } from '../../../db/types'
import type { Config } from '../config'
import { createDb } from '../db'

/** How long one stream lasts; EventSource reconnects by itself, sending `Last-Event-ID`. */
const STREAM_MS = 10 * 60_000
const POLL_MS = 500
const HEARTBEAT_MS = 15_000

/** Statuses after which an instance does no more work (a resubmit starts a new one). */
export const FINAL_STATUSES = new Set(['ready', 'failed', 'rejected', 'parked'])

export const eventView = (e: StudioVideoEvent) => ({
  videoId: e.videoId,
  seq: e.seq,
  phase: e.phase,
  status: e.status,
  percent: e.percent,
  data: e.data,
  at: e.createdAt.toISOString(),
})

/** `Last-Event-ID` (or `?lastEventId=` for clients that cannot set headers) as a number; 0 when absent. */
export function lastEventIdOf(header: string | undefined, query: string | undefined): number {
  const n = Number(header ?? query ?? 0)
  return Number.isSafeInteger(n) && n > 0 ? n : 0
}

/**
 * Streams the progress rows of one video (`id:` = the video's event seq) or of a batch (`id:` =
 * the event row id, increasing across its videos) as `progress` events, from after `lastId`.
 * Ends after a final status (for a batch: once every video has one), with heartbeat comments
 * in between so proxies keep the connection open.
 */
export async function watchStudioEvents(
  config: Pick<Config, 'DATABASE_URL' | 'NEON_WS_PROXY'>,
  input: { merchantId: string; videoId?: string; batchId?: string; lastId: number },
  stream: SSEStreamingApi,
) {
  // The request's pool closes when the response starts; the stream needs its own.
  const { db, close } = createDb(config)
  const deadline = Date.now() + STREAM_MS
  let aborted = false
  stream.onAbort(() => {
    aborted = true
  })
  let last = input.lastId
  let beat = Date.now()
  try {
    while (!aborted && Date.now() < deadline) {
      const rows = input.videoId ? await listStudioVideoEvents(db, input.videoId, last) : await listStudioBatchEvents(db, input.batchId as string, last)
      for (const e of rows) {
        last = input.videoId ? e.seq : e.id
        await stream.writeSSE({ event: 'progress', id: String(last), data: JSON.stringify(eventView(e)) })
        beat = Date.now()
      }
      if (rows.length === 0) {
        if (await finished(db, input)) {
          await stream.writeSSE({ event: 'end', data: '{}' })
          break
        }
        if (Date.now() - beat > HEARTBEAT_MS) {
          await stream.write(': keep-alive\n\n')
          beat = Date.now()
        }
        await stream.sleep(POLL_MS)
      }
    }
  } finally {
    await close().catch(() => {})
  }
}

async function finished(db: Database, input: { merchantId: string; videoId?: string; batchId?: string }) {
  if (input.videoId) {
    const row = await getStudioVideo(db, input.merchantId, input.videoId)
    return !row || FINAL_STATUSES.has(row.status)
  }
  const rows = await listStudioVideos(db, input.merchantId, { batchId: input.batchId, limit: 100 })
  return rows.every((r) => FINAL_STATUSES.has(r.status))
}
