import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'
import busboy from 'busboy'
import { verifySignedBody } from '../../contracts/hmac'
import { RenderError } from './errors'

/** The largest `job` JSON part read before the signature decides (it names inputs, not their bytes). */
export const MAX_JOB_PART_BYTES = 1024 * 1024
/**
 * Bytes allowed before the `job` part has verified besides the part itself: preamble, boundary and
 * part headers (busboy caps one part's header block at 16 KiB; a client sends no preamble).
 */
const MAX_BYTES_BEFORE_JOB = 64 * 1024
/** The most input parts a job may list (contracts/messages.ts: `inputs` is at most 40). */
const MAX_INPUT_PARTS = 40
/** Header lines read per part (`content-disposition`, `content-type`, …); busboy ignores the rest. */
const MAX_PART_HEADER_PAIRS = 8
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
  /**
   * Called once the job part has verified, with the bytes its inputs will hold (their signed
   * sizes), before any of them is buffered: throws to refuse the request (the node's memory budget).
   */
  reserve?: (signedBytes: number) => void
}

const bad = (message: string) => new RenderError('bad_request', message)
const tooLarge = (maxBytes: number) => new RenderError('input_too_large', `request is larger than ${maxBytes} bytes`)

/**
 * Reads a signed job request while it arrives, without trusting it. The multipart tokenizing is
 * busboy's (parts in order, with backpressure); the rules are checked here, on top of it:
 *
 * - before a byte of the body is read: a missing, malformed or stale signature header, a declared
 *   length over `maxBytes` or a body that is not `multipart/form-data` with a boundary is refused;
 * - the first part must be `job` (≤ 1 MiB, and at most 1 MiB + 64 KiB of body is read before it
 *   has ended); its HMAC is checked the moment it ends, and it is parsed and validated before
 *   another chunk is read or an input byte is accepted, so a forged or invalid request is refused
 *   after at most 1 MiB;
 * - every later part must be an `input:<name>` the signed job lists, each at most once (so at most
 *   1 + inputs parts); its bytes go into a buffer of exactly the signed size (the inputs' signed
 *   sizes together must fit `maxBytes`: that is the memory one request can hold), hashed as they
 *   arrive; a part longer than signed, shorter, or with another hash is refused;
 * - every byte counts against `maxBytes`; a body that stalls for `idleTimeoutMs` is given up;
 *   an upload the client aborts ends the read with an error and leaves nothing behind (nothing is
 *   written to disk; the buffers are dropped).
 *
 * What busboy decides on its own: a part without a `content-disposition: form-data` header is
 * skipped (it is not a part here at all), and a non-file part after `job` (busboy calls it a field)
 * is only seen when it ends, so it is refused then (it holds at most `fieldSize`, 1 MiB, meanwhile).
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

  const parts = new SignedParts(type, o, signature as string)
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
        step = await Promise.race([next, stalled, parts.failed])
      } catch (err) {
        if (err instanceof RenderError) throw err
        throw new RenderError('bad_request', 'upload aborted before the body was complete', { cause: err })
      } finally {
        clearTimeout(timer)
      }
      if (step.done) break
      total += step.value.byteLength
      if (total > o.maxBytes) throw tooLarge(o.maxBytes)
      if (!parts.verified && total > MAX_JOB_PART_BYTES + MAX_BYTES_BEFORE_JOB) throw jobTooLarge()
      await parts.write(step.value)
    }
    return await parts.finish()
  } catch (err) {
    parts.dispose() // nothing is kept: the parser stops, the input buffers are dropped
    throw err
  } finally {
    clearTimeout(timer)
  }
}

const jobTooLarge = () => bad(`the "job" part is larger than ${MAX_JOB_PART_BYTES} bytes`)
const mismatch = (name: string) => bad(`input "${name}" does not match its signed size and hash`)

/** The rules of the render node's one request shape, applied to the parts busboy streams in order. */
class SignedParts<T extends { inputs: SignedInputSpec[] }> {
  private readonly bb: busboy.Busboy
  private fail!: (err: RenderError) => void
  private error: RenderError | null = null
  /** Rejects with the first refusal; every wait in the read races it. */
  readonly failed = new Promise<never>((_, reject) => {
    this.fail = (err) => {
      if (this.error) return
      this.error = err
      reject(err)
      this.bb.destroy()
    }
  })
  private count = 0
  private verifying: Promise<void> | null = null
  private jobJson: string | null = null
  private request: T | null = null
  private readonly specs = new Map<string, SignedInputSpec>()
  private readonly inputs = new Map<string, Buffer>()
  private readonly reading: Promise<void>[] = []

