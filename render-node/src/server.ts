import { mkdtemp, rm } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { Readable } from 'node:stream'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { type HttpBindings, type ServerType, serve } from '@hono/node-server'
import { Hono } from 'hono'
import { sha256Hex } from '../../contracts/hmac'
import { RENDER_SIGNATURE_HEADER, type RenderRequest, type RenderResult, renderRequestSchema } from '../../contracts/messages'
import type { RenderConfig } from './config'
import { RenderError } from './errors'
import { jobRunners } from './jobs/registry'
import type { JobContext, JobOutcome } from './jobs/types'
import { type H264Encoder, probeH264Encoder } from './media/video'
import { createMetrics } from './metrics'
import { type ReadJobRequest, readSignedJobRequest } from './read-request'

type Log = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void

/**
 * The render node: one HTTP endpoint that runs signed jobs from the Worker's RENDER consumer.
 * It holds no database or storage credentials: inputs arrive in the request, outputs go back in
 * the response, and the Worker stores them.
 */
export function createRenderServer(config: RenderConfig, options: { log?: Log } = {}) {
  const log: Log =
    options.log ??
    ((level, msg, fields) =>
      console[level === 'info' ? 'log' : level](JSON.stringify({ level, time: new Date().toISOString(), service: 'render-node', msg, ...fields })))
  const metrics = createMetrics()
  const startedAt = Date.now()
  let encoder: { encoder: H264Encoder; reason: string } = { encoder: 'libx264', reason: 'not probed yet' }
  let draining = false
  let running = 0
  const waiters: Array<() => void> = []
  const inFlight = new Set<Promise<unknown>>()
  /** Request bodies being read right now (uploads not yet complete, refused or aborted). */
  let uploading = 0
  /** Input bytes held now (reserved at the signed sizes from the moment a job part verifies until its job ends). */
  let buffered = 0
  /** Errors raised while a request body was still arriving: their answer closes the connection. */
  const unreadBody = new WeakSet<Error>()

  async function acquire() {
    if (running < config.RENDER_CONCURRENCY) {
      running++
      return
    }
    if (waiters.length >= config.RENDER_CONCURRENCY * 8) throw new RenderError('busy', 'render node is at capacity; retry later')
    metrics.waiting.inc()
    await new Promise<void>((resolve) => waiters.push(resolve))
    metrics.waiting.dec()
    running++
  }
  function release() {
    running--
    waiters.shift()?.()
  }

  async function runJob(request: RenderRequest, inputs: Map<string, Buffer>): Promise<{ result: RenderResult; files: JobOutcome['outputs'] }> {
    const t0 = performance.now()
    const tmpDir = await mkdtemp(path.join(config.RENDER_TMP_DIR, 'render-'))
    const controller = new AbortController()
    const limitMs = request.job.type.startsWith('studio-') ? config.RENDER_STUDIO_JOB_TIMEOUT_MS : config.RENDER_JOB_TIMEOUT_MS
    const timer = setTimeout(() => controller.abort(), limitMs)
    metrics.inFlight.inc()
    try {
      const ctx: JobContext = { config, jobId: request.jobId, inputs, tmpDir, signal: controller.signal, encoder: encoder.encoder }
      const runner = jobRunners[request.job.type] as (job: RenderRequest['job'], ctx: JobContext) => Promise<JobOutcome>
      const outcome = await Promise.race([
        runner(request.job, ctx),
        new Promise<never>((_, reject) =>
          controller.signal.addEventListener('abort', () => reject(new RenderError('timeout', `job exceeded ${limitMs} ms`)), {
            once: true,
          }),
        ),
      ])
      const outputs = await Promise.all(outcome.outputs.map(async ({ data, ...rest }) => ({ ...rest, bytes: data.byteLength, sha256: await sha256Hex(data) })))
      const durationMs = performance.now() - t0
      return {
        result: { jobId: request.jobId, type: request.job.type, outputs, meta: outcome.meta ?? {}, encoder: outcome.encoder, durationMs },
        files: outcome.outputs,
      }
    } finally {
      clearTimeout(timer)
      controller.abort()
      metrics.inFlight.dec()
      metrics.duration.observe({ type: request.job.type }, (performance.now() - t0) / 1000)
      await rm(tmpDir, { recursive: true, force: true })
    }
  }

  const app = new Hono<{ Bindings: Partial<HttpBindings> }>()

  app.onError((err, c) => {
    const e = err instanceof RenderError ? err : new RenderError('internal', 'render failed', { cause: err })
    if (e.code === 'internal') log('error', 'job failed', { error: String((err as Error).stack ?? err) })
    // A refused request's body is not wanted: close the connection instead of draining it.
    const headers: Record<string, string> = {}
    if (e.code === 'unauthorized' || e.code === 'input_too_large' || unreadBody.has(err)) headers.connection = 'close'
    if (e.code === 'busy') headers['retry-after'] = '5'
    return c.json({ error: { code: e.code, message: e.message, retryable: e.retryable } }, e.status, headers)
  })

  app.get('/health', (c) =>
    c.json({
      status: draining ? 'draining' : 'ok',
      encoder: encoder.encoder,
      encoderReason: encoder.reason,
      concurrency: config.RENDER_CONCURRENCY,
      running,
      waiting: waiters.length,
      uploading,
      bufferedBytes: buffered,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    }),
  )

  app.get('/metrics', async (c) => c.text(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }))

  app.post('/jobs', async (c) => {
    if (draining) throw new RenderError('busy', 'render node is shutting down')
    // Signature header, declared length and content type are checked before the body is read;
    // the body is then parsed while it arrives (read-request.ts): the `job` part's HMAC is checked
    // as soon as it has arrived, and each input goes into memory at its signed size, hashed on the way.
    const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming as IncomingMessage | undefined
    const body = incoming ?? (c.req.raw.body ? Readable.fromWeb(c.req.raw.body as NodeReadableStream<Uint8Array>) : null)
    uploading++
    let read: ReadJobRequest<RenderRequest>
    let reserved = 0
    const unreserve = () => {
      buffered -= reserved
      reserved = 0
    }
    try {
      read = await readSignedJobRequest(
        { headers: c.req.raw.headers, body },
        {
          secret: config.RENDER_SIGNING_SECRET,
          maxBytes: config.RENDER_MAX_REQUEST_BYTES,
          signatureHeader: RENDER_SIGNATURE_HEADER,
          // The node's memory budget: uploads, queued and running jobs together.
          reserve: (bytes) => {
            if (buffered + bytes > config.RENDER_MAX_BUFFERED_BYTES) throw new RenderError('busy', `render node holds ${buffered} bytes of inputs; retry later`)
            buffered += bytes
            reserved = bytes
          },
          parseJob: (json) => {
            try {
              return renderRequestSchema.parse(JSON.parse(json))
            } catch (err) {
              throw new RenderError('bad_request', `invalid job: ${(err as Error).message.slice(0, 500)}`)
            }
          },
        },
      )
    } catch (err) {
      unreserve()
      if (err instanceof Error && !incoming?.complete) unreadBody.add(err)
      if (err instanceof RenderError && err.code !== 'unauthorized') log('warn', 'job request refused', { error: err.message })
      throw err
    } finally {
      uploading--
    }
    const { request: parsed, inputs } = read

    try {
      await acquire()
    } catch (err) {
      unreserve()
      throw err
    }
    const work = runJob(parsed, inputs)
    inFlight.add(work)
    try {
      const { result, files } = await work
      metrics.jobs.inc({ type: parsed.job.type, outcome: 'ok' })
      log('info', 'job done', { jobId: parsed.jobId, type: parsed.job.type, ms: Math.round(result.durationMs), outputs: result.outputs.length })
      const body = new FormData()
      body.set('result', JSON.stringify(result))
      for (const f of files) body.set(`output:${f.name}`, new Blob([new Uint8Array(f.data)], { type: f.contentType }), f.name)
      return new Response(body)
    } catch (err) {
      const e = err instanceof RenderError ? err : null
      metrics.jobs.inc({ type: parsed.job.type, outcome: e && !e.retryable ? 'rejected' : 'error' })
      log(e ? 'warn' : 'error', 'job failed', { jobId: parsed.jobId, type: parsed.job.type, error: (err as Error).message })
      throw err
    } finally {
      inFlight.delete(work)
      unreserve()
      release()
    }
  })

  let server: ServerType | undefined

  return {
    app,
    metrics,
    get encoder() {
      return encoder
    },
    /** Probes the encoder, then listens. Resolves with the bound URL. */
    async start(): Promise<string> {
      if (config.RENDER_ENCODER_PROBE === 'on') encoder = await probeH264Encoder()
      else encoder = { encoder: 'libx264', reason: 'probe disabled' }
      log('info', 'encoder chosen', encoder)
      return new Promise((resolve) => {
        server = serve({ fetch: app.fetch, hostname: config.RENDER_NODE_HOST, port: config.RENDER_NODE_PORT }, (info: AddressInfo) => {
          const url = `http://${config.RENDER_NODE_HOST}:${info.port}`
          log('info', 'render node listening', { url, concurrency: config.RENDER_CONCURRENCY })
          resolve(url)
        })
      })
    },
    /** Stops accepting jobs, lets the running ones finish, then closes. */
    async drain(): Promise<void> {
      draining = true
      await Promise.allSettled([...inFlight])
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
    },
    /** Closes at once, abandoning running jobs (what a crash looks like to the queue). */
    async kill(): Promise<void> {
      draining = true
      await new Promise<void>((resolve) => {
        if (!server) return resolve()
        ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
        server.close(() => resolve())
      })
    },
  }
}
export type RenderServer = ReturnType<typeof createRenderServer>
