import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'
import * as schema from '../schema'
import { takePacingTokens } from './bot'

const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 6 })
const db = drizzle(pool, { schema })
afterAll(() => pool.end())

const key = (name: string) => `test:${name}:${Date.now()}:${Math.random().toString(36).slice(2)}`

describe('takePacingTokens (the outbox pacer)', () => {
  it('lets a burst through, then makes the next sender wait for the refill', async () => {
    const k = key('shopper')
    // A shopper bucket: burst of 3, then one message per 6 s.
    const waits = []
    for (let i = 0; i < 5; i++) waits.push(await takePacingTokens(db, k, 3, 1 / 6))
    expect(waits.slice(0, 3)).toEqual([0, 0, 0])
    // The 4th and 5th are refused with about 6 s to wait (nothing was taken for them).
    expect(waits[3]).toBeGreaterThan(5)
    expect(waits[3]).toBeLessThanOrEqual(6)
    expect(waits[4]).toBeGreaterThan(5)
  })

  it('gives exactly `capacity` tokens to concurrent senders, never more', async () => {
    const k = key('number')
    const waits = await Promise.all(Array.from({ length: 12 }, () => takePacingTokens(db, k, 5, 0.01)))
    expect(waits.filter((w) => w === 0)).toHaveLength(5)
    expect(waits.filter((w) => w > 0)).toHaveLength(7)
  })

  it('refills with time', async () => {
    const k = key('refill')
    expect(await takePacingTokens(db, k, 1, 20)).toBe(0)
    const wait = await takePacingTokens(db, k, 1, 20)
    expect(wait).toBeGreaterThan(0)
    await new Promise((r) => setTimeout(r, 120))
    expect(await takePacingTokens(db, k, 1, 20)).toBe(0)
  })
})
