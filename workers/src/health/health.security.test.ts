import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { signedInMember } from '../../test/helpers'

type Health = { status: string; checks: Record<string, Record<string, unknown>> }

describe('GET /api/health does not fingerprint the hub for strangers', () => {
  it('answers only up/down per dependency when signed out', async () => {
    const res = await SELF.fetch('http://hub.test/api/health')
    expect(res.status).toBe(200)
    const body = (await res.json()) as Health
    expect(body.status).toBe('ok')
    for (const name of ['database', 'queues', 'storage', 'renderNode']) expect(body.checks[name]).toEqual({ status: 'up' })
    const text = JSON.stringify(body)
    for (const secret of ['pg_trgm', 'libx264', 'h264_nvenc', 'latencyMs', 'detail', 'encoder']) expect(text).not.toContain(secret)
  })

  it('shows latencies and details to a signed-in member', async () => {
    const m = await signedInMember({ role: 'viewer' })
    const body = (await (await SELF.fetch('http://hub.test/api/health', { headers: m.headers })).json()) as Health
    expect(body.checks.database.latencyMs).toBeGreaterThanOrEqual(0)
    expect((body.checks.database.detail as { extensions: string[] }).extensions).toEqual(['pg_trgm', 'unaccent'])
  })
})
