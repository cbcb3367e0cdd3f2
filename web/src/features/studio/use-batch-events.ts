import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { batchEventsPath, type StudioVideoSummary } from './api'
import { parseProgress, withProgress } from './use-video-events'

type List = { items: StudioVideoSummary[] }

/**
 * Follows the progress streams of the batches that still have videos in flight: one
 * EventSource per batch (a browser allows only a few connections per host, so not one per
 * video), each event moving its row in every cached list at once. A change of status re-reads
 * the lists (titles, thumbnails). Returns the batches streaming now, so the page polls only the
 * rows no stream covers.
 */
export function useBatchEvents(batchIds: string[]): Set<string> {
  const qc = useQueryClient()
  const [live, setLive] = useState<Set<string>>(() => new Set())
  const key = [...new Set(batchIds)].sort().join(',')
  useEffect(() => {
    if (!key) return
    const streams = key.split(',').map((batchId) => {
      const es = new EventSource(batchEventsPath(batchId))
      const mark = (on: boolean) =>
        setLive((old) => {
          if (old.has(batchId) === on) return old
          const next = new Set(old)
          if (on) next.add(batchId)
          else next.delete(batchId)
          return next
        })
      es.onopen = () => mark(true)
      es.onerror = () => mark(false)
      es.addEventListener('progress', ((e: MessageEvent) => {
        const ev = parseProgress(e)
        if (!ev) return
        let statusChanged = false
        qc.setQueriesData<List>({ queryKey: ['studio', 'videos'] }, (old) =>
          old
            ? {
                ...old,
                items: old.items.map((v) => {
                  if (v.id !== ev.videoId) return v
                  if (ev.status && ev.status !== v.status) statusChanged = true
                  return withProgress(v, ev)
                }),
              }
            : old,
        )
        if (statusChanged) void qc.invalidateQueries({ queryKey: ['studio', 'videos'] })
      }) as EventListener)
      // The server ends the stream once every video of the batch is final.
      es.addEventListener('end', () => {
        es.close()
        mark(false)
        void qc.invalidateQueries({ queryKey: ['studio', 'videos'] })
      })
      return es
    })
    return () => {
      for (const es of streams) es.close()
    }
  }, [key, qc])
  return live
}
