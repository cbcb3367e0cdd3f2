import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { decryptSecrets, encryptSecrets } from '../bot/crypto'
import type { AppEnv } from '../env'

/**
 * Short-lived state a sign-in step hands to the next one in the same browser (the OIDC state,
 * PKCE verifier and nonce; "password given, code still to come"; "link this Google account"),
 * kept in an HttpOnly cookie sealed with ENCRYPTION_KEY (AES-GCM, as channel tokens are): the
 * browser can neither read nor alter it, a cookie of one purpose is refused as another, and it
 * stops working after `maxAgeSeconds` whatever the browser does with it.
 */
type Sealed<T> = { purpose: string; exp: number; value: T }

export async function setSealedCookie<T>(c: Context<AppEnv>, name: string, value: T, maxAgeSeconds: number) {
  const sealed: Sealed<T> = { purpose: name, exp: Date.now() + maxAgeSeconds * 1000, value }
  const blob = await encryptSecrets(c.var.config.ENCRYPTION_KEY, sealed as unknown as Record<string, unknown>)
  setCookie(c, name, blob, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/api/auth', maxAge: maxAgeSeconds })
}

/** The cookie's value when it is ours, of this purpose and not expired; null otherwise. */
export async function readSealedCookie<T>(c: Context<AppEnv>, name: string): Promise<T | null> {
  const blob = getCookie(c, name)
  if (!blob) return null
  try {
    const sealed = await decryptSecrets<Sealed<T>>(c.var.config.ENCRYPTION_KEY, blob)
    if (sealed.purpose !== name || typeof sealed.exp !== 'number' || sealed.exp < Date.now()) return null
    return sealed.value
  } catch {
    return null
  }
}

export const clearSealedCookie = (c: Context<AppEnv>, name: string) =>
  deleteCookie(c, name, { path: '/api/auth', secure: true, httpOnly: true, sameSite: 'Lax' })
