import type { PublishPlatform } from '../../../contracts/publishing'
import { getChannel, insertOauthState, markChannelDisconnected, takeOauthState, upsertChannel } from '../../../db/queries/publishing'
import type { PublishingChannel } from '../../../db/schema'
import type { Database } from '../../../db/types'
import type { Config } from '../config'
import type { Principal } from '../env'
import { AppError } from '../errors'
import type { Logger } from '../lib/logger'
import { expiryOf, openTokens, sealTokens } from './channel-tokens'
import { PLATFORM_AUTH } from './platforms/adapters'
import { PlatformError, platformName } from './platforms/http'
import { restartTargets } from './schedule-targets'

export type ConnectDeps = { db: Database; config: Config; env: Pick<Env, 'PUBLISH_WORKFLOW'>; log?: Logger }

/** A connect flow must come back within this long. */
const FLOW_TTL_MS = 10 * 60_000

export const redirectUriOf = (config: Config, platform: PublishPlatform) => `${config.APP_URL.replace(/\/+$/, '')}/api/publishing/channels/callback/${platform}`

const randomToken = (bytes: number) => {
  const b = crypto.getRandomValues(new Uint8Array(bytes))
  return btoa(String.fromCharCode(...b))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

function requirePlatform(config: Config, platform: PublishPlatform) {
  if (!PLATFORM_AUTH[platform].enabled(config)) throw new AppError('not_found', `${platformName(platform)} publishing is not configured on this hub`)
}

/**
 * Starts connecting an account: a `state` bound to this session (and a PKCE verifier) kept in
 * the database, and the platform's consent page address to send the browser to.
 */
export async function startConnect(deps: ConnectDeps, principal: Principal, platform: PublishPlatform): Promise<{ authorizeUrl: string }> {
  requirePlatform(deps.config, platform)
  if (principal.kind !== 'session' || !principal.sessionId || !principal.userId)
    throw new AppError('forbidden', 'connecting an account needs a signed-in browser session')
  const state = randomToken(24)
  const verifier = randomToken(48)
  await insertOauthState(deps.db, {
    state,
    merchantId: principal.merchantId,
    userId: principal.userId,
    sessionId: principal.sessionId,
    platform,
    codeVerifier: verifier,
    expiresAt: new Date(Date.now() + FLOW_TTL_MS),
  })
  const authorizeUrl = await PLATFORM_AUTH[platform].authorizeUrl(deps.config, { state, verifier, redirectUri: redirectUriOf(deps.config, platform) })
  return { authorizeUrl }
}

/**
 * The platform sent the browser back: the state must be one this session started for this
 * platform, unexpired and unused; then the code becomes tokens (stored encrypted with their
 * lifetimes), the account is read, and the channel is created or reconnected. Posts paused by
 * a failed refresh resume.
 */
export async function finishConnect(
  deps: ConnectDeps,
  principal: Principal,
  platform: PublishPlatform,
  q: { code?: string; state?: string; error?: string; error_description?: string },
): Promise<PublishingChannel> {
  requirePlatform(deps.config, platform)
  const flow = q.state ? await takeOauthState(deps.db, q.state) : null
  if (!flow || flow.platform !== platform || flow.sessionId !== principal.sessionId || flow.merchantId !== principal.merchantId)
    throw new AppError('forbidden', 'this connect link was not started from this browser session; start again from the dashboard')
  if (flow.expiresAt.getTime() < Date.now()) throw new AppError('conflict', 'the connect flow expired; start again')
  if (q.error) throw new AppError('conflict', `${platformName(platform)} did not connect: ${q.error_description || q.error}`)
  if (!q.code) throw new AppError('bad_request', 'the platform sent no authorization code')
  let connected: Awaited<ReturnType<(typeof PLATFORM_AUTH)[PublishPlatform]['connect']>>
  try {
    connected = await PLATFORM_AUTH[platform].connect(deps.config, {
      code: q.code,
      verifier: flow.codeVerifier,
      redirectUri: redirectUriOf(deps.config, platform),
    })
  } catch (err) {
    if (err instanceof PlatformError)
      throw new AppError(err.kind === 'transient' || err.kind === 'timeout' || err.kind === 'network' ? 'bad_gateway' : 'conflict', err.message, { cause: err })
    throw err
  }
  const { tokens, account } = connected
  if (platform !== 'instagram' && !tokens.refreshToken)
    throw new AppError('conflict', `${platformName(platform)} gave no refresh token (offline access); connect again and allow access`)
  const now = Date.now()
  const { channel, resumed } = await upsertChannel(deps.db, {
    merchantId: principal.merchantId,
    platform,
    externalId: account.externalId,
    displayName: account.displayName,
    username: account.username,
    avatarUrl: account.avatarUrl,
    scopes: tokens.scopes,
    connectedBy: principal.userId,
    tokensEncrypted: await sealTokens(deps.config, { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }),
    accessExpiresAt: expiryOf(tokens.expiresIn, now),
    refreshExpiresAt: expiryOf(tokens.refreshExpiresIn, now),
  })
  if (resumed.length) await restartTargets(deps, resumed)
  return channel
}

/** Revokes the grant at the platform (a failure is logged: the tokens are forgotten regardless) and cancels the channel's unsent posts. */
export async function disconnectChannel(deps: ConnectDeps, merchantId: string, id: string) {
  const channel = await getChannel(deps.db, merchantId, id)
  if (!channel) throw new AppError('not_found', 'no such channel')
  if (channel.tokensEncrypted) {
    try {
      await PLATFORM_AUTH[channel.platform].revoke(deps.config, await openTokens(deps.config, channel))
    } catch (err) {
      deps.log?.warn('revoking a publishing channel failed', { channelId: id, error: err })
    }
  }
  await markChannelDisconnected(deps.db, id)
}

/** What the API shows of a channel (never a token). */
export function channelView(c: PublishingChannel) {
  return {
    id: c.id,
    platform: c.platform,
    externalId: c.externalId,
    displayName: c.displayName,
    username: c.username,
    avatarUrl: c.avatarUrl,
    status: c.status,
    statusReason: c.statusReason,
    scopes: c.scopes,
    accessExpiresAt: c.accessExpiresAt?.toISOString() ?? null,
    refreshExpiresAt: c.refreshExpiresAt?.toISOString() ?? null,
    lastRefreshedAt: c.lastRefreshedAt?.toISOString() ?? null,
    connectedAt: c.createdAt.toISOString(),
  }
}
