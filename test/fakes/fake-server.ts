import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export type RecordedCall = {
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string>
  body: unknown
  rawBody: string
  at: number
}
/** `destroy`: drop the connection without an answer (a connection lost mid-request). */
export type FakeReply = { status: number; body?: unknown; headers?: Record<string, string>; raw?: Buffer | string; destroy?: boolean }
/**
 * A canned reply for the next calls matching `method` and `path` (a regex source) and, when set,
 * whose raw body contains `bodyIncludes` (so a test's script is not taken by another test's call).
 */
export type ScriptedReply = FakeReply & { method?: string; path: string; times?: number; bodyIncludes?: string }

export type FakeServer = {
  name: string
  url: string
  calls: RecordedCall[]
  script: (reply: ScriptedReply) => void
  reset: () => void
  close: () => Promise<void>
}

async function readBody(req: IncomingMessage) {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

/**
 * A small HTTP server that records every call and answers through `handler`. Tests anywhere
 * (Node or workerd) inspect it over HTTP: `GET /__calls` lists calls, `POST /__reset` clears
 * them, `POST /__script` queues canned replies (status, body, headers, times) to force errors.
 */
export async function createFakeServer(
  name: string,
  handler: (call: RecordedCall, raw: Buffer) => FakeReply | Promise<FakeReply>,
  options: { port?: number } = {},
): Promise<FakeServer> {
  const calls: RecordedCall[] = []
  let scripted: ScriptedReply[] = []
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake')
    const raw = await readBody(req)
    const send = (reply: FakeReply) => {
      if (reply.destroy) {
        req.socket.destroy()
        return
      }
      const headers: Record<string, string> = { ...(reply.headers ?? {}) }
      let payload: Buffer | string = ''
      if (reply.raw !== undefined) payload = reply.raw
      else if (reply.body !== undefined) {
        payload = JSON.stringify(reply.body)
        headers['content-type'] ??= 'application/json'
      }
      res.writeHead(reply.status, headers)
      res.end(payload)
    }
    if (url.pathname === '/__calls') return send({ status: 200, body: calls })
    if (url.pathname === '/__reset') {
      calls.length = 0
      scripted = []
      return send({ status: 200, body: { ok: true } })
    }
    if (url.pathname === '/__script') {
      scripted.push(JSON.parse(raw.toString('utf8')) as ScriptedReply)
      return send({ status: 200, body: { ok: true } })
    }
    const rawBody = raw.toString('utf8')
    let body: unknown = rawBody
    if ((req.headers['content-type'] ?? '').includes('json')) {
      try {
        body = JSON.parse(rawBody)
      } catch {}
    } else if ((req.headers['content-type'] ?? '').includes('x-www-form-urlencoded')) {
      body = Object.fromEntries(new URLSearchParams(rawBody))
    }
    const call: RecordedCall = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
      body,
      rawBody: rawBody.length > 100_000 ? `${rawBody.slice(0, 100_000)}…` : rawBody,
      at: Date.now(),
    }
    calls.push(call)
    const i = scripted.findIndex(
      (s) => (!s.method || s.method === call.method) && new RegExp(s.path).test(call.path) && (!s.bodyIncludes || rawBody.includes(s.bodyIncludes)),
    )
    if (i >= 0) {
      const s = scripted[i]
      if (s.times === undefined || s.times <= 1) scripted.splice(i, 1)
      else s.times--
      return send(s)
    }
    try {
      send(await handler(call, raw))
    } catch (err) {
      send({ status: 500, body: { error: String(err) } })
    }
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    name,
    url,
    calls,
    script: (r) => scripted.push(r),
    reset: () => {
      calls.length = 0
      scripted = []
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