  constructor(
    contentType: string,
    private readonly o: ReadJobOptions<T>,
    private readonly signature: string,
  ) {
    this.failed.catch(() => {}) // raced by the caller; never an unhandled rejection on its own
    try {
      this.bb = busboy({
        headers: { 'content-type': contentType },
        limits: {
          fieldSize: MAX_JOB_PART_BYTES,
          fields: 2, // `job`, and one more to name in the refusal
          files: MAX_INPUT_PARTS,
          fileSize: o.maxBytes,
          parts: 2 + MAX_INPUT_PARTS, // one more than a valid body can have, refused when it ends
          headerPairs: MAX_PART_HEADER_PAIRS,
        },
      })
    } catch (err) {
      throw new RenderError('bad_request', 'body must be multipart/form-data with a "job" part', { cause: err })
    }
    this.bb.on('field', (name, value, info) => this.onField(name, value, info.valueTruncated))
    this.bb.on('file', (name, stream) => this.onFile(name, stream))
    const tooMany = () => this.fail(bad(`too many parts (the job lists ${this.specs.size} inputs)`))
    this.bb.on('partsLimit', tooMany)
    this.bb.on('filesLimit', tooMany)
    this.bb.on('fieldsLimit', () => this.fail(bad('unexpected part')))
    this.bb.on('error', (err: Error) => this.fail(this.fromBusboy(err)))
  }

  get verified(): boolean {
    return this.request !== null
  }

  /** Hands one chunk to busboy; resolves once it is consumed (backpressure) and a pending `job` check is done. */
  async write(chunk: Uint8Array): Promise<void> {
    const written = new Promise<void>((resolve) => this.bb.write(chunk, () => resolve()))
    await Promise.race([written, this.failed])
    // the `job` part ended in this chunk: nothing more is read until its HMAC and contents are checked
    if (this.verifying && !this.verified) await Promise.race([this.verifying, this.failed])
  }

  /** Stops parsing (after a refusal, a timeout or an aborted upload). */
  dispose() {
    this.bb.destroy()
    this.inputs.clear()
  }

  /** Ends the body and checks that it was complete: the closing boundary, the job, every input. */
  async finish(): Promise<ReadJobRequest<T>> {
    const closed = new Promise<void>((resolve) => this.bb.once('close', resolve))
    this.bb.end()
    await Promise.race([closed, this.failed])
    await Promise.race([Promise.all([this.verifying, ...this.reading]), this.failed])
    if (this.error) throw this.error
    if (this.jobJson === null || this.request === null) throw bad('missing "job" part')
    for (const spec of this.specs.values()) if (!this.inputs.has(spec.name)) throw bad(`missing input part "${spec.name}"`)
    return { request: this.request, jobJson: this.jobJson, inputs: this.inputs }
  }

  private fromBusboy(err: Error): RenderError {
    if (/unexpected end/i.test(err.message)) {
      if (this.count === 0) return bad('missing "job" part')
      return new RenderError('bad_request', 'upload ended before the body was complete', { cause: err })
    }
    if (/malformed part header/i.test(err.message)) return new RenderError('bad_request', 'malformed multipart part header', { cause: err })
    return new RenderError('bad_request', `malformed multipart body: ${err.message.slice(0, 200)}`, { cause: err })
  }

