import { verifyHmacSha256Hex } from '../../../contracts/hmac'

/** JSON's escape of every non-ASCII UTF-16 unit as `\uXXXX` (what whatsapp-api-js signs). */
export function escapeNonAscii(body: string): string {
  return body.replace(/[^\0-~]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/**
 * Checks `X-Hub-Signature-256: sha256=<hex>` against the raw request bytes in constant time.
 *
 * Meta signs the exact bytes it sends (raw UTF-8), so that is checked first. whatsapp-api-js,
 * and the tools built on it (including some webhook relays and test senders), sign the body
 * after escaping non-ASCII characters as `\uXXXX`; the two only differ when the payload has
 * non-ASCII text, and both are an HMAC with our app secret, so accepting either adds no forgery
 * path. A missing, malformed or wrong signature is rejected.
 */
export async function verifyWhatsAppSignature(appSecret: string, raw: Uint8Array<ArrayBuffer>, header: string | null | undefined): Promise<boolean> {
  const hex = header?.match(/^sha256=([0-9a-fA-F]{64})$/)?.[1]
  if (!hex || !appSecret) return false
  if (await verifyHmacSha256Hex(appSecret, raw, hex.toLowerCase())) return true
  const text = new TextDecoder().decode(raw)
  const escaped = escapeNonAscii(text)
  return escaped !== text && (await verifyHmacSha256Hex(appSecret, escaped, hex.toLowerCase()))
}
