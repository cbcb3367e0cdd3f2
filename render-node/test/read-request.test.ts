// readSignedJobRequest on its own: the multipart reader's limits and edge cases, fed chunk by chunk.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { sha256Hex, signBody } from '../../contracts/hmac'
import { readSignedJobRequest, type SignedInputSpec } from '../src/read-request'
import { SECRET } from './helpers'

const BOUNDARY = '----unit-boundary-42'
const HEADER = 'x-render-signature'

type Part = { name: string; data: Buffer | string; filename?: string }

function multipart(parts: Part[]): Buffer {
  const out: Buffer[] = []
  for (const p of parts) {
    const fname = p.filename ? `; filename="${p.filename}"` : ''
    const type = p.filename ? '\r\nContent-Type: application/octet-stream' : ''
    out.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"${fname}${type}\r\n\r\n`), Buffer.from(p.data), Buffer.from('\r\n'))
  }
  out.push(Buffer.from(`--${BOUNDARY}--\r\n`))
  return Buffer.concat(out)
}

async function* chunks(body: Buffer, size: number, stallAfter?: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < body.length; i += size) {
    if (stallAfter !== undefined && i >= stallAfter) await new Promise(() => {})
    yield body.subarray(i, i + size)
  }
}

async function signedJob(inputs: Record<string, Buffer>) {
  const specs: SignedInputSpec[] = await Promise.all(Object.entries(inputs).map(async ([name, d]) => ({ name, bytes: d.length, sha256: await sha256Hex(d) })))
  const jobJson = JSON.stringify({ jobId: randomUUID(), inputs: specs, job: { type: 'probe-image' } })
  return { jobJson, signature: await signBody(SECRET, jobJson) }
}

function read(body: AsyncIterable<Uint8Array>, signature: string, o: { maxBytes?: number; idleTimeoutMs?: number } = {}) {
  return readSignedJobRequest(
    { headers: new Headers({ [HEADER]: signature, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }), body },
    {
      secret: SECRET,
      maxBytes: o.maxBytes ?? 64 * 1024 * 1024,
      signatureHeader: HEADER,
      parseJob: (json) => JSON.parse(json) as { inputs: SignedInputSpec[] },
      idleTimeoutMs: o.idleTimeoutMs,
    },
  )
}

// bytes that contain CRLFs, dashes and a near-miss of the boundary, so a split delimiter is exercised
const tricky = Buffer.concat([Buffer.from(`\r\n--${BOUNDARY.slice(0, -1)}x\r\n--\r\n`), Buffer.alloc(70_000, 7), Buffer.from('\r\n-')])

