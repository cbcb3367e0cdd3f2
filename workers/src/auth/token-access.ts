import { API_TOKEN_SCOPES, type ApiTokenScope } from '../../../contracts/api-token-scopes'
import { parseIpv6 } from '../lib/guarded-fetch'

export { API_TOKEN_SCOPES, type ApiTokenScope }

/**
 * Which scope an API token needs for a request, by route group. Catalog reads (GET/HEAD) need
 * `catalog:read`, catalog changes `catalog:write`; orders and the inbox need `orders`; analytics
 * needs `analytics`. Everything else a token can reach (shop settings, members, channels,
 * onboarding) is not in any one group and needs every scope: a full-access token, which is what
 * tokens made before scopes existed were migrated to.
 */
const GROUPS: Array<[RegExp, 'catalog' | 'orders' | 'analytics']> = [
  [/^\/api\/(products|categories|ingest|links|storefront|jobs|audit|media)(\/|$)/, 'catalog'],
  [/^\/media(\/|$)/, 'catalog'],
  [/^\/api\/(orders|inbox)(\/|$)/, 'orders'],
  [/^\/api\/(analytics|events)(\/|$)/, 'analytics'],
]

export function scopesNeeded(method: string, path: string): ApiTokenScope[] {
  const group = GROUPS.find(([re]) => re.test(path))?.[1]
  if (group === 'catalog') return [/^(GET|HEAD|OPTIONS)$/i.test(method) ? 'catalog:read' : 'catalog:write']
  if (group) return [group]
  return [...API_TOKEN_SCOPES]
}

type Parsed = { v: 4 | 6; n: bigint }

function parseIp(ip: string): Parsed | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip.trim())
  if (m) {
    const parts = m.slice(1).map(Number)
    if (parts.some((p) => p > 255)) return null
    return { v: 4, n: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) }
  }
  const g = parseIpv6(ip.trim())
  if (!g) return null
  // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is that IPv4 address.
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return { v: 4, n: (BigInt(g[6]) << 16n) | BigInt(g[7]) }
  return { v: 6, n: g.reduce((acc, x) => (acc << 16n) | BigInt(x), 0n) }
}

/** A CIDR (`203.0.113.0/24`, `2001:db8::/32`) or a single address; null when it is neither. */
export function parseCidr(cidr: string): { v: 4 | 6; base: bigint; bits: number } | null {
  const [addr, len, extra] = cidr.trim().split('/')
  if (extra !== undefined || !addr) return null
  const ip = parseIp(addr)
  if (!ip) return null
  const max = ip.v === 4 ? 32 : 128
  const bits = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) : Number.NaN
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return null
  const shift = BigInt(max - bits)
  return { v: ip.v, base: (ip.n >> shift) << shift, bits }
}

/** Whether `ip` falls in one of `cidrs`; an empty list allows any address (and an unknown one). */
export function ipAllowed(ip: string | null, cidrs: string[]): boolean {
  if (!cidrs.length) return true
  const parsed = ip ? parseIp(ip) : null
  if (!parsed) return false
  return cidrs.some((c) => {
    const range = parseCidr(c)
    if (!range || range.v !== parsed.v) return false
    const shift = BigInt((parsed.v === 4 ? 32 : 128) - range.bits)
    return (parsed.n >> shift) << shift === range.base
  })
}
