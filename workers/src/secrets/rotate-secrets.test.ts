import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { query, signedInMember, sql, withDb } from '../../test/helpers'
import { decryptSecrets, keyringOf } from '../bot/crypto'
import { connectWhatsApp } from '../bot/test-kit'
import { rotateSecrets } from './rotate-secrets'

const NEW_KEY = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)))

/** What the first release wrote: `v1.<iv>.<ct>` with ENCRYPTION_KEY and no key id. */
async function legacyV1(keyBase64: string, secrets: Record<string, unknown>) {
  const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b))
  const raw = Uint8Array.from(atob(keyBase64), (c) => c.charCodeAt(0))
  const key = await crypto.subtle.importKey(
    'raw',
    (raw.length === 32 ? raw : new Uint8Array(await crypto.subtle.digest('SHA-256', raw))) as BufferSource,
    'AES-GCM',
    false,
    ['encrypt'],
  )
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(JSON.stringify(secrets))))
  return `v1.${b64(iv)}.${b64(ct)}`
}

describe('secrets at rest: key rotation', () => {
  it('re-encrypts every channel token and webhook secret with the newest key; old ciphertexts read before, all carry the new kid after and still decrypt', async () => {
    const owner = await signedInMember()
    const { merchantId } = owner
    // A channel written by today's code (v2, key k0 = ENCRYPTION_KEY) and one from the first release (v1).
    await connectWhatsApp(merchantId)
    const v1 = await legacyV1(env.ENCRYPTION_KEY, { botToken: '123:legacy' })
    await query(sql`insert into channels (merchant_id, kind, external_id, secrets_encrypted) values (${merchantId}, 'telegram', ${`9${Date.now()}`}, ${v1})`)
    const created = await (
      await (
        await import('cloudflare:test')
      ).SELF.fetch('http://hub.test/api/webhooks', {
        method: 'POST',
        headers: { ...owner.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'https://hooks.example.com/linkhub', events: ['order.created'] }),
      })
    ).json<{ secret: string }>()

    const rows = () =>
      query<{ value: string }>(
        sql`select secrets_encrypted as value from channels where merchant_id = ${merchantId}
            union all select secret_encrypted from webhook_endpoints where merchant_id = ${merchantId}`,
      )
    const before = await rows()
    expect(before.map((r) => r.value.split('.').slice(0, 2).join('.')).sort()).toEqual(['v1.' + v1.split('.')[1], 'v2.k0', 'v2.k0'].sort())

    const ring = keyringOf({ ENCRYPTION_KEY: env.ENCRYPTION_KEY, SECRETS_KEYS: `k1:${NEW_KEY}` })
    const plainBefore = await Promise.all(before.map((r) => decryptSecrets(ring, r.value)))
    expect(plainBefore).toContainEqual({ botToken: '123:legacy' })
    expect(plainBefore).toContainEqual({ secret: created.secret })

    const report = await withDb((db) => rotateSecrets(db, ring, { merchantId, batchSize: 2 }))
    expect(report).toMatchObject({ reencrypted: 3, failed: 0, byTable: { channels: 2, webhook_endpoints: 1 } })

    const after = await rows()
    expect(after.every((r) => r.value.startsWith('v2.k1.'))).toBe(true)
    expect(await Promise.all(after.map((r) => decryptSecrets(ring, r.value)))).toEqual(expect.arrayContaining(plainBefore))
    // The new key alone reads them now; the old key alone no longer does.
    const newOnly = { keys: [{ kid: 'k1', key: NEW_KEY }] }
    await expect(Promise.all(after.map((r) => decryptSecrets(newOnly, r.value)))).resolves.toHaveLength(3)
    await expect(decryptSecrets(env.ENCRYPTION_KEY, after[0].value)).rejects.toThrow(/no key with id k1/)
    // A second run has nothing left to do.
    expect(await withDb((db) => rotateSecrets(db, ring, { merchantId }))).toMatchObject({ reencrypted: 0 })
  })
})
