import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { signedInMember } from '../../test/helpers'

type Health = { status: string; checks: Record<string, { status: string; latencyMs: number; error?: string; detail?: Record<string, unknown> }> }

describe('GET /api/health', () => {
  it('reports database, queues, storage and render node as up, each with a latency', async () => {
    const m = await signedInMember({ role: 'viewer' })
    const res = await SELF.fetch('http://hub.test/api/health', { headers: m.headers })
    expect(res.status).toBe(200)
    const body = (await res.json()) as Health
    expect(body.status).toBe('ok')
    for (const name of ['database', 'queues', 'storage', 'renderNode']) {
      expect(body.checks[name].status).toBe('up')
      expect(body.checks[name].latencyMs).toBeGreaterThanOrEqual(0)
    }
    expect(body.checks.database.detail?.extensions).toEqual(['pg_trgm', 'unaccent'])
    expect(body.checks.renderNode.detail?.encoder).toMatch(/^(libx264|h264_nvenc)$/)
  })
})

describe('errors', () => {
  it('answers an unknown API route with the one error shape and a request id', async () => {
    const res = await SELF.fetch('http://hub.test/api/nope', { headers: { 'x-request-id': 'test-req-12345' } })
    expect(res.status).toBe(404)
    expect(res.headers.get('x-request-id')).toBe('test-req-12345')
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'no route for GET /api/nope', requestId: 'test-req-12345' } })
  })
})
