import { createHash } from 'node:crypto'
import { verifySignedBody } from '../../contracts/hmac'
import { RenderError } from './errors'

/** The largest `job` JSON part read before the signature decides (it names inputs, not their bytes). */
export const MAX_JOB_PART_BYTES = 1024 * 1024
/** The largest header block of one part (`content-disposition`, `content-type`). */
const MAX_PART_HEADER_BYTES = 16 * 1024
/** The most bytes before the first boundary (a client sends none; the cap keeps a junk preamble cheap). */
const MAX_PREAMBLE_BYTES = 16 * 1024
/** A body that sends nothing for this long is given up (the whole request is also bounded by Node's `requestTimeout`). */
export const UPLOAD_IDLE_TIMEOUT_MS = 30_000

/**
 * Whether a signature header is well formed and fresh (`t=<unix s>,v1=<64 hex>`, within the
 * tolerance): checked before a byte of the body is read, so an unsigned or replayed request costs
 * nothing. The HMAC itself covers the `job` part and is checked as soon as that part has arrived.
 */
export function signatureHeaderLooksValid(header: string | undefined, toleranceSeconds = 300, now = Date.now()): boolean {
  if (!header || header.length > 200) return false
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header.trim())
  return Boolean(m) && Math.abs(now / 1000 - Number(m?.[1])) <= toleranceSeconds
}

/** What the signed `job` part must say about each input part: its name, exact size and sha256. */
export type SignedInputSpec = { name: string; bytes: number; sha256: string }

export type ReadJobRequest<T> = { request: T; jobJson: string; inputs: Map<string, Buffer> }

export type ReadJobOptions<T> = {
  secret: string
  /** Cap on every byte of the body (preamble, headers, parts, epilogue). */
  maxBytes: number
  signatureHeader: string
  /** Parses the verified `job` JSON (throws a RenderError when it is invalid). */
  parseJob: (json: string) => T
  /** Longest wait for the next chunk of the body. */
  idleTimeoutMs?: number
}

const bad = (message: string) => new RenderError('bad_request', message)
const tooLarge = (maxBytes: number) => new RenderError('input_too_large', `request is larger than ${maxBytes} bytes`)

/**
 * Reads a signed job request while it arrives, without trusting it:
 *
 * - before a byte of the body is read: a missing, malformed or stale signature header, a declared
 *   length over `maxBytes` or a body that is not `multipart/form-data` with a boundary is refused;
 * - the first part must be `job` (≤ 1 MiB); its HMAC is checked the moment it ends, and it is
 *   parsed and validated, so a forged or invalid request is refused after at most 1 MiB;
 * - every later part must be an `input:<name>` the signed job lists, each at most once (so at most
 *   1 + inputs parts); its bytes go into a buffer of exactly the signed size (the inputs' signed
 *   sizes together must fit `maxBytes`: that is the memory one request can hold), hashed as they
 *   arrive; a part longer than signed, shorter, or with another hash is refused;
 * - every byte counts against `maxBytes`; a body that stalls for `idleTimeoutMs` is given up;
 *   an upload the client aborts ends the read with an error and leaves nothing behind (nothing is
 *   written to disk; the buffers are dropped).
 *
 * The body is never drained after a refusal (the caller answers with `connection: close`).
 */
