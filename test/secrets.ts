/** Secrets of the test run, shared by global setup (render node) and the Worker's test bindings. */
export const TEST_SECRETS = {
  RENDER_SIGNING_SECRET: 'test-render-signing-secret-0123456789',
  ENCRYPTION_KEY: 'dGVzdC1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcy1sb25nIQ==',
  WHATSAPP_APP_SECRET: 'test-whatsapp-app-secret',
  WHATSAPP_VERIFY_TOKEN: 'test-verify-token',
}

/** The client the hub is registered as at the fake OpenID Connect provider (GOOGLE_CLIENT_ID / _SECRET in tests). */
export const FAKE_OIDC_CLIENT = { id: 'linkhub-test-client', secret: 'fake-oidc-client-secret' } as const

/** The apps the hub is registered as at the fake TikTok, Google (YouTube) and Meta (Instagram) servers. */
export const FAKE_PUBLISHING_CLIENTS = {
  tiktok: { id: 'fake-tiktok-client-key', secret: 'fake-tiktok-client-secret' },
  youtube: { id: 'fake-youtube-client.apps.googleusercontent.com', secret: 'fake-youtube-client-secret' },
  instagram: { id: '100000000000001', secret: 'fake-meta-app-secret' },
} as const

/** The Worker variables that point publishing at the fakes of TikTok, YouTube and Instagram, with the fake apps above. */
export function publishingFakeVars(urls: { tiktok: string; youtube: string; instagram: string }): Record<string, string> {
  return {
    TIKTOK_AUTH_URL: urls.tiktok,
    TIKTOK_API_URL: urls.tiktok,
    TIKTOK_CLIENT_KEY: FAKE_PUBLISHING_CLIENTS.tiktok.id,
    TIKTOK_CLIENT_SECRET: FAKE_PUBLISHING_CLIENTS.tiktok.secret,
    YOUTUBE_AUTH_URL: urls.youtube,
    YOUTUBE_OAUTH_URL: urls.youtube,
    YOUTUBE_API_URL: urls.youtube,
    YOUTUBE_CLIENT_ID: FAKE_PUBLISHING_CLIENTS.youtube.id,
    YOUTUBE_CLIENT_SECRET: FAKE_PUBLISHING_CLIENTS.youtube.secret,
    INSTAGRAM_AUTH_URL: urls.instagram,
    INSTAGRAM_GRAPH_URL: urls.instagram,
    META_APP_ID: FAKE_PUBLISHING_CLIENTS.instagram.id,
    META_APP_SECRET: FAKE_PUBLISHING_CLIENTS.instagram.secret,
    PUBLISHING_TRUSTED_ORIGINS: [urls.tiktok, urls.youtube, urls.instagram].join(','),
  }
}
