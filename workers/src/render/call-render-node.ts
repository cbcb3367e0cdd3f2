import type { z } from 'zod'
import { sha256Hex, signBody } from '../../../contracts/hmac'
import { RENDER_SIGNATURE_HEADER, type RenderResult, type renderJobSchema, renderResultSchema } from '../../../contracts/messages'
import type { Config } from '../config'
import { AppError } from '../errors'

export type RenderInputFile = { name: string; data: Uint8Array; contentType?: string }

/**
 * Sends one job to a render node: a multipart request whose `job` part is HMAC-signed and
 * lists each input's size and hash. Network failures and 5xx are retryable (`bad_gateway`);
 * a 4xx means the input itself is bad (`unprocessable`).
 */
export async function callRenderNode(
  config: Pick<Config, 'RENDER_NODE_URL' | 'RENDER_SIGNING_SECRET'>,
  request: { jobId: string; job: z.input<typeof renderJobSchema>; inputs: RenderInputFile[] },
  options: { timeoutMs?: number } = {},
): Promise<{ result: RenderResult; files: Map<string, Uint8Array> }> {
  const inputs = await Promise.all(
    request.inputs.map(async (f) => ({ name: f.name, sha256: await sha256Hex(f.data), bytes: f.data.byteLength, contentType: f.contentType })),
  )
  const jobJson = JSON.stringify({ jobId: request.jobId, inputs, job: request.job })
  const form = new FormData()
  form.set('job', jobJson)
  for (const f of request.inputs)
    form.set(`input:${f.name}`, new Blob([f.data as Uint8Array<ArrayBuffer>], { type: f.contentType ?? 'application/octet-stream' }), f.name)

  let res: Response
  try {
    res = await fetch(`${config.RENDER_NODE_URL}/jobs`, {
      method: 'POST',
      body: form,
      headers: { [RENDER_SIGNATURE_HEADER]: await signBody(config.RENDER_SIGNING_SECRET, jobJson) },
      signal: AbortSignal.timeout(options.timeoutMs ?? 280_000),
    })
  } catch (err) {
    throw new AppError('bad_gateway', `render node unreachable: ${(err as Error).message}`, { cause: err })
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; retryable?: boolean } } | null
    const message = body?.error?.message ?? `render node answered ${res.status}`
    if (res.status >= 500 || body?.error?.retryable) throw new AppError('bad_gateway', `render node: ${message}`)
    throw new AppError('unprocessable', `render node refused the input: ${message}`)
  }
  const parts = await res.formData()
  const result = renderResultSchema.parse(JSON.parse(String(parts.get('result'))))
  const files = new Map<string, Uint8Array>()
  for (const out of result.outputs) {
    const part = parts.get(`output:${out.name}`)
    if (!(part instanceof Blob)) throw new AppError('bad_gateway', `render node response lacks output ${out.name}`)
    const data = new Uint8Array(await part.arrayBuffer())
    if ((await sha256Hex(data)) !== out.sha256) throw new AppError('bad_gateway', `output ${out.name} does not match its hash`)
    files.set(out.name, data)
  }
  return { result, files }
}
