import { env, SELF } from 'cloudflare:test'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { rowsOf } from '../../../db/types'
import { signedInMember } from '../../test/helpers'
import { configOf } from '../config'
import { createDb } from '../db'
import { AppError } from '../errors'
import { toAppError } from './error-handler'

// Issue 12 #9, #14, #17: errors caused by the request are 400s, an unreachable database is a 503
// with Retry-After, a blocked login says when to come back. Never the SQL in the message.
const url = (p: string) => `http://hub.test${p}`
type ErrorBody = { error: { code: string; message: string } }

describe('input that slipped past validation', () => {
  it('a NUL (U+0000) in a product title is a 400 bad_request, not a 500, and the message shows no SQL', async () => {
    const { headers } = await signedInMember()
    const res = await SELF.fetch(url('/api/products'), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Tee\u0000 with a NUL', currency: 'USD', priceMinor: 100 }),
    })
    expect(res.status).toBe(400)
    const body = (await res.json()) as ErrorBody
    expect(body.error.code).toBe('bad_request')
    expect(body.error.message).not.toMatch(/insert|select|products|0x00/i)
  })

  it('maps Postgres value errors (22021, 22P05, 22003, 22001) from the real driver to bad_request', async () => {
    const { db, close } = createDb(configOf(env))
    try {
      const attempts = [
        sql`select ${'a\u0000b'}::text`,
        sql`select ${'{"a":"\\u0000"}'}::jsonb ->> 'a'`,
        sql`select ${'99999999999999999999'}::int`,
        sql`select 1e400::numeric::float8`,
      ]
      for (const q of attempts) {
        const err = await rowsOf(db, q).then(
          () => null,
          (e: unknown) => e,
        )
        expect(err, String(q.queryChunks)).not.toBeNull()
        const mapped = toAppError(err)
        expect(mapped.code).toBe('bad_request')
        expect(mapped.message).not.toMatch(/select|::/i)
      }
    } finally {
      await close()
    }
  })
})

describe('an unreachable database', () => {
  it('is a 503 unavailable with Retry-After, not a 500 (the driver’s own connection error, mapped)', async () => {
    // Nothing listens on port 9 of 127.0.0.1: the connection is refused, as when Postgres is down.
    const { db, close } = createDb({ ...configOf(env), NEON_WS_PROXY: '127.0.0.1:9' })
    const started = Date.now()
    const err = await rowsOf(db, sql`select 1`).then(
      () => null,
      (e: unknown) => e,
    )
    await close().catch(() => {})
    expect(err).not.toBeNull()
    const mapped = toAppError(err)
    expect(mapped.code).toBe('unavailable')
    expect(mapped.status).toBe(503)
    expect(mapped.details).toMatchObject({ retryAfterSeconds: expect.any(Number) })
    expect(Date.now() - started).toBeLessThan(15_000)
  })

  it('maps pool timeouts and terminated connections to unavailable, and leaves other errors a 500', () => {
    const driver = (message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), extra)
    const wrap = (cause: unknown) => Object.assign(new Error('Failed query: select 1\nparams: '), { cause })
    expect(toAppError(driver('timeout exceeded when trying to connect')).code).toBe('unavailable')
    expect(toAppError(wrap(driver('Connection terminated unexpectedly'))).code).toBe('unavailable')
    expect(toAppError(wrap(driver('terminating connection due to administrator command', { code: '57P01', severity: 'FATAL' }))).code).toBe('unavailable')
    expect(toAppError(wrap(driver('sorry, too many clients already', { code: '53300', severity: 'FATAL' }))).code).toBe('unavailable')
    expect(toAppError(wrap(driver('value too long for type character varying(2)', { code: '22001', severity: 'ERROR' }))).code).toBe('bad_request')
    expect(toAppError(wrap(new AppError('unavailable', 'the hub is busy')))).toMatchObject({ code: 'unavailable' })
    expect(toAppError(new Error('connection refused by the render node')).code).toBe('internal')
    expect(toAppError(wrap(driver('duplicate key', { code: '23505', severity: 'ERROR' }))).code).toBe('internal')
  })
})

describe('Retry-After', () => {
  it('a blocked login answers 429 with a Retry-After header (the rate limiter’s retryAfterSeconds)', async () => {
    const email = `rl-${crypto.randomUUID().slice(0, 8)}@shop.example`
    const signup = await SELF.fetch(url('/api/auth/signup'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.7' },
      body: JSON.stringify({ email, password: 'correct horse battery', name: 'Ada', shopName: 'Ada Retry' }),
    })
    expect(signup.status).toBe(201)
    let blocked: Response | undefined
    for (let i = 0; i < 30 && !blocked; i++) {
      const res = await SELF.fetch(url('/api/auth/login'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.8' },
        body: JSON.stringify({ email, password: 'wrong password!' }),
      })
      if (res.status === 429) blocked = res
      else await res.body?.cancel()
    }
    expect(blocked?.status).toBe(429)
    const retryAfter = Number(blocked?.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(Number.isInteger(retryAfter)).toBe(true)
  })
})
