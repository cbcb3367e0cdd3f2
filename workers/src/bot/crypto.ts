// AES-256-GCM with WebCrypto for secrets merchants give us (WhatsApp access tokens, Telegram bot
// tokens, webhook signing secrets), with key ids so keys can be rotated.
//
// Stored as `v2.<kid>.<iv b64>.<ciphertext+tag b64>`: the key id says which key of the keyring
// decrypts it. The first format, `v1.<iv>.<ct>`, carried no key id; it still decrypts (with the
// legacy ENCRYPTION_KEY, or any key of the ring) and is rewritten as v2 by the rotation.

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0))

/** A key of the ring: its id (stored with each ciphertext) and its base64 material. */
export type SecretKey = { kid: string; key: string }
/** Every key that may decrypt, newest first: new writes use `keys[0]`. */
export type Keyring = { keys: SecretKey[] }
/** A keyring, or a single base64 key (the pre-rotation form; its key id is `k0`). */
export type SecretKeys = string | Keyring

/** The key id given to the single `ENCRYPTION_KEY`, so the ring can keep reading what it wrote. */
export const LEGACY_KID = 'k0'
const KID = /^[A-Za-z0-9_-]{1,32}$/

/**
 * The keyring of a configuration: `SECRETS_KEYS="kid2:base64,kid1:base64"` (newest first), and
 * `ENCRYPTION_KEY` as key `k0` (the oldest) unless the list already names `k0`. Without
 * SECRETS_KEYS the ring is ENCRYPTION_KEY alone, as before rotation existed.
 */
export function keyringOf(config: { ENCRYPTION_KEY: string; SECRETS_KEYS?: string }): Keyring {
  const keys: SecretKey[] = []
  for (const entry of (config.SECRETS_KEYS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = entry.indexOf(':')
    const kid = entry.slice(0, at)
    const key = entry.slice(at + 1)
    if (at <= 0 || !KID.test(kid) || !key) throw new Error('SECRETS_KEYS must be "kid:base64" pairs separated by commas (kid: letters, digits, _ or -)')
    if (keys.some((k) => k.kid === kid)) throw new Error(`SECRETS_KEYS names key id ${kid} twice`)
    keys.push({ kid, key })
  }
  if (config.ENCRYPTION_KEY && !keys.some((k) => k.kid === LEGACY_KID)) keys.push({ kid: LEGACY_KID, key: config.ENCRYPTION_KEY })
  if (!keys.length) throw new Error('no encryption key: set SECRETS_KEYS or ENCRYPTION_KEY')
  return { keys }
}

const ringOf = (keys: SecretKeys): Keyring => (typeof keys === 'string' ? { keys: [{ kid: LEGACY_KID, key: keys }] } : keys)

const imported = new Map<string, Promise<CryptoKey>>()

function importKey(keyBase64: string): Promise<CryptoKey> {
  let key = imported.get(keyBase64)
  if (!key) {
    key = importRawKey(keyBase64)
    key.catch(() => imported.delete(keyBase64))
    imported.set(keyBase64, key)
  }
  return key
}

async function importRawKey(keyBase64: string) {
  let raw: Uint8Array
  try {
    raw = unb64(keyBase64)
  } catch {
    throw new Error('encryption key is not valid base64')
  }
  if (raw.length < 16) throw new Error(`encryption key must decode to 32 bytes (got ${raw.length})`)
  // 32 bytes are the AES-256 key itself; other lengths (≥ 16, e.g. a passphrase-like key some
  // environments were set up with) are stretched to 32 bytes with SHA-256 rather than refused.
  const key = raw.length === 32 ? raw : new Uint8Array(await crypto.subtle.digest('SHA-256', raw as BufferSource))
  return crypto.subtle.importKey('raw', key as BufferSource, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt'])
}

/** Encrypts a JSON-serialisable secret bundle with the newest key of the ring. */
export async function encryptSecrets(keys: SecretKeys, secrets: Record<string, unknown>): Promise<string> {
  const { kid, key } = ringOf(keys).keys[0]
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const data = new TextEncoder().encode(JSON.stringify(secrets))
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await importKey(key), data))
  return `v2.${kid}.${b64(iv)}.${b64(ct)}`
}

async function decryptWith(key: string, iv: string, ct: string) {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: unb64(iv) as BufferSource }, await importKey(key), unb64(ct) as BufferSource)
  return JSON.parse(new TextDecoder().decode(plain))
}

/** Decrypts what `encryptSecrets` produced (either format); throws if it was tampered with or no key of the ring fits. */
export async function decryptSecrets<T = Record<string, unknown>>(keys: SecretKeys, blob: string): Promise<T> {
  const ring = ringOf(keys)
  const parts = blob.split('.')
  if (parts[0] === 'v2' && parts.length === 4) {
    const key = ring.keys.find((k) => k.kid === parts[1])
    if (!key) throw new Error(`no key with id ${parts[1]} in the keyring`)
    return (await decryptWith(key.key, parts[2], parts[3])) as T
  }
  if (parts[0] === 'v1' && parts.length === 3) {
    // No key id: the legacy key first (what v1 was written with), then the others.
    const ordered = [...ring.keys].sort((a, b) => Number(b.kid === LEGACY_KID) - Number(a.kid === LEGACY_KID))
    let last: unknown
    for (const k of ordered) {
      try {
        return (await decryptWith(k.key, parts[1], parts[2])) as T
      } catch (err) {
        last = err
      }
    }
    throw last instanceof Error ? last : new Error('no key decrypts this secret')
  }
  throw new Error('unknown secret format')
}

/** The prefix every ciphertext written with the ring's newest key starts with. */
export const currentPrefix = (keys: SecretKeys) => `v2.${ringOf(keys).keys[0].kid}.`

/** Whether a stored ciphertext was written with an older key (or the old format). */
export const needsReencryption = (keys: SecretKeys, blob: string) => !blob.startsWith(currentPrefix(keys))

/** The same secret encrypted with the newest key (for the rotation). */
export async function reencryptSecrets(keys: SecretKeys, blob: string): Promise<string> {
  return encryptSecrets(keys, await decryptSecrets(keys, blob))
}
