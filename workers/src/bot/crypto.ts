// AES-256-GCM with WebCrypto for channel secrets (WhatsApp access tokens, Telegram bot tokens).
// Stored as `v1.<iv b64>.<ciphertext+tag b64>`; the version prefix leaves room for key rotation.

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0))

async function importKey(keyBase64: string) {
  let raw: Uint8Array
  try {
    raw = unb64(keyBase64)
  } catch {
    throw new Error('ENCRYPTION_KEY is not valid base64')
  }
  if (raw.length < 16) throw new Error(`ENCRYPTION_KEY must decode to 32 bytes (got ${raw.length})`)
  // 32 bytes are the AES-256 key itself; other lengths (≥ 16, e.g. a passphrase-like key some
  // environments were set up with) are stretched to 32 bytes with SHA-256 rather than refused.
  const key = raw.length === 32 ? raw : new Uint8Array(await crypto.subtle.digest('SHA-256', raw as BufferSource))
  return crypto.subtle.importKey('raw', key as BufferSource, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt'])
}

/** Encrypts a JSON-serialisable secret bundle with the Worker's ENCRYPTION_KEY. */
export async function encryptSecrets(keyBase64: string, secrets: Record<string, unknown>): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const data = new TextEncoder().encode(JSON.stringify(secrets))
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await importKey(keyBase64), data))
  return `v1.${b64(iv)}.${b64(ct)}`
}

/** Decrypts what `encryptSecrets` produced; throws if it was tampered with or the key is wrong. */
export async function decryptSecrets<T = Record<string, unknown>>(keyBase64: string, blob: string): Promise<T> {
  const [v, iv, ct] = blob.split('.')
  if (v !== 'v1' || !iv || !ct) throw new Error('unknown secret format')
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: unb64(iv) as BufferSource }, await importKey(keyBase64), unb64(ct) as BufferSource)
  return JSON.parse(new TextDecoder().decode(plain)) as T
}
