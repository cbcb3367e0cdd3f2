import type { PublishPlatform } from '../../../../contracts/publishing'
import type { Config } from '../../config'
import { GuardedFetchError, guardedFetch } from '../../lib/guarded-fetch'

/**
 * How a platform call failed, for the caller to act on:
 * - `reconnect`: the grant is gone (refresh refused, revoked); the channel needs the merchant;
 * - `auth`: the access token was refused (refresh and try once more);
 * - `rate_limited` / `quota`: come back later (a quota is a day, a rate limit a minute);
 * - `rejected`: the platform understood and refused (bad input, policy): final;
 * - `transient`: a 5xx before anything was accepted: safe to retry a read, not a send;
 * - `timeout` / `network`: no answer: the outcome of a send is unknown.
 */
export type PlatformErrorKind = 'reconnect' | 'auth' | 'rate_limited' | 'quota' | 'rejected' | 'transient' | 'timeout' | 'network'

/** A platform call that failed; `message` is for the merchant, `code` is the platform's. */
export class PlatformError extends Error {
  constructor(
    readonly platform: PublishPlatform,
    readonly kind: PlatformErrorKind,
    readonly code: string,
    message: string,
    readonly status = 0,
  ) {
    super(message)
    this.name = 'PlatformError'
  }
}

/** Hosts each platform's calls may go to: the configured endpoints plus the upload hosts the APIs hand out. */
const UPLOAD_HOSTS: Record<PublishPlatform, RegExp> = {
  tiktok: /(^|\.)tiktokapis\.com$/,
  youtube: /(^|\.)googleapis\.com$/,
  instagram: /(^|\.)(facebook\.com|instagram\.com)$/,
}

const configuredOrigins = (config: Config, platform: PublishPlatform): string[] =>
  (platform === 'tiktok'
    ? [config.TIKTOK_API_URL, config.TIKTOK_AUTH_URL]
    : platform === 'youtube'
      ? [config.YOUTUBE_API_URL, config.YOUTUBE_OAUTH_URL, config.YOUTUBE_AUTH_URL]
      : [config.INSTAGRAM_GRAPH_URL, config.INSTAGRAM_AUTH_URL]
  ).map((u) => new URL(u).origin)

export type PlatformResponse = { status: number; headers: Headers; text: string; json: <T = Record<string, unknown>>() => T | null }

export type PlatformRequest = {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  headers?: Record<string, string>
  body?: string | Uint8Array
  /** Overrides PUBLISHING_TIMEOUT_MS (uploads get longer). */
  timeoutMs?: number
}

/**
 * Every publishing call goes through the guarded fetch: the URL must be on the platform's
 * configured origins or its upload hosts (an upload URL comes from the platform's answer, so it is
 * checked too); redirects are not followed; the answer body is kept for error mapping.
 */
export async function platformFetch(config: Config, platform: PublishPlatform, url: string, req: PlatformRequest = {}): Promise<PlatformResponse> {
  const origins = configuredOrigins(config, platform)
  const trusted = config.PUBLISHING_TRUSTED_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean)
  const target = new URL(url)
  let res: Awaited<ReturnType<typeof guardedFetch>>
  try {
    res = await guardedFetch(target, {
      method: req.method ?? 'GET',
      headers: req.headers,
      body: req.body,
      timeoutMs: req.timeoutMs ?? config.PUBLISHING_TIMEOUT_MS,
      maxBytes: 2 * 1024 * 1024,
      keepErrorBody: true,
      onRedirect: () => 'stop',
      trustedOrigin: trusted.find((o) => new URL(o).origin === target.origin),
      check: (u) => (origins.includes(u.origin) || UPLOAD_HOSTS[platform].test(u.hostname) ? null : `${u.hostname} is not a ${platform} API host`),
    })
  } catch (err) {
    if (err instanceof GuardedFetchError) {
      if (err.kind === 'timeout') throw new PlatformError(platform, 'timeout', 'timeout', `${platformName(platform)} did not answer in time`)
      if (err.kind === 'refused') throw new PlatformError(platform, 'rejected', 'refused', `refused to call ${target.hostname}: ${err.reason}`)
      throw new PlatformError(platform, 'network', err.kind, `${platformName(platform)} could not be reached (${err.reason})`)
    }
    throw err
  }
  const text = res.body ? new TextDecoder().decode(res.body) : ''
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: <T>() => {
      try {
        return JSON.parse(text) as T
      } catch {
        return null
      }
    },
  }
}

export const platformName = (p: PublishPlatform) => (p === 'tiktok' ? 'TikTok' : p === 'youtube' ? 'YouTube' : 'Instagram')

export const form = (o: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined)).toString()

/** What a token endpoint answered, normalised; lifetimes are seconds from now (null: not given). */
export type TokenSet = {
  accessToken: string
  refreshToken: string | null
  expiresIn: number | null
  refreshExpiresIn: number | null
  scopes: string[]
}

/** The account a token belongs to. */
export type PlatformAccount = { externalId: string; displayName: string; username: string | null; avatarUrl: string | null }