export async function readSignedJobRequest<T extends { inputs: SignedInputSpec[] }>(
  req: { headers: Headers; body: AsyncIterable<Uint8Array> | null },
  o: ReadJobOptions<T>,
): Promise<ReadJobRequest<T>> {
  const signature = req.headers.get(o.signatureHeader) ?? undefined
  if (!signatureHeaderLooksValid(signature)) throw new RenderError('unauthorized', 'bad or stale signature')
  const declared = req.headers.get('content-length')
  if (declared !== null && !(Number(declared) <= o.maxBytes)) throw tooLarge(o.maxBytes)
  const type = req.headers.get('content-type') ?? ''
  const boundary = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(type)?.[1]
  if (!boundary || boundary.length > 200 || !req.body) throw bad('body must be multipart/form-data with a "job" part')

  const parser = new SignedMultipart(boundary, o, signature as string)
  const idleMs = o.idleTimeoutMs ?? UPLOAD_IDLE_TIMEOUT_MS
  // Iterated by hand and never `return()`ed: ending a Node stream's iterator destroys the socket,
  // and a refusal still has to reach the client.
  const it = req.body[Symbol.asyncIterator]()
  let total = 0
  let timer: NodeJS.Timeout | undefined
  try {
    for (;;) {
      const next = it.next()
      next.catch(() => {}) // a body that errors after a timeout or refusal must not be an unhandled rejection
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RenderError('timeout', `upload sent nothing for ${idleMs} ms`)), idleMs)
      })
      let step: IteratorResult<Uint8Array>
      try {
        step = await Promise.race([next, stalled])
      } catch (err) {
        if (err instanceof RenderError) throw err
        throw new RenderError('bad_request', 'upload aborted before the body was complete', { cause: err })
      } finally {
        clearTimeout(timer)
      }
      if (step.done) break
      total += step.value.byteLength
      if (total > o.maxBytes) throw tooLarge(o.maxBytes)
      await parser.push(step.value)
    }
  } finally {
    clearTimeout(timer)
  }
  return parser.finish()
}

type State = 'preamble' | 'headers' | 'body' | 'after-boundary' | 'epilogue'

/** A streaming `multipart/form-data` reader for the render node's one request shape. */
class SignedMultipart<T extends { inputs: SignedInputSpec[] }> {
  private readonly dashBoundary: Buffer // `--boundary`, the first delimiter
  private readonly delimiter: Buffer // `\r\n--boundary`, every later one
  private state: State = 'preamble'
  private pending: Buffer = Buffer.alloc(0)
  private seen = 0 // bytes consumed before `pending`, for the preamble cap
  private part:
    | { kind: 'job'; chunks: Buffer[]; bytes: number }
    | { kind: 'input'; spec: SignedInputSpec; buf: Buffer; at: number; hash: ReturnType<typeof createHash> }
    | null = null
  private parts = 0
  private jobJson: string | null = null
  private request: T | null = null
  private readonly specs = new Map<string, SignedInputSpec>()
  private readonly inputs = new Map<string, Buffer>()

  constructor(
    boundary: string,
    private readonly o: ReadJobOptions<T>,
    private readonly signature: string,
  ) {
    this.dashBoundary = Buffer.from(`--${boundary}`)
    this.delimiter = Buffer.from(`\r\n--${boundary}`)
  }

  async push(chunk: Uint8Array): Promise<void> {
    this.pending = this.pending.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([this.pending, chunk])
    for (;;) {
      if (this.state === 'preamble') {
        const at = this.pending.indexOf(this.dashBoundary)
        if (at < 0) {
          if (this.seen + this.pending.length > MAX_PREAMBLE_BYTES) throw bad('body must be multipart/form-data with a "job" part')
          return
        }
        this.consume(at + this.dashBoundary.length)
        this.state = 'after-boundary'
      } else if (this.state === 'after-boundary') {
        // `--` closes the body; otherwise optional transport padding, then CRLF and the next part
        if (this.pending.length < 2) return
        if (this.pending[0] === 0x2d && this.pending[1] === 0x2d) {
          this.state = 'epilogue'
          this.pending = Buffer.alloc(0)
          return
        }
        const eol = this.pending.indexOf('\r\n')
        if (eol < 0) {
          if (this.pending.length > 256) throw bad('malformed multipart boundary')
          return
        }
        if (!/^[ \t]*$/.test(this.pending.subarray(0, eol).toString('latin1'))) throw bad('malformed multipart boundary')
        this.consume(eol + 2)
        this.state = 'headers'
      } else if (this.state === 'headers') {
        const end = this.pending.indexOf('\r\n\r\n')
        if (end < 0) {
          if (this.pending.length > MAX_PART_HEADER_BYTES) throw bad('a part header block is too large')
          return
        }
        if (end > MAX_PART_HEADER_BYTES) throw bad('a part header block is too large')
        await this.startPart(this.pending.subarray(0, end).toString('utf8'))
        this.consume(end + 4)
        this.state = 'body'
      } else if (this.state === 'body') {
        const at = this.pending.indexOf(this.delimiter)
        if (at < 0) {
          // keep what could be the start of a delimiter split across chunks
          const keep = Math.min(this.pending.length, this.delimiter.length - 1)
          this.data(this.pending.subarray(0, this.pending.length - keep))
          this.pending = Buffer.from(this.pending.subarray(this.pending.length - keep))
          return
        }
        this.data(this.pending.subarray(0, at))
        this.consume(at + this.delimiter.length)
        await this.endPart()
        this.state = 'after-boundary'
      } else {
        // epilogue: ignored (still counted against the cap by the caller)
        this.pending = Buffer.alloc(0)
        return
      }
    }
  }

