import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, inject, it } from 'vitest'

describe('the API document of a running hub', () => {
  it('is a valid OpenAPI 3.1 document covering the JSON API, the webhooks and the edge pages', async () => {
    const res = await fetch(`${inject('hubUrl')}/api/openapi.json`)
    expect(res.status).toBe(200)
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { tags?: string[] }>> }
    const validator = new Validator()
    const result = await validator.validate(doc as unknown as Parameters<Validator['validate']>[0])
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
    const tags = new Set(Object.values(doc.paths).flatMap((ops) => Object.values(ops).flatMap((op) => op.tags ?? [])))
    for (const tag of ['Catalog', 'Webhooks', 'Edge pages']) expect(tags).toContain(tag)
  })

  it('serves a reference page that lists the routes', async () => {
    const res = await fetch(`${inject('hubUrl')}/api/docs`)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(await res.text()).toContain('/api/products/{id}')
  })
})
