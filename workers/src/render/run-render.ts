import type { z } from 'zod'
import type { RenderResult, renderJobSchema } from '../../../contracts/messages'
import type { Database } from '../../../db/types'
import type { Config } from '../config'
import { AppError } from '../errors'
import { storeMedia } from '../media/store-media'
import { callRenderNode } from './call-render-node'
import type { StoredRenderOutput } from './render-output'

/**
 * One render: read the inputs from R2, call a render node, store what comes back (content-
 * addressed, so a retry stores nothing new) as the merchant's media. The RENDER queue's job and
 * the studio Workflow's render steps both go through here.
 */
export async function runRender(
  deps: { db: Database; env: Pick<Env, 'MEDIA'>; config: Pick<Config, 'RENDER_NODE_URL' | 'RENDER_SIGNING_SECRET'> },
  request: {
    jobId: string
    merchantId: string | null
    job: z.input<typeof renderJobSchema>
    inputs: { name: string; key: string }[]
    timeoutMs?: number
    /** Outputs not to keep as media (e.g. the studio's intermediate voice track): returned as bytes instead. */
    keepAsBytes?: string[]
  },
): Promise<{ result: RenderResult; stored: StoredRenderOutput[]; bytes: Map<string, Uint8Array> }> {
  const inputs = await Promise.all(
    request.inputs.map(async ({ name, key }) => {
      const obj = await deps.env.MEDIA.get(key)
      if (!obj) throw new AppError('not_found', `render input ${key} is missing from storage`)
      return { name, data: new Uint8Array(await obj.arrayBuffer()), contentType: obj.httpMetadata?.contentType }
    }),
  )
  const { result, files } = await callRenderNode(deps.config, { jobId: request.jobId, job: request.job, inputs }, { timeoutMs: request.timeoutMs })
  const stored: StoredRenderOutput[] = []
  const bytes = new Map<string, Uint8Array>()
  for (const out of result.outputs) {
    const data = files.get(out.name) as Uint8Array
    if (request.keepAsBytes?.includes(out.name)) {
      bytes.set(out.name, data)
      continue
    }
    if (!request.merchantId) {
      stored.push({ ...out, key: null, assetId: null })
      continue
    }
    const asset = await storeMedia(deps, {
      merchantId: request.merchantId,
      data,
      sha256: out.sha256,
      contentType: out.contentType,
      kind: (out.meta?.kind as never) ?? 'other',
      width: out.width,
      height: out.height,
      durationMs: out.durationMs,
      meta: { ...out.meta, output: out.name, jobType: result.type },
    })
    stored.push({ ...out, key: asset.key, assetId: asset.id })
  }
  return { result, stored, bytes }
}