  finish(): ReadJobRequest<T> {
    if (this.state !== 'epilogue') {
      if (this.jobJson === null) throw bad('missing "job" part')
      throw new RenderError('bad_request', 'upload ended before the body was complete')
    }
    if (this.jobJson === null || this.request === null) throw bad('missing "job" part')
    for (const spec of this.specs.values()) if (!this.inputs.has(spec.name)) throw bad(`missing input part "${spec.name}"`)
    return { request: this.request, jobJson: this.jobJson, inputs: this.inputs }
  }

  private consume(n: number) {
    this.seen += n
    this.pending = this.pending.subarray(n)
  }

  private async startPart(headers: string) {
    this.parts++
    const name = /^content-disposition:\s*form-data;(?:.*;)?\s*name="([^"]*)"/im.exec(headers)?.[1]
    if (this.parts === 1) {
      if (name !== 'job') throw bad('missing "job" part')
      this.part = { kind: 'job', chunks: [], bytes: 0 }
      return
    }
    // Parts after `job`: only once it has verified (it has: `endPart` ran for it).
    if (this.parts > 1 + this.specs.size) throw bad(`too many parts (the job lists ${this.specs.size} inputs)`)
    const inputName = name?.startsWith('input:') ? name.slice('input:'.length) : undefined
    const spec = inputName === undefined ? undefined : this.specs.get(inputName)
    if (!spec) throw bad(`unexpected part "${(name ?? '').slice(0, 60)}"`)
    if (this.inputs.has(spec.name)) throw bad(`input part "${spec.name}" sent twice`)
    this.part = { kind: 'input', spec, buf: Buffer.allocUnsafe(spec.bytes), at: 0, hash: createHash('sha256') }
  }

  private data(bytes: Buffer) {
    const part = this.part
    if (!part || bytes.length === 0) return
    if (part.kind === 'job') {
      part.bytes += bytes.length
      if (part.bytes > MAX_JOB_PART_BYTES) throw bad(`the "job" part is larger than ${MAX_JOB_PART_BYTES} bytes`)
      part.chunks.push(Buffer.from(bytes)) // copied: `bytes` is a view of a chunk the stream may reuse
      return
    }
    if (part.at + bytes.length > part.buf.length) throw bad(`input "${part.spec.name}" does not match its signed size and hash`)
    bytes.copy(part.buf, part.at)
    part.at += bytes.length
    part.hash.update(bytes)
  }

  private async endPart() {
    const part = this.part
    this.part = null
    if (!part) return
    if (part.kind === 'job') {
      const jobJson = Buffer.concat(part.chunks).toString('utf8')
      if (!(await verifySignedBody(this.o.secret, jobJson, this.signature))) throw new RenderError('unauthorized', 'bad or stale signature')
      const request = this.o.parseJob(jobJson)
      let signedBytes = 0
      for (const spec of request.inputs) {
        if (this.specs.has(spec.name)) throw bad(`input "${spec.name}" is listed twice`)
        this.specs.set(spec.name, spec)
        signedBytes += spec.bytes
      }
      // the memory this request may hold: its inputs at their signed sizes, within the body cap
      if (signedBytes > this.o.maxBytes) throw tooLarge(this.o.maxBytes)
      this.jobJson = jobJson
      this.request = request
      return
    }
    if (part.at !== part.buf.length || part.hash.digest('hex') !== part.spec.sha256) {
      throw bad(`input "${part.spec.name}" does not match its signed size and hash`)
    }
    this.inputs.set(part.spec.name, part.buf)
  }
}
