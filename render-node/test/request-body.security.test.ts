import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RENDER_SIGNATURE_HEADER } from '../../contracts/messages'
import { startNode, type TestNode } from './helpers'

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

  it('answers a well-formed but forged signature with 401, streaming the body to disk instead of memory', async () => {
    const forged = `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`
    const { result, before, peak } = await rssGrowth(() =>
      Promise.all(Array.from({ length: 4 }, () => hugePost(node.url, 150 * MB, { [RENDER_SIGNATURE_HEADER]: forged }))),
    )
    console.log(`[rss] 4 × forged-signature 150 MB: ${before.toFixed(0)} MB → peak ${peak.toFixed(0)} MB (+${(peak - before).toFixed(0)} MB)`)
    for (const r of result) expect(r.status).toBe(401)
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
