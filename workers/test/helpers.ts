import { env } from 'cloudflare:test'
import { type SQL, sql } from 'drizzle-orm'
import { type Database, rowsOf } from '../../db/types'
import { configOf } from '../src/config'
import { createDb } from '../src/db'

export { sql }

/** Runs `fn` with a database handle (the Worker's own driver), closed afterwards. */
export async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const { db, close } = createDb(configOf(env))
  try {
    return await fn(db)
  } finally {
    await close()
  }
}

/** Rows of a raw query, for asserting what landed in Postgres. */
export async function query<T = Record<string, unknown>>(q: SQL): Promise<T[]> {
  return withDb((db) => rowsOf<T>(db, q))
}

/** Polls until `fn` returns a truthy value or the time runs out. */
export async function eventually<T>(fn: () => Promise<T | null | undefined | false>, { timeoutMs = 15_000, intervalMs = 100 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const v = await fn()
      if (v) return v
    } catch (err) {
      last = err
    }
    await new Promise((r) => setTimeout(r, intervalMs))
  }
  throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`)
}

export const testEnv = env as typeof env & { TEST_CONTROL_URL: string; TEST_TIKTOK_FAKE_URL: string }

/** Stops or starts the render node of the test run (it lives in Node, outside workerd). */
export async function renderNodeControl(action: 'kill' | 'start') {
  const res = await fetch(`${testEnv.TEST_CONTROL_URL}/render-node/${action}`, { method: 'POST' })
  return (await res.json()) as { renderNode: 'up' | 'down' }
}

/** A 64×48 red PNG. */
export const TINY_PNG = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAfElEQVRoge2SAQkAQBCD1sn+DQz1McbxAwPoWITTpG7gAqiv6C7EXVI3cAHUV3QX4i6pG7gA6iu6C3GX1A1cAPUV3YW4S+oGLoD6iu5C3CV1AxdAfUV3Ie6SuoELoL6iuxB3Sd3ABVBf0V2Iu6Ru4AKor+guxF1SN/DzgAfGcljT4t0LkgAAAABJRU5ErkJggg==',
  ),
  (c) => c.charCodeAt(0),
)

/** Creates a merchant row directly (accounts come from the catalog issue's sign-up flow). */
export async function createTestMerchant(slug = `shop-${crypto.randomUUID().slice(0, 8)}`) {
  const [row] = await query<{ id: string }>(sql`insert into merchants (slug, name, default_currency) values (${slug}, ${slug}, 'USD') returning id`)
  return { id: row.id, slug }
}

/**
 * Signs a user into a new shop (or the given one) with `role`, straight in the database, and
 * returns headers carrying the session cookie: for tests of routes other than sign-up itself.
 */
export async function signedInMember(options: { merchantId?: string; role?: 'owner' | 'staff' | 'viewer' } = {}) {
  const { createSession } = await import('../src/auth/sessions')
  const merchant = options.merchantId ? { id: options.merchantId, slug: '' } : await createTestMerchant()
  const email = `user-${crypto.randomUUID().slice(0, 8)}@test.example`
  const [user] = await query<{ id: string }>(sql`insert into users (email, password_hash) values (${email}, 'x') returning id`)
  await query(sql`insert into memberships (merchant_id, user_id, role) values (${merchant.id}, ${user.id}, ${options.role ?? 'owner'})`)
  const { token } = await withDb((db) => createSession(db, { userId: user.id, merchantId: merchant.id }))
  return { merchantId: merchant.id, merchantSlug: merchant.slug, userId: user.id, email, token, headers: { cookie: `lh_session=${token}` } }
}
