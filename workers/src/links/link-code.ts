import { insertShortLink, type NewShortLink } from '../../../db/queries/links'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** A random base62 code; 62^7 ≈ 3.5e12, so collisions are rare and simply retried. */
export function newLinkCode(length = 7): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length * 2))
  let out = ''
  for (const b of bytes) {
    if (b < 248) out += BASE62[b % 62] // 248 = 4·62: rejection keeps the draw uniform
    if (out.length === length) break
  }
  return out.length === length ? out : newLinkCode(length)
}

/** Inserts a link under a fresh code, drawing again when one is taken. */
export async function insertWithNewCode(db: Database, merchantId: string, values: Omit<NewShortLink, 'code' | 'merchantId'>) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await insertShortLink(db, { ...values, merchantId, code: newLinkCode() })
    if (row) return row
  }
  throw new AppError('internal', 'could not allocate a link code')
}
