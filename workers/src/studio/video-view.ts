import type { z } from '@hono/zod-openapi'
import { listStudioCostsOfVideo } from '../../../db/queries/studio'
import type { StudioVideo } from '../../../db/schema'
import type { Database } from '../../../db/types'
import { mediaUrl } from '../media/store-media'
import type { studioVideoSchema, studioVideoSummarySchema } from './schemas'
import { roundUsd } from './studio-settings'

type Summary = z.infer<typeof studioVideoSummarySchema>
type Full = z.infer<typeof studioVideoSchema>

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/** A video as lists show it. */
export function videoSummary(row: StudioVideo): Summary {
  const script = row.script as Full['script']
  const cover = row.outputs.find((o) => o.kind === 'cover')
  return {
    id: row.id,
    batchId: row.batchId,
    position: row.position,
    status: row.status as Summary['status'],
    phase: row.phase as Summary['phase'],
    percent: row.percent,
    source: row.source as Summary['source'],
    productId: row.productId,
    title: script?.scenes[0]?.say ?? null,
    coverUrl: cover ? mediaUrl(cover.key) : null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: iso(row.finishedAt),
    sentToPublishingAt: iso(row.sentToPublishingAt),
    onStorefront: row.onStorefront,
  }
}

/** Everything the studio page needs of one video: script, issues, verdict, outputs with URLs, QC, costs. */
export async function videoView(db: Database, row: StudioVideo): Promise<Full> {
  const costs = await listStudioCostsOfVideo(db, row.id)
  return {
    ...videoSummary(row),
    options: row.options as Full['options'],
    workflowInstanceId: row.workflowInstanceId,
    script: (row.script as Full['script']) ?? null,
    scriptIssues: row.scriptIssues as Full['scriptIssues'],
    safety: (row.safety as Full['safety']) ?? null,
    voice: row.voice ?? null,
    outputs: row.outputs.map((o) => ({ ...o, url: mediaUrl(o.key) })),
    qc: row.qc ?? null,
    post: row.post ?? null,
    providers: row.providers,
    costs: {
      totalUsd: roundUsd(costs.reduce((s, c) => s + c.usd, 0)),
      lines: costs.map((c) => ({ step: c.step, provider: c.provider, unit: c.unit as never, quantity: c.quantity, usd: c.usd, at: c.createdAt.toISOString() })),
    },
    updatedAt: row.updatedAt.toISOString(),
  }
}