describe('readSignedJobRequest', () => {
  it('reads the job and every input exactly, whatever the chunk size (1 byte to 64 KiB)', async () => {
    const a = tricky
    const b = Buffer.from('second input')
    const { jobJson, signature } = await signedJob({ a, b })
    const body = multipart([
      { name: 'job', data: jobJson },
      { name: 'input:a', data: a, filename: 'a' },
      { name: 'input:b', data: b, filename: 'b' },
    ])
    for (const size of [1, 7, 41, 4096, 65536]) {
      const r = await read(chunks(body, size), signature)
      expect(r.jobJson).toBe(jobJson)
      expect(r.inputs.get('a')?.equals(a)).toBe(true)
      expect(r.inputs.get('b')?.toString()).toBe('second input')
    }
  })

  it('refuses a body whose first part is not the job', async () => {
    const a = Buffer.from('x')
    const { jobJson, signature } = await signedJob({ a })
    const body = multipart([
      { name: 'input:a', data: a, filename: 'a' },
      { name: 'job', data: jobJson },
    ])
    await expect(read(chunks(body, 1024), signature)).rejects.toMatchObject({ code: 'bad_request', message: 'missing "job" part' })
  })

  it('refuses a forged job part with 401 before reading the inputs', async () => {
    const a = Buffer.from('x')
    const { signature } = await signedJob({ a })
    const { jobJson: other } = await signedJob({ a })
    let pulled = 0
    const body = multipart([
      { name: 'job', data: other },
      { name: 'input:a', data: Buffer.alloc(1_000_000), filename: 'a' },
    ])
    async function* counting() {
      for await (const c of chunks(body, 1024)) {
        pulled += c.byteLength
        yield c
      }
    }
    await expect(read(counting(), signature)).rejects.toMatchObject({ code: 'unauthorized' })
    expect(pulled).toBeLessThan(4096)
  })

  it('refuses parts the job does not list, a part sent twice, more parts than inputs, and a short or altered input', async () => {
    const a = Buffer.from('abc')
    const { jobJson, signature } = await signedJob({ a })
    const cases: Array<[Part[], RegExp]> = [
      [
        [
          { name: 'job', data: jobJson },
          { name: 'input:zzz', data: a, filename: 'z' },
        ],
        /unexpected part "input:zzz"/,
      ],
      [
        [
          { name: 'job', data: jobJson },
          { name: 'other', data: 'x' },
        ],
        /unexpected part "other"/,
      ],
      [
        [
          { name: 'job', data: jobJson },
          { name: 'input:a', data: a, filename: 'a' },
          { name: 'input:a', data: a, filename: 'a' },
        ],
        /too many parts/,
      ],
      [
        [
          { name: 'job', data: jobJson },
          { name: 'input:a', data: 'ab', filename: 'a' },
        ],
        /does not match its signed size and hash/,
      ],
      [
        [
          { name: 'job', data: jobJson },
          { name: 'input:a', data: 'abcd', filename: 'a' },
        ],
        /does not match its signed size and hash/,
      ],
      [
        [
          { name: 'job', data: jobJson },
          { name: 'input:a', data: 'abd', filename: 'a' },
        ],
        /does not match its signed size and hash/,
      ],
      [[{ name: 'job', data: jobJson }], /missing input part "a"/],
    ]
    for (const [parts, message] of cases) {
      await expect(read(chunks(multipart(parts), 16), signature)).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(message) })
    }
  })

  it('refuses a body that ends before its closing boundary', async () => {
    const a = Buffer.alloc(5000, 1)
    const { jobJson, signature } = await signedJob({ a })
    const body = multipart([
      { name: 'job', data: jobJson },
      { name: 'input:a', data: a, filename: 'a' },
    ])
    await expect(read(chunks(body.subarray(0, body.length - 200), 512), signature)).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/ended before the body was complete/),
    })
  })

  it('gives up on a body that stalls mid-upload (timeout, retryable)', async () => {
    const a = Buffer.alloc(50_000, 1)
    const { jobJson, signature } = await signedJob({ a })
    const body = multipart([
      { name: 'job', data: jobJson },
      { name: 'input:a', data: a, filename: 'a' },
    ])
    const t0 = Date.now()
    await expect(read(chunks(body, 4096, 20_000), signature, { idleTimeoutMs: 150 })).rejects.toMatchObject({ code: 'timeout', retryable: true })
    expect(Date.now() - t0).toBeLessThan(2000)
  })

  it('refuses a job part over 1 MiB and a junk preamble', async () => {
    const { signature } = await signedJob({})
    const big = multipart([{ name: 'job', data: 'x'.repeat(1024 * 1024 + 10) }])
    await expect(read(chunks(big, 65536), signature)).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/larger than/) })
    await expect(read(chunks(Buffer.alloc(100_000, 0x20), 4096), signature)).rejects.toMatchObject({ code: 'bad_request' })
  })

  it('refuses an oversized part header block, an input sent as a plain field, and a junk preamble past the pre-job cap', async () => {
    const a = Buffer.from('abc')
    const { jobJson, signature } = await signedJob({ a })
    const longHeader = Buffer.concat([
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="job"\r\nX-Pad: ${'p'.repeat(20_000)}\r\n\r\n`),
      Buffer.from(`${jobJson}\r\n--${BOUNDARY}--\r\n`),
    ])
    await expect(read(chunks(longHeader, 4096), signature)).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/part header/) })
    const asField = multipart([
      { name: 'job', data: jobJson },
      { name: 'input:a', data: a },
    ])
    await expect(read(chunks(asField, 64), signature)).rejects.toMatchObject({ code: 'bad_request', message: 'unexpected part "input:a"' })
    let pulled = 0
    async function* junk() {
      for (let i = 0; i < 100; i++) {
        pulled += 65536
        yield Buffer.alloc(65536, 0x20)
      }
    }
    await expect(read(junk(), signature)).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/larger than/) })
    expect(pulled).toBeLessThan(2 * 1024 * 1024)
  })

  it('refuses a body that errors mid-input (aborted upload) and one with more parts than any job may list', async () => {
    const a = Buffer.alloc(100_000, 3)
    const { jobJson, signature } = await signedJob({ a })
    const body = multipart([
      { name: 'job', data: jobJson },
      { name: 'input:a', data: a, filename: 'a' },
    ])
    async function* aborting() {
      yield body.subarray(0, 50_000)
      throw new Error('aborted')
    }
    await expect(read(aborting(), signature)).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/aborted/) })
    const many = multipart([{ name: 'job', data: jobJson }, ...Array.from({ length: 50 }, (_, i) => ({ name: `input:x${i}`, data: 'x', filename: 'x' }))])
    await expect(read(chunks(many, 256), signature)).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/too many parts|unexpected part/),
    })
  })
})
