import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLogger } from './logger'

afterEach(() => vi.restoreAllMocks())

describe('logger', () => {
  it("logs a database error with the driver's cause and fields, not only the wrapper's message", () => {
    const lines: string[] = []
    vi.spyOn(console, 'error').mockImplementation((l: string) => void lines.push(l))
    const driver = Object.assign(new Error('duplicate key value violates unique constraint "products_slug_key"'), {
      code: '23505',
      detail: 'Key (merchant_id, slug)=(…, tee) already exists.',
      constraint: 'products_slug_key',
      table: 'products',
    })
    const wrapped = new Error('Failed query: insert into "products" …', { cause: driver })
    createLogger('info').error('request failed', { error: wrapped })
    const logged = JSON.parse(lines[0]) as { error: { message: string; cause: Record<string, unknown> } }
    expect(logged.error.message).toMatch(/^Failed query/)
    expect(logged.error.cause).toMatchObject({
      message: driver.message,
      code: '23505',
      constraint: 'products_slug_key',
      table: 'products',
      detail: driver.detail,
    })
  })
})
