import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { app } from '../app'

type Doc = { openapi: string; paths: Record<string, Record<string, { tags?: string[]; security?: unknown[]; responses?: Record<string, unknown> }>> }

const fetchDocument = async () => {
  const res = await SELF.fetch('http://hub.test/api/openapi.json')
  expect(res.status).toBe(200)
  return (await res.json()) as Doc
}

describe('API documentation', () => {
  it('lists every route the app registers, generated from the route declarations', async () => {
    const doc = await fetchDocument()
    expect(doc.openapi).toBe('3.1.0')
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ms]) => Object.keys(ms).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`)),
    )
    // Every handler the router serves (middleware entries are `ALL` or `*`), with no narrowing.
    const served = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL' && !r.path.endsWith('*'))
        .map((r) => `${r.method} ${(r.path.length > 1 ? r.path.replace(/\/$/, '') : r.path).replace(/:(\w+)\{[^}]*\}/g, ':$1')}`),
    )
    expect(served.size).toBeGreaterThan(80)
    expect([...served].filter((k) => !documented.has(k)).sort()).toEqual([])
    expect([...documented].filter((k) => !served.has(k)).sort()).toEqual([])
  })

  it('documents each operation with a summary, a tag, its error shape and how to authenticate', async () => {
    const doc = await fetchDocument()
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${path}`
        expect(op.tags?.length, where).toBeGreaterThan(0)
        expect(op.security, where).toBeDefined()
        const statuses = Object.keys(op.responses ?? {})
        expect(
          statuses.some((s) => s.startsWith('2') || s.startsWith('3')),
          where,
        ).toBe(true)
      }
    }
    expect(doc.paths['/api/products']?.post).toBeTruthy()
    const webhook = Object.entries(doc.paths).find(([p]) => p.startsWith('/webhooks/whatsapp'))?.[1]
    expect(Object.values(webhook ?? {})[0]?.tags).toContain('Webhooks')
  })

  it('renders a readable reference page', async () => {
    const res = await SELF.fetch('http://hub.test/api/docs')
    expect(res.headers.get('content-type')).toContain('text/html')
    const page = await res.text()
    expect(page).toContain('linkhub API')
    expect(page).toContain('/api/products/import')
  })
})
