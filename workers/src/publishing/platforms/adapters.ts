import { PLATFORM_SCOPES, type PublishPlatform } from '../../../../contracts/publishing'
import type { Config } from '../../config'
import type { PlatformAccount, TokenSet } from './http'
import { instagramAccount, instagramAuthorizeUrl, instagramEnabled, instagramExchangeCode, instagramRefresh, instagramRevoke } from './instagram'
import { tiktokAuthorizeUrl, tiktokEnabled, tiktokExchangeCode, tiktokRefresh, tiktokRevoke, tiktokUser } from './tiktok'
import { youtubeAuthorizeUrl, youtubeChannel, youtubeEnabled, youtubeExchangeCode, youtubeRefresh, youtubeRevoke } from './youtube'

/** The tokens a channel stores (encrypted). */
export type StoredTokens = { accessToken: string; refreshToken: string | null }

/** What connecting, refreshing and disconnecting look like for each platform, behind one shape. */
export type PlatformAuth = {
  enabled: (config: Config) => boolean
  authorizeUrl: (config: Config, o: { state: string; verifier: string; redirectUri: string }) => Promise<string>
  connect: (config: Config, o: { code: string; verifier: string; redirectUri: string }) => Promise<{ tokens: TokenSet; account: PlatformAccount }>
  /** New tokens from the stored ones (TikTok rotates the refresh token; Google keeps it; Meta re-exchanges the access token). */
  refresh: (config: Config, stored: StoredTokens) => Promise<TokenSet>
  revoke: (config: Config, stored: StoredTokens) => Promise<void>
}

export const PLATFORM_AUTH: Record<PublishPlatform, PlatformAuth> = {
  tiktok: {
    enabled: tiktokEnabled,
    authorizeUrl: (config, o) => tiktokAuthorizeUrl(config, { ...o, scopes: PLATFORM_SCOPES.tiktok }),
    connect: async (config, o) => {
      const tokens = await tiktokExchangeCode(config, o)
      return { tokens, account: await tiktokUser(config, tokens.accessToken) }
    },
    refresh: (config, s) => tiktokRefresh(config, s.refreshToken ?? ''),
    revoke: (config, s) => tiktokRevoke(config, s.accessToken),
  },
  youtube: {
    enabled: youtubeEnabled,
    authorizeUrl: (config, o) => youtubeAuthorizeUrl(config, { ...o, scopes: PLATFORM_SCOPES.youtube }),
    connect: async (config, o) => {
      const tokens = await youtubeExchangeCode(config, o)
      return { tokens, account: await youtubeChannel(config, tokens.accessToken) }
    },
    refresh: (config, s) => youtubeRefresh(config, s.refreshToken ?? ''),
    revoke: (config, s) => youtubeRevoke(config, s.refreshToken ?? s.accessToken),
  },
  instagram: {
    enabled: instagramEnabled,
    authorizeUrl: async (config, o) => instagramAuthorizeUrl(config, { state: o.state, redirectUri: o.redirectUri, scopes: PLATFORM_SCOPES.instagram }),
    connect: async (config, o) => {
      const tokens = await instagramExchangeCode(config, o)
      return { tokens, account: await instagramAccount(config, tokens.accessToken) }
    },
    refresh: (config, s) => instagramRefresh(config, s.accessToken),
    revoke: (config, s) => instagramRevoke(config, s.accessToken),
  },
}
