import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import type { StudioPhase, StudioStatus } from '../../../../contracts/studio'
import { type StudioVideo, videoEventsPath } from './api'

export type ProgressEvent = { videoId?: string; phase?: StudioPhase; status?: StudioStatus; percent?: number }

/** A progress stream's event, or null when it is not JSON. */
export function parseProgress(e: MessageEvent): ProgressEvent | null {
  try {
    return JSON.parse(e.data) as ProgressEvent
  } catch {
    return null
  }
}

/** A video (or its list row) moved on by a progress event: phase, status and percent where the event has them. */
export function withProgress<V extends { phase: StudioPhase; status: StudioStatus; percent: number }>(v: V, ev: ProgressEvent): V {
  return {
    ...v,
    ...(ev.phase ? { phase: ev.phase } : {}),
    ...(ev.status ? { status: ev.status } : {}),
    ...(typeof ev.percent === 'number' ? { percent: ev.percent } : {}),
  }
}

const ENDED: readonly StudioStatus[] = ['ready', 'failed', 'rejected', 'parked']

/**
 * Follows a video's progress stream while it is not finished. Each event moves the stepper at
 * once; a change of status re-reads the whole video (script, verdict, outputs). The browser's
 * EventSource reconnects by itself and sends `Last-Event-ID`, so the server resumes after the
 * last event it delivered instead of replaying the lot.
 */
export function useVideoEvents(id: string, enabled: boolean) {
  const qc = useQueryClient()
  const [live, setLive] = useState(false)
  useEffect(() => {
    if (!enabled) return
    const key = ['studio', 'video', id]
    const es = new EventSource(videoEventsPath(id))
    const onEvent = (e: MessageEvent) => {
      const ev = parseProgress(e)
      if (!ev) return
      const before = qc.getQueryData<StudioVideo>(key)
      qc.setQueryData<StudioVideo>(key, (old) => (old ? withProgress(old, ev) : old))
      if (ev.status && ev.status !== before?.status) void qc.invalidateQueries({ queryKey: key })
      if (ev.status && ENDED.includes(ev.status)) {
        es.close()
        setLive(false)
        void qc.invalidateQueries({ queryKey: ['studio', 'videos'] })
      }
    }
    es.onopen = () => setLive(true)
    es.addEventListener('progress', onEvent as EventListener)
    // The server ends the stream once the video is final; without closing, the browser would reconnect.
    es.addEventListener('end', () => {
      es.close()
      setLive(false)
      void qc.invalidateQueries({ queryKey: key })
    })
    es.onerror = () => setLive(false)
    return () => es.close()
  }, [id, enabled, qc])
  return live
}
