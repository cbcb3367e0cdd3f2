import { sha256Hex } from '../../../contracts/hmac'

/** An opaque random token (256 bits, base64url) with an optional prefix. */
export function randomToken(prefix = ''): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return (
    prefix +
    btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')
  )
}

/** Tokens are stored only as their SHA-256. */
export const hashToken = (token: string) => sha256Hex(token)
