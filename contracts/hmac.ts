// HMAC-SHA256 with WebCrypto: runs unchanged in workerd and in Node ≥ 20 (the render node uses it too).
const encoder = new TextEncoder()

async function hmacKey(secret: string) {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
}

export function toHex(buf: ArrayBuffer | Uint8Array): string {
  const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf)
  let out = ''
  for (const b of bytes) out += b.toString(16).padStart(2, '0')
  return out
}

export function fromHex(hex: string): Uint8Array<ArrayBuffer> | null {
  if (hex.length % 2 !== 0 || /[^0-9a-f]/i.test(hex)) return null
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}

export async function hmacSha256Hex(secret: string, data: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const sig = await crypto.subtle.sign('HMAC', await hmacKey(secret), typeof data === 'string' ? encoder.encode(data) : data)
  return toHex(sig)
}

/** Constant-time check of a hex HMAC-SHA256 (crypto.subtle.verify compares in constant time). */
export async function verifyHmacSha256Hex(secret: string, data: string | Uint8Array<ArrayBuffer>, signatureHex: string): Promise<boolean> {
  const sig = fromHex(signatureHex)
  if (sig?.length !== 32) return false
  return crypto.subtle.verify('HMAC', await hmacKey(secret), sig, typeof data === 'string' ? encoder.encode(data) : data)
}

export async function sha256Hex(data: string | Uint8Array | ArrayBuffer): Promise<string> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data
  return toHex(await crypto.subtle.digest('SHA-256', bytes as BufferSource))
}

/**
 * Signs a request body for a peer that shares `secret`: header value `t=<unix s>,v1=<hex>`
 * over `<t>.<body>`. The timestamp bounds replay.
 */
export async function signBody(secret: string, body: string, now = Date.now()): Promise<string> {
  const t = Math.floor(now / 1000)
  return `t=${t},v1=${await hmacSha256Hex(secret, `${t}.${body}`)}`
}

export async function verifySignedBody(
  secret: string,
  body: string,
  header: string | null | undefined,
  toleranceSeconds = 300,
  now = Date.now(),
): Promise<boolean> {
  if (!header) return false
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]))
  const t = Number(parts.t)
  if (!Number.isFinite(t) || !parts.v1) return false
  if (Math.abs(now / 1000 - t) > toleranceSeconds) return false
  return verifyHmacSha256Hex(secret, `${t}.${body}`, parts.v1)
}
