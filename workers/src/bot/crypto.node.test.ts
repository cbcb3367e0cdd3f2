import { describe, expect, it } from 'vitest'
import { decryptSecrets, encryptSecrets, keyringOf, needsReencryption, reencryptSecrets } from './crypto'

const key = (n: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(n)))

describe('secrets crypto with key ids', () => {
  it('writes v2.<kid>.… with the newest key and reads any key of the ring', async () => {
    const ring = keyringOf({ ENCRYPTION_KEY: key(1), SECRETS_KEYS: `k2:${key(2)}` })
    expect(ring.keys.map((k) => k.kid)).toEqual(['k2', 'k0'])
    const old = await encryptSecrets(key(1), { token: 'a' })
    expect(old).toMatch(/^v2\.k0\./)
    const fresh = await encryptSecrets(ring, { token: 'b' })
    expect(fresh).toMatch(/^v2\.k2\./)
    expect(await decryptSecrets(ring, old)).toEqual({ token: 'a' })
    expect(await decryptSecrets(ring, fresh)).toEqual({ token: 'b' })
    expect(needsReencryption(ring, old)).toBe(true)
    expect(needsReencryption(ring, fresh)).toBe(false)
    expect(await reencryptSecrets(ring, old)).toMatch(/^v2\.k2\./)
  })

  it('refuses an unknown key id, a tampered ciphertext and a malformed SECRETS_KEYS', async () => {
    const blob = await encryptSecrets({ keys: [{ kid: 'x9', key: key(3) }] }, { a: 1 })
    await expect(decryptSecrets(key(3), blob)).rejects.toThrow(/no key with id x9/)
    const parts = blob.split('.')
    const ct = atob(parts[3])
    const flipped = btoa(String.fromCharCode(ct.charCodeAt(0) ^ 1) + ct.slice(1))
    await expect(decryptSecrets({ keys: [{ kid: 'x9', key: key(3) }] }, [...parts.slice(0, 3), flipped].join('.'))).rejects.toThrow()
    expect(() => keyringOf({ ENCRYPTION_KEY: '', SECRETS_KEYS: 'nocolon' })).toThrow(/kid:base64/)
    expect(() => keyringOf({ ENCRYPTION_KEY: '', SECRETS_KEYS: `a:${key(1)},a:${key(2)}` })).toThrow(/twice/)
  })
})
