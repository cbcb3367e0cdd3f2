import { getChannelById, markChannelReconnect, saveRefreshedTokens, withChannelLock } from '../../../db/queries/publishing'
import type { PublishingChannel } from '../../../db/schema'
import type { Database } from '../../../db/types'
import { decryptSecrets, encryptSecrets, keyringOf } from '../bot/crypto'
import type { Config } from '../config'
import type { Logger } from '../lib/logger'
import { PLATFORM_AUTH, type StoredTokens } from './platforms/adapters'
import { PlatformError, platformName, type TokenSet } from './platforms/http'

/** A token this close to its expiry is refreshed before use. */
export const REFRESH_MARGIN_MS = 5 * 60_000

export type TokenDeps = { db: Database; config: Config; log?: Logger }

export const expiryOf = (seconds: number | null, now = Date.now()) => (seconds ? new Date(now + seconds * 1000) : null)

export async function sealTokens(config: Config, tokens: StoredTokens) {
  return encryptSecrets(keyringOf(config), tokens)
}

export async function openTokens(config: Config, channel: Pick<PublishingChannel, 'tokensEncrypted' | 'platform'>): Promise<StoredTokens> {
  if (!channel.tokensEncrypted) throw new PlatformError(channel.platform, 'reconnect', 'disconnected', `${platformName(channel.platform)} is not connected`)
  return decryptSecrets<StoredTokens>(keyringOf(config), channel.tokensEncrypted)
}

const fresh = (c: PublishingChannel, now: number) => c.accessExpiresAt === null || c.accessExpiresAt.getTime() - now > REFRESH_MARGIN_MS

/**
 * A usable access token of the channel: the stored one while it has time left, else a refreshed
 * one. `stale` is a token the platform just refused (a 401): it is refreshed even if it looks fresh.
 */
export async function accessTokenOf(deps: TokenDeps, channelId: string, o: { stale?: string } = {}): Promise<string> {
  const row = await getChannelById(deps.db, channelId)
  if (row?.status !== 'active')
    throw new PlatformError(row?.platform ?? 'tiktok', 'reconnect', row?.status ?? 'missing', 'the account needs to be connected again')
  const stored = await openTokens(deps.config, row)
  if (fresh(row, Date.now()) && stored.accessToken !== o.stale) return stored.accessToken
  return refreshChannel(deps, channelId, o)
}

/**
 * Refreshes the channel's tokens under its row lock: one refresh at a time per channel; a
 * caller that waited finds the token the first one stored and uses it instead of spending the
 * (rotated, single-use) refresh token again. The new tokens are saved in the same transaction
 * as the lock. A refusal (the grant is gone) marks the channel `reconnect_required` and pauses
 * its scheduled posts, with the reason the merchant sees on the channel and on each post.
 */
export async function refreshChannel(deps: TokenDeps, channelId: string, o: { stale?: string } = {}): Promise<string> {
  const outcome = await withChannelLock(deps.db, channelId, async (tx, row) => {
    if (row.status !== 'active')
      return { error: new PlatformError(row.platform, 'reconnect', row.status, row.statusReason ?? 'the account needs to be connected again') }
    const stored = await openTokens(deps.config, row)
    // Someone refreshed while this caller waited for the lock.
    if (stored.accessToken !== o.stale && fresh(row, Date.now())) return { token: stored.accessToken }
    let next: TokenSet
    try {
      next = await PLATFORM_AUTH[row.platform].refresh(deps.config, stored)
    } catch (err) {
      if (err instanceof PlatformError && err.kind === 'reconnect') return { error: err, reconnect: true, platform: row.platform }
      throw err
    }
    const now = Date.now()
    await saveRefreshedTokens(tx, channelId, {
      tokensEncrypted: await sealTokens(deps.config, { accessToken: next.accessToken, refreshToken: next.refreshToken ?? stored.refreshToken }),
      accessExpiresAt: expiryOf(next.expiresIn, now),
      refreshExpiresAt: next.refreshExpiresIn ? expiryOf(next.refreshExpiresIn, now) : row.refreshExpiresAt,
    })
    return { token: next.accessToken }
  })
  if ('token' in outcome && outcome.token) return outcome.token
  const error = (outcome as { error: PlatformError }).error
  if ((outcome as { reconnect?: boolean }).reconnect) {
    const reason = `${platformName(error.platform)} refused to renew the connection (${error.code}); connect it again to resume your scheduled posts`
    const paused = await markChannelReconnect(deps.db, channelId, reason)
    deps.log?.warn('publishing channel needs reconnecting', { channelId, code: error.code, paused: paused.length })
  }
  throw error
}

/**
 * Runs a platform call with the channel's token; a 401 (`auth`) refreshes once and retries, as
 * only reads and not-yet-accepted calls are passed here.
 */
export async function withAccessToken<T>(deps: TokenDeps, channelId: string, fn: (token: string) => Promise<T>): Promise<T> {
  const token = await accessTokenOf(deps, channelId)
  try {
    return await fn(token)
  } catch (err) {
    if (!(err instanceof PlatformError) || err.kind !== 'auth') throw err
    return fn(await accessTokenOf(deps, channelId, { stale: token }))
  }
}
