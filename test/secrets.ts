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