  private onField(name: string, value: string, truncated: boolean) {
    if (++this.count === 1) {
      if (name !== 'job') return this.fail(bad('missing "job" part'))
      if (truncated) return this.fail(jobTooLarge())
      this.verifying = this.verify(value).catch((err) => this.fail(err instanceof RenderError ? err : bad(String(err))))
      return
    }
    // a later non-file part is never an input (the render client sends every input with a filename)
    const index = this.count
    this.afterJob(() => {
      if (index > 1 + this.specs.size) throw bad(`too many parts (the job lists ${this.specs.size} inputs)`)
      throw bad(`unexpected part "${name.slice(0, 60)}"`)
    })
  }

  private onFile(name: string, stream: Readable) {
    stream.on('error', () => {}) // an aborted or refused body destroys it; the refusal is reported once, by `fail`
    const index = ++this.count
    if (index === 1) return this.fail(bad('missing "job" part'))
    // Not a byte of it is read (the stream stays paused, busboy holds back the body) until `job` has verified.
    this.afterJob(() => {
      if (index > 1 + this.specs.size) throw bad(`too many parts (the job lists ${this.specs.size} inputs)`)
      const inputName = name.startsWith('input:') ? name.slice('input:'.length) : undefined
      const spec = inputName === undefined ? undefined : this.specs.get(inputName)
      if (!spec) throw bad(`unexpected part "${name.slice(0, 60)}"`)
      if (this.inputs.has(spec.name)) throw bad(`input part "${spec.name}" sent twice`)
      this.inputs.set(spec.name, Buffer.alloc(0)) // claimed now, so a second part of that name is refused when it starts
      this.reading.push(this.readInput(spec, stream))
    })
  }

  /** Runs `check` once `job` has verified (at once when it has), refusing the request if it throws. */
  private afterJob(check: () => void) {
    const run = () => {
      if (this.error) return
      try {
        check()
      } catch (err) {
        this.fail(err as RenderError)
      }
    }
    if (this.verified) run()
    else if (this.verifying) this.verifying.then(run)
    else this.fail(bad('missing "job" part'))
  }

  private readInput(spec: SignedInputSpec, stream: Readable): Promise<void> {
    const buf = Buffer.allocUnsafe(spec.bytes)
    const hash = createHash('sha256')
    let at = 0
    return new Promise<void>((resolve) => {
      stream.on('limit', () => this.fail(mismatch(spec.name))) // longer than `maxBytes`, so than signed
      stream.on('data', (bytes: Buffer) => {
        if (this.error) return
        if (at + bytes.length > buf.length) return this.fail(mismatch(spec.name))
        bytes.copy(buf, at)
        at += bytes.length
        hash.update(bytes)
      })
      stream.on('end', () => {
        if (at !== buf.length || hash.digest('hex') !== spec.sha256) this.fail(mismatch(spec.name))
        else this.inputs.set(spec.name, buf)
        resolve()
      })
      stream.on('close', resolve) // destroyed (aborted or refused): `fail` carries the reason
    })
  }

  private async verify(jobJson: string) {
    if (!(await verifySignedBody(this.o.secret, jobJson, this.signature))) throw new RenderError('unauthorized', 'bad or stale signature')
    const request = this.o.parseJob(jobJson)
    const specs = new Map<string, SignedInputSpec>()
    let signedBytes = 0
    for (const spec of request.inputs) {
      if (specs.has(spec.name)) throw bad(`input "${spec.name}" is listed twice`)
      specs.set(spec.name, spec)
      signedBytes += spec.bytes
    }
    // the memory this request may hold: its inputs at their signed sizes, within the body cap
    if (signedBytes > this.o.maxBytes) throw tooLarge(this.o.maxBytes)
    this.o.reserve?.(signedBytes)
    for (const [name, spec] of specs) this.specs.set(name, spec)
    this.jobJson = jobJson
    this.request = request
  }
}
