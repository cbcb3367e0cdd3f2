import { insertBatch, type NewIngestLine, setLinkJobs, updateLink } from '../../../db/queries/ingest'
import { findVideosByExternalIds } from '../../../db/queries/videos'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { enqueueJobs } from '../queues/enqueue-job'
import { shortLinkJobKey, videoJobKey } from './job-keys'
import { MAX_LINKS_PER_PASTE } from './schemas'
import { parseTikTokLink } from './tiktok/tiktok-url'

/**
 * The link of one pasted line. A CSV row gives its first cell that looks like a link, so a
 * spreadsheet export (url,title,...) pastes as well as a plain list; a header row is skipped.
 */
export function splitPaste(input: { links?: string[]; text?: string }): string[] {
  const raw = input.links ?? (input.text ?? '').split(/\r?\n/)
  const lines = raw.map((line) => {
    const cells = line.split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, ''))
    return cells.length > 1 ? (cells.find((c) => /tiktok|^https?:|^www\.|\//i.test(c)) ?? cells[0]) : line.trim()
  })
  const nonEmpty = lines.filter((l) => l.length > 0)
  if (nonEmpty.length && /^(url|link|links|tiktok|video)$/i.test(nonEmpty[0])) nonEmpty.shift()
  return nonEmpty
}

/**
 * Creates a paste: validates every line at once (refusals and duplicates are answered in the
 * response), then enqueues one `ingest-link` job per accepted link (rows in one statement, messages in batches).
 * Dedupe keys: one job per (merchant, TikTok video); short links one per link until resolved.
 */
export async function createIngestBatch(deps: { db: Database; env: Env }, input: { merchantId: string; userId: string | null; lines: string[] }) {
  if (!input.lines.length) throw new AppError('bad_request', 'paste at least one TikTok link')
  if (input.lines.length > MAX_LINKS_PER_PASTE) {
    throw new AppError('payload_too_large', `at most ${MAX_LINKS_PER_PASTE} links per paste (this one has ${input.lines.length}); split the list`)
  }
  const parsed = input.lines.map((line) => ({ input: line.slice(0, 2048), parsed: parseTikTokLink(line) }))
  const ids = [...new Set(parsed.flatMap((p) => (p.parsed.ok && p.parsed.kind === 'video' ? [p.parsed.videoId] : [])))]
  const existing = new Map((await findVideosByExternalIds(deps.db, input.merchantId, ids)).map((v) => [v.externalId, v]))
  const seen = new Map<string, number>()
  const lines: NewIngestLine[] = parsed.map(({ input: text, parsed: p }, i) => {
    const line = i + 1
    const base = { line, input: text, normalizedUrl: null, externalId: null, videoId: null }
    if (!p.ok) return { ...base, status: 'rejected', reason: p.reason }
    const key = p.kind === 'video' ? p.videoId : p.url
    const earlier = seen.get(key)
    if (earlier)
      return { ...base, normalizedUrl: p.url, externalId: p.kind === 'video' ? p.videoId : null, status: 'duplicate', reason: `same video as line ${earlier}` }
    seen.set(key, line)
    if (p.kind === 'short') return { ...base, normalizedUrl: p.url, status: 'queued', reason: null }
    const known = existing.get(p.videoId)
    if (known) {
      const reason =
        known.status === 'failed' ? 'already ingested, and it failed: retry it from its earlier paste' : 'already ingested: this video is in your imports'
      return { ...base, normalizedUrl: p.url, externalId: p.videoId, videoId: known.id, status: 'duplicate', reason }
    }
    return { ...base, normalizedUrl: p.url, externalId: p.videoId, status: 'queued', reason: null }
  })
  const { batch, links } = await insertBatch(deps.db, { merchantId: input.merchantId, createdBy: input.userId, lines })

  const queued = links.filter((l) => l.status === 'queued')
  const inputs = queued.map((l) => ({
    type: 'ingest-link' as const,
    merchantId: input.merchantId,
    payload: { linkId: l.id },
    dedupeKey: l.externalId ? videoJobKey(input.merchantId, l.externalId) : shortLinkJobKey(l.id),
  }))
  // The rows exist before the messages, and each link names its job before the job can run:
  // if a send is lost, the sweep re-sends from the rows.
  await enqueueJobs(deps, inputs, {
    beforeSend: async (jobs) => {
      const pairs: Array<{ linkId: string; jobId: string }> = []
      for (const [i, link] of queued.entries()) {
        const { job, created } = jobs[i]
        if (created) {
          pairs.push({ linkId: link.id, jobId: job.id })
          link.jobId = job.id
        } else {
          // Another paste is importing this video right now.
          link.status = 'duplicate'
          link.reason = 'already being imported by another paste'
          await updateLink(deps.db, link.id, { status: 'duplicate', reason: link.reason })
        }
      }
      await setLinkJobs(deps.db, pairs)
    },
  })
  return { batch, links }
}
