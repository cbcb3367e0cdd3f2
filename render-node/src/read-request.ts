import { createReadStream, createWriteStream } from 'node:fs'
import { open, rm } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { verifySignedBody } from '../../contracts/hmac'
import { RenderError } from './errors'

/** The largest `job` JSON part read before the signature decides (it names inputs, not their bytes). */
const MAX_JOB_PART_BYTES = 1024 * 1024

/**
 * Whether a signature header is well formed and fresh (`t=<unix s>,v1=<64 hex>`, within the
 * tolerance): checked before a byte of the body is read, so an unsigned or replayed request costs
 * nothing. The HMAC itself covers the `job` part and is checked once that part is on disk.
 */
export function signatureHeaderLooksValid(header: string | undefined, toleranceSeconds = 300, now = Date.now()): boolean {
  if (!header || header.length > 200) return false
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header.trim())
  return Boolean(m) && Math.abs(now / 1000 - Number(m?.[1])) <= toleranceSeconds
}

/** The `job` part of a multipart body: the first part, read from the start of the file. */
async function readJobPart(file: string, boundary: string): Promise<string | null> {
  const fh = await open(file, 'r')
  try {
    const buf = Buffer.alloc(MAX_JOB_PART_BYTES + 4096)
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0)
    const head = buf.subarray(0, bytesRead)
    const delimiter = Buffer.from(`--${boundary}`)
    let start = head.indexOf(delimiter)
    if (start < 0) return null
    start += delimiter.length + 2 // CRLF
    const headersEnd = head.indexOf('\r\n\r\n', start)
    if (headersEnd < 0) return null
    const partHeaders = head.subarray(start, headersEnd).toString('utf8')
    if (!/content-disposition:\s*form-data;\s*name="job"/i.test(partHeaders)) return null
    const bodyStart = headersEnd + 4
    const end = head.indexOf(Buffer.from(`\r\n--${boundary}`), bodyStart)
    if (end < 0) return null
    return head.subarray(bodyStart, end).toString('utf8')
  } finally {
    await fh.close()
  }
}

export type ReadJobRequest = { form: FormData; jobJson: string }

/**
 * Reads a signed job request without trusting it: a missing, malformed or stale signature header
 * or a declared length over the cap is refused before the body is read (and the connection is
 * closed); otherwise the body streams to a temp file, cut off at `maxBytes`; the HMAC over the
 * `job` part is checked from the file; only a request that passed is parsed into a form.
 */
export async function readSignedJobRequest(
  req: Request,
  o: { secret: string; maxBytes: number; tmpDir: string; signatureHeader: string },
): Promise<ReadJobRequest> {
  const signature = req.headers.get(o.signatureHeader) ?? undefined
  if (!signatureHeaderLooksValid(signature)) throw new RenderError('unauthorized', 'bad or stale signature')
  const declared = req.headers.get('content-length')
  if (declared !== null && !(Number(declared) <= o.maxBytes)) throw new RenderError('input_too_large', `request is larger than ${o.maxBytes} bytes`)
  const type = req.headers.get('content-type') ?? ''
  const boundary = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(type)?.[1]
  if (!boundary || !req.body) throw new RenderError('bad_request', 'body must be multipart/form-data with a "job" part')

  const file = path.join(o.tmpDir, `render-request-${crypto.randomUUID()}`)
  try {
    let total = 0
    const capped = async function* (source: AsyncIterable<Uint8Array>) {
      for await (const chunk of source) {
        total += chunk.byteLength
        if (total > o.maxBytes) throw new RenderError('input_too_large', `request is larger than ${o.maxBytes} bytes`)
        yield chunk
      }
    }
    await pipeline(Readable.fromWeb(req.body as import('node:stream/web').ReadableStream<Uint8Array>), capped, createWriteStream(file))
    const jobJson = await readJobPart(file, boundary)
    if (jobJson === null) throw new RenderError('bad_request', 'missing "job" part')
    if (!(await verifySignedBody(o.secret, jobJson, signature))) throw new RenderError('unauthorized', 'bad or stale signature')
    const form = await new Response(Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, { headers: { 'content-type': type } })
      .formData()
      .catch(() => {
        throw new RenderError('bad_request', 'body must be multipart/form-data with a "job" part')
      })
    if (form.get('job') !== jobJson) throw new RenderError('bad_request', 'the "job" part must come first')
    return { form, jobJson }
  } finally {
    await rm(file, { force: true })
  }
}
