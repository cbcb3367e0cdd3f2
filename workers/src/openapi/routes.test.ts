import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { app } from '../app'

describe('API documentation', () => {
  it('serves an OpenAPI 3.1 document describing every accounts and catalog route the Worker has', async () => {
    const res = await SELF.fetch('http://hub.test/api/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> }
    expect(doc.openapi).toBe('3.1.0')
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ms]) => Object.keys(ms).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`)),
    )
    const mine = /^\/api\/(auth|shop|members|invites|tokens|products|audit)(\/|$)/
    const ownProductPaths = /^\/api\/products(\/:id(\/images(\/:assetId)?|\/videos)?|\/bulk|\/import|\/export\.csv)?$/
    const served = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL' && mine.test(r.path) && (!r.path.startsWith('/api/products') || ownProductPaths.test(r.path)))
        .map((r) => `${r.method} ${r.path.replace(/\/$/, '')}`),
    )
    expect(served.size).toBeGreaterThanOrEqual(30)
    expect([...served].filter((k) => !documented.has(k))).toEqual([])
    expect(doc.paths['/api/products'].post.requestBody).toBeTruthy()
  })

  it('renders a readable reference page', async () => {
    const res = await SELF.fetch('http://hub.test/api/docs')
    expect(res.headers.get('content-type')).toContain('text/html')
    const page = await res.text()
    expect(page).toContain('linkhub API')
    expect(page).toContain('/api/products/import')
  })
})
