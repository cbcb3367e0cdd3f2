import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { request } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256Hex, signBody } from '../../contracts/hmac'
import { RENDER_SIGNATURE_HEADER } from '../../contracts/messages'
import { loadConfig } from '../src/config'
import { SECRET, sendJob, startNode, type TestNode } from './helpers'

let node: TestNode
beforeAll(async () => {
  node = await startNode()
})
afterAll(() => node.close())

const MB = 1024 * 1024
const CHUNK = Buffer.alloc(MB, 0x61)
const BOUNDARY = 'x-boundary-0123456789'

/**
 * POSTs a `total`-byte multipart body to /jobs, streamed from one reused 1 MiB buffer (so the
 * client itself holds no body), and stops writing as soon as the node answers or hangs up.
 */
function hugePost(url: string, total: number, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; sent: number; body: string }>((resolve, reject) => {
    let sent = 0
    let answered = false
    const req = request(
      `${url}/jobs`,
      { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': String(total), ...headers } },
      (res) => {
        answered = true
        let body = ''
        res.on('data', (d) => {
          body += d
        })
        res.on('end', () => {
          req.destroy()
          resolve({ status: res.statusCode ?? 0, sent, body })
        })
      },
    )
    req.on('error', (err) => (answered ? undefined : reject(err)))
    const head = Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="job"\r\n\r\n{"jobId":"x","inputs":[],"job":{}}\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="input:a"; filename="a"\r\n\r\n`,
    )
    req.write(head)
    sent = head.length
    const pump = () => {
      while (!answered && !req.destroyed && sent + MB <= total) {
        sent += MB
        if (!req.write(CHUNK)) return void req.once('drain', pump)
      }
      if (!answered && !req.destroyed) req.end(Buffer.alloc(total - sent, 0x61))
    }
    pump()
  })
}

/** Peak RSS growth (MB) of this process while `fn` runs, sampled every 10 ms. */
async function rssGrowth<T>(fn: () => Promise<T>): Promise<{ result: T; before: number; peak: number }> {
  global.gc?.()
  const before = process.memoryUsage().rss
  let peak = before
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 10)
  try {
    const result = await fn()
    peak = Math.max(peak, process.memoryUsage().rss)
    return { result, before: before / MB, peak: peak / MB }
  } finally {
    clearInterval(timer)
  }
}

describe('render node refuses unsigned and oversized requests before buffering them', () => {
  it('answers 4 unsigned 150 MB requests with 401 before reading their bodies, and RSS stays flat', async () => {
    const { result, before, peak } = await rssGrowth(() => Promise.all(Array.from({ length: 4 }, () => hugePost(node.url, 150 * MB))))
    console.log(`[rss] 4 × unsigned 150 MB: ${before.toFixed(0)} MB → peak ${peak.toFixed(0)} MB (+${(peak - before).toFixed(0)} MB)`)
    for (const r of result) {
      expect(r.status).toBe(401)
      expect(JSON.parse(r.body).error.code).toBe('unauthorized')
      expect(r.sent).toBeLessThan(100 * MB) // refused early: most of the body was never sent
    }
    expect(peak - before).toBeLessThan(100)
  })

  it('answers a well-formed but forged signature with 401 as soon as the job part has arrived', async () => {
    const forged = `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`
    const { result, before, peak } = await rssGrowth(() =>
      Promise.all(Array.from({ length: 4 }, () => hugePost(node.url, 150 * MB, { [RENDER_SIGNATURE_HEADER]: forged }))),
    )
    console.log(`[rss] 4 × forged-signature 150 MB: ${before.toFixed(0)} MB → peak ${peak.toFixed(0)} MB (+${(peak - before).toFixed(0)} MB)`)
    for (const r of result) {
      expect(r.status).toBe(401)
      expect(r.sent).toBeLessThan(100 * MB) // the HMAC is checked when the job part ends, not after the body
    }
    expect(peak - before).toBeLessThan(150)
  })

  it('answers 413 to a declared length over the cap without reading the body', async () => {
    const signed = `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`
    const r = await hugePost(node.url, 300 * MB, { [RENDER_SIGNATURE_HEADER]: signed })
    expect(r.status).toBe(413)
    expect(r.sent).toBeLessThan(100 * MB)
  })

  it('refuses a stale signature header before reading the body', async () => {
    const stale = `t=${Math.floor(Date.now() / 1000) - 3600},v1=${'0'.repeat(64)}`
    const r = await hugePost(node.url, 150 * MB, { [RENDER_SIGNATURE_HEADER]: stale })
    expect(r.status).toBe(401)
    expect(r.sent).toBeLessThan(100 * MB)
  })
})

/**
 * A validly signed request whose `job` part lists `inputs` (name → signed size; the hash is of
 * that many 0x61 bytes), streamed from a reused 1 MiB buffer: the parts' bytes as `parts` says
 * (default: each input in full), then `epilogue` bytes after the closing boundary. Without
 * `content-length` (chunked). `abortAfter`: destroy the socket once that many bytes are written
 * and the node says it is reading (`/health` `uploading`).
 */
async function signedStream(
  url: string,
  inputs: Record<string, number>,
  o: { epilogue?: number; abortAfter?: number; hold?: Promise<void> } = {},
): Promise<{ status: number; sent: number; body: string; aborted: boolean; retryAfter?: string }> {
  const specs = await Promise.all(Object.entries(inputs).map(async ([name, bytes]) => ({ name, bytes, sha256: await sha256Hex(Buffer.alloc(bytes, 0x61)) })))
  const jobJson = JSON.stringify({ jobId: randomUUID(), inputs: specs, job: { type: 'probe-image', input: specs[0]?.name ?? 'a' } })
  const signature = await signBody(SECRET, jobJson)
  const segments: Array<Buffer | number> = [Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="job"\r\n\r\n${jobJson}`)]
  for (const spec of specs) {
    segments.push(
      Buffer.from(
        `\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="input:${spec.name}"; filename="${spec.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
    )
    segments.push(spec.bytes)
  }
  segments.push(Buffer.from(`\r\n--${BOUNDARY}--\r\n`))
  if (o.epilogue) segments.push(o.epilogue)
  return new Promise((resolve, reject) => {
    let sent = 0
    let answered = false
    let aborted = false
    const req = request(
      `${url}/jobs`,
      { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, [RENDER_SIGNATURE_HEADER]: signature } },
      (res) => {
        answered = true
        let body = ''
        res.on('data', (d) => {
          body += d
        })
        res.on('end', () => {
          req.destroy()
          resolve({ status: res.statusCode ?? 0, sent, body, aborted, retryAfter: res.headers['retry-after'] })
        })
      },
    )
    req.on('error', (err) => (answered ? undefined : aborted ? resolve({ status: 0, sent, body: '', aborted }) : reject(err)))
    const abort = async () => {
      // wait until the node is reading this body, then hang up mid-body
      for (let i = 0; i < 200; i++) {
        const h = (await (await fetch(`${url}/health`)).json()) as { uploading: number }
        if (h.uploading > 0) break
        await new Promise((r) => setTimeout(r, 10))
      }
      aborted = true
      req.destroy()
    }
    let seg = 0
    let left = -1
    const pump = () => {
      while (!answered && !req.destroyed) {
        if (o.abortAfter !== undefined && sent >= o.abortAfter) return void (o.hold ?? Promise.resolve()).then(abort)
        if (left <= 0) {
          if (seg >= segments.length) return void req.end()
          const s = segments[seg++]
          if (typeof s !== 'number') {
            sent += s.length
            if (!req.write(s)) return void req.once('drain', pump)
            continue
          }
          left = s
        }
        const n = Math.min(left, MB)
        left -= n
        sent += n
        if (!req.write(n === MB ? CHUNK : CHUNK.subarray(0, n))) return void req.once('drain', pump)
      }
    }
    pump()
  })
}

describe('render node reads a signed body while it arrives, within its limits', () => {
  let capped: TestNode
  let tmpDir: string
  beforeAll(async () => {
    tmpDir = await mkdtemp(path.join(os.tmpdir(), 'rn-upload-'))
    capped = await startNode({ RENDER_MAX_REQUEST_BYTES: String(8 * MB), RENDER_TMP_DIR: tmpDir })
  })
  afterAll(async () => {
    await capped.close()
    await rm(tmpDir, { recursive: true, force: true })
  })
  const health = async () => (await (await fetch(`${capped.url}/health`)).json()) as { uploading: number; running: number }

  it('accepts a signed chunked upload (no content-length) parsed as it streams', async () => {
    // probe-image of 1 MB of 0x61 is not an image: the body was read and the job ran (422), not refused
    const r = await signedStream(capped.url, { a: MB })
    expect(r.status).toBe(422)
    expect(JSON.parse(r.body).error.code).toBe('unsupported_input')
  })

  it('answers 413 to a chunked body that runs past the cap, without reading the rest', async () => {
    const r = await signedStream(capped.url, { a: MB }, { epilogue: 64 * MB })
    expect(r.status).toBe(413)
    expect(JSON.parse(r.body).error.code).toBe('input_too_large')
    expect(r.sent).toBeLessThan(40 * MB) // cut off near the 8 MB cap, the connection closed
    expect(await health()).toMatchObject({ uploading: 0, running: 0 })
  })

  it('answers 413 when the signed inputs add up to more than the cap, before their bytes are read', async () => {
    const r = await signedStream(capped.url, { a: 100 * MB })
    expect(r.status).toBe(413)
    expect(r.sent).toBeLessThan(40 * MB)
  })

  it('drops an upload the client aborts mid-body: the read ends, nothing is left behind, the next job runs', async () => {
    const jobsBefore = await (await fetch(`${capped.url}/metrics`)).text()
    const r = await signedStream(capped.url, { a: 6 * MB }, { abortAfter: 3 * MB })
    expect(r.aborted).toBe(true)
    let h = await health()
    for (let i = 0; i < 100 && h.uploading > 0; i++) {
      await new Promise((res) => setTimeout(res, 20))
      h = await health()
    }
    expect(h).toMatchObject({ uploading: 0, running: 0 })
    expect(await readdir(tmpDir)).toEqual([])
    // no job ran for it
    const count = (m: string) => Number(/render_jobs_total\{type="probe-image",outcome="[a-z]+"\} (\d+)/.exec(m)?.[1] ?? 0)
    expect(count(await (await fetch(`${capped.url}/metrics`)).text())).toBe(count(jobsBefore))
    const ok = await sendJob(capped.url, { type: 'probe-image', input: 'photo' }, { photo: PNG_1x1 })
    expect(ok.status).toBe(200)
  })
})

/** A 1×1 PNG. */
const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

describe('render node memory budget over all requests (RENDER_MAX_BUFFERED_BYTES)', () => {
  it('answers 503 + Retry-After while the node holds its budget of inputs, and takes the job once that upload has ended', async () => {
    const node = await startNode({ RENDER_MAX_REQUEST_BYTES: String(4 * MB), RENDER_MAX_BUFFERED_BYTES: String(5 * MB) })
    const held = async () => ((await (await fetch(`${node.url}/health`)).json()) as { bufferedBytes: number }).bufferedBytes
    const until = async (ok: (bytes: number) => boolean) => {
      for (let i = 0; i < 300 && !ok(await held()); i++) await new Promise((r) => setTimeout(r, 10))
      return held()
    }
    try {
      let letGo = () => {}
      const hold = new Promise<void>((r) => {
        letGo = r
      })
      // The first upload stops after 1 MB of its 3 MB input and stays open: the node holds 3 MB for it.
      const first = signedStream(node.url, { a: 3 * MB }, { abortAfter: 2 * MB, hold })
      expect(await until((b) => b === 3 * MB)).toBe(3 * MB)
      const second = await signedStream(node.url, { a: 3 * MB })
      expect(second.status).toBe(503)
      expect(second.retryAfter).toBe('5')
      expect(JSON.parse(second.body).error).toMatchObject({ code: 'busy', retryable: true })
      // A request that fits beside it is taken (probe-image of 0x61 bytes: read, run, 422).
      expect((await signedStream(node.url, { a: MB })).status).toBe(422)
      letGo()
      expect((await first).aborted).toBe(true)
      expect(await until((b) => b === 0)).toBe(0)
      expect((await signedStream(node.url, { a: 3 * MB })).status).toBe(422)
    } finally {
      await node.close()
    }
  })

  it('refuses a budget smaller than one request at start', () => {
    expect(() => loadConfig({ RENDER_SIGNING_SECRET: SECRET, RENDER_MAX_REQUEST_BYTES: String(8 * MB), RENDER_MAX_BUFFERED_BYTES: String(4 * MB) })).toThrow(
      /RENDER_MAX_BUFFERED_BYTES: must be at least RENDER_MAX_REQUEST_BYTES/,
    )
  })
})
