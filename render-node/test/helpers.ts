// Test helpers: an in-process render node, signed multipart requests, and synthetic media.
import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { sha256Hex, signBody } from '../../contracts/hmac'
import { RENDER_SIGNATURE_HEADER, type RenderResult } from '../../contracts/messages'
import { loadConfig } from '../src/config'
import { createRenderServer, type RenderServer } from '../src/server'

const run = promisify(execFile)
export const SECRET = 'test-render-secret-0123456789'

export type TestNode = { server: RenderServer; url: string; close: () => Promise<void> }

/** Starts a render node on a free port with test settings; `env` overrides any of them. */
export async function startNode(env: Record<string, string> = {}): Promise<TestNode> {
  const config = loadConfig({
    RENDER_SIGNING_SECRET: SECRET,
    RENDER_NODE_PORT: '0',
    RENDER_CONCURRENCY: '2',
    RENDER_ENCODER_PROBE: 'off',
    ...env,
  })
  const server = createRenderServer(config, { log: () => {} })
  const url = await server.start()
  return { server, url, close: () => server.kill() }
}

export type JobReply = {
  status: number
  result?: RenderResult
  files: Map<string, Buffer>
  error?: { code: string; message: string; retryable: boolean }
}

/**
 * Sends a job the way the Worker does: a signed `job` JSON part naming each input with its size
 * and sha256, plus `input:<name>` parts. `tamper` changes an input's bytes after signing;
 * `secret` signs with another key.
 */
export async function sendJob(
  url: string,
  job: Record<string, unknown>,
  inputs: Record<string, Buffer> = {},
  o: { secret?: string; tamper?: string } = {},
): Promise<JobReply> {
  const specs = await Promise.all(Object.entries(inputs).map(async ([name, data]) => ({ name, bytes: data.byteLength, sha256: await sha256Hex(data) })))
  const jobJson = JSON.stringify({ jobId: randomUUID(), inputs: specs, job })
  const form = new FormData()
  form.set('job', jobJson)
  for (const [name, data] of Object.entries(inputs)) {
    const bytes = new Uint8Array(data)
    if (o.tamper === name) bytes[bytes.length - 1] ^= 0xff
    form.set(`input:${name}`, new Blob([bytes]), name)
  }
  const res = await fetch(`${url}/jobs`, { method: 'POST', body: form, headers: { [RENDER_SIGNATURE_HEADER]: await signBody(o.secret ?? SECRET, jobJson) } })
  const files = new Map<string, Buffer>()
  if (!res.ok) return { status: res.status, files, error: ((await res.json()) as { error: JobReply['error'] }).error }
  const body = await res.formData()
  const result = JSON.parse(String(body.get('result'))) as RenderResult
  for (const { name } of result.outputs) {
    const part = body.get(`output:${name}`)
    if (part instanceof Blob) files.set(name, Buffer.from(await part.arrayBuffer()))
  }
  return { status: res.status, result, files }
}

/** Runs ffmpeg (quietly) with the given arguments, writing `name` in a fresh temp dir; returns its bytes. */
export async function ffmpegMake(args: string[], name = 'out.mp4'): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rn-test-'))
  try {
    const out = path.join(dir, name)
    await run('ffmpeg', ['-v', 'error', '-y', ...args, out])
    return await readFile(out)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export type Probe = {
  format: { format_name: string; duration: string }
  streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number; pix_fmt?: string; profile?: string; sample_rate?: string }>
}

/** ffprobe of a media buffer. */
export async function ffprobe(data: Buffer): Promise<Probe> {
  return withTempFile(
    data,
    async (file) => JSON.parse((await run('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file])).stdout) as Probe,
  )
}

/** One decoded frame of a video at `seconds`, as PNG. */
export async function frameAt(data: Buffer, seconds: number): Promise<Buffer> {
  return withTempFile(data, (file) => ffmpegMake(['-ss', String(seconds), '-i', file, '-frames:v', '1'], 'frame.png'))
}

export async function withTempFile<T>(data: Buffer, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rn-test-'))
  try {
    const file = path.join(dir, 'media')
    await writeFile(file, data)
    return await fn(file)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** A test video: `lavfi` source graph → H.264 MP4 (optionally with a sine track). */
export function makeVideo(graph: string, o: { audio?: boolean; seconds?: number } = {}): Promise<Buffer> {
  const audio = o.audio ? ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${o.seconds ?? 2}`, '-c:a', 'aac', '-shortest'] : []
  return ffmpegMake(['-f', 'lavfi', '-i', graph, ...audio, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'])
}

/** CRC-32 (for hand-made PNG chunks). */
function crc32(buf: Buffer): number {
  let c = ~0
  for (const b of buf) {
    c ^= b
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return ~c >>> 0
}

/** A tiny PNG whose header claims `width`×`height` pixels: a decompression bomb's calling card. */
export function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([len, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 2, 0, 0, 0], 8) // 8-bit RGB
  const idat = Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]) // a few bytes of deflate
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
