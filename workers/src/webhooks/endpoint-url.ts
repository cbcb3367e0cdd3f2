import type { Config } from '../config'
import { addressRefusal } from '../lib/guarded-fetch'

/** The SSRF guard's options for a merchant's endpoint: https only, except the test receiver's origin. */
export function endpointGuard(config: Pick<Config, 'WEBHOOK_TRUSTED_ORIGIN'>) {
  const trustedOrigin = config.WEBHOOK_TRUSTED_ORIGIN || undefined
  const isTrusted = (u: URL) => !!trustedOrigin && u.origin === new URL(trustedOrigin).origin
  return {
    trustedOrigin,
    check: (u: URL) => (isTrusted(u) || u.protocol === 'https:' ? null : 'webhook endpoints must use https'),
    isTrusted,
  }
}

/** Why an endpoint URL is refused at registration (null when it is accepted): the guard's rules, checked before anything is stored. */
export function endpointUrlRefusal(config: Pick<Config, 'WEBHOOK_TRUSTED_ORIGIN'>, raw: string): string | null {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return 'not a URL'
  }
  const guard = endpointGuard(config)
  if (guard.isTrusted(url)) return null
  return addressRefusal(url) ?? guard.check(url)
}
