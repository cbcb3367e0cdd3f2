import { z } from 'zod'

/**
 * The Worker's configuration, parsed once from its bindings at each entry point (`fetch`,
 * `queue`, `scheduled`). Code reads `config.X` (typed, defaults applied) instead of raw strings.
 * Bindings (R2, queues, assets) stay on `env`; this is only the plain values.
 */
const url = z.url()
const optionalUrl = z.union([z.literal(''), z.url()]).default('')

const baseSchema = z.object({
  APP_URL: url.default('http://127.0.0.1:8787'),
  /** Postgres for the Neon serverless driver (the fallback path); optional with a HYPERDRIVE binding. */
  DATABASE_URL: z.string().default(''),
  /**
   * host:port of the local WebSocket-to-TCP relay; empty in production (Neon directly). Set, it
   * selects the Neon driver even where a HYPERDRIVE binding exists (tests of the fallback path).
   */
  NEON_WS_PROXY: z.string().default(''),
  /** Not a var: `env.HYPERDRIVE.connectionString`, copied here by `configOf` when the binding exists. */
  HYPERDRIVE_URL: z.string().default(''),
  /** `auto`: Hyperdrive + `pg` when bound (and NEON_WS_PROXY is empty), else the Neon driver. */
  DB_DRIVER: z.enum(['auto', 'hyperdrive', 'neon']).default('auto'),
  RENDER_NODE_URL: url,
  RENDER_SIGNING_SECRET: z.string().min(16),
  ENCRYPTION_KEY: z.string().min(1),
  /** Keyring for secrets at rest: `kid:base64` pairs, newest first (workers/src/bot/crypto.ts); empty: ENCRYPTION_KEY alone. */
  SECRETS_KEYS: z.string().default(''),
  /** TEST ONLY: the local webhook receiver's origin, let past the SSRF guard's address rules. Empty in production. */
  WEBHOOK_TRUSTED_ORIGIN: optionalUrl,
  TIKTOK_OEMBED_URL: url.default('https://www.tiktok.com/oembed'),
  /** Requests for allowlisted TikTok hosts go to this origin instead (a fake); empty in production. */
  TIKTOK_WEB_URL_OVERRIDE: optionalUrl,
  OPENAI_BASE_URL: url.default('https://api.openai.com/v1'),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /** Empty: every AI step takes its deterministic offline path. */
  OPENAI_API_KEY: z.string().default(''),
  WHATSAPP_GRAPH_URL: url.default('https://graph.facebook.com'),
  WHATSAPP_APP_SECRET: z.string().default(''),
  WHATSAPP_VERIFY_TOKEN: z.string().default(''),
  TELEGRAM_API_ROOT: url.default('https://api.telegram.org'),
  /** "Continue with Google": the OpenID Connect issuer (discovery at `<issuer>/.well-known/openid-configuration`). */
  GOOGLE_ISSUER_URL: url.default('https://accounts.google.com'),
  /** Empty: Google sign-in is off (no button; its routes answer 404). */
  GOOGLE_CLIENT_ID: z.string().default(''),
  GOOGLE_CLIENT_SECRET: z.string().default(''),
  // Publishing (issue 15, docs/publishing.md). Empty client credentials: that platform cannot be connected.
  TIKTOK_AUTH_URL: url.default('https://www.tiktok.com'),
  TIKTOK_API_URL: url.default('https://open.tiktokapis.com'),
  TIKTOK_CLIENT_KEY: z.string().default(''),
  TIKTOK_CLIENT_SECRET: z.string().default(''),
  YOUTUBE_AUTH_URL: url.default('https://accounts.google.com'),
  YOUTUBE_OAUTH_URL: url.default('https://oauth2.googleapis.com'),
  YOUTUBE_API_URL: url.default('https://www.googleapis.com'),
  YOUTUBE_CLIENT_ID: z.string().default(''),
  YOUTUBE_CLIENT_SECRET: z.string().default(''),
  INSTAGRAM_AUTH_URL: url.default('https://www.facebook.com'),
  INSTAGRAM_GRAPH_URL: url.default('https://graph.facebook.com'),
  META_APP_ID: z.string().default(''),
  META_APP_SECRET: z.string().default(''),
  /** TEST ONLY: comma-separated origins of the platform fakes, let past the SSRF guard's address rules. Empty in production. */
  PUBLISHING_TRUSTED_ORIGINS: z.string().default(''),
  /** One platform call's deadline (ms). */
  PUBLISHING_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(30_000),
  /** TikTok's per-account limit on video inits (its documented 6 a minute); only a benchmark against the fake raises it. */
  TIKTOK_POSTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(6),
  JOB_SWEEP_AFTER_SECONDS: z.coerce.number().int().min(10).max(86_400).default(120),
  /** How long an isolate reuses a resolved session (0: look it up on every request). */
  SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
})

export const configSchema = baseSchema.superRefine((c, ctx) => {
  if (!c.DATABASE_URL && !c.HYPERDRIVE_URL) ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'set DATABASE_URL or bind HYPERDRIVE' })
  if (c.DB_DRIVER === 'hyperdrive' && !c.HYPERDRIVE_URL)
    ctx.addIssue({ code: 'custom', path: ['DB_DRIVER'], message: 'hyperdrive needs the HYPERDRIVE binding' })
  if (c.DB_DRIVER === 'neon' && !c.DATABASE_URL) ctx.addIssue({ code: 'custom', path: ['DB_DRIVER'], message: 'neon needs DATABASE_URL' })
})

export type Config = z.infer<typeof configSchema>

const cache = new WeakMap<object, Config>()

/** The typed configuration of these bindings; parsed once per isolate and binding object. */
export function configOf(env: Env): Config {
  let config = cache.get(env)
  if (!config) {
    // The Hyperdrive binding is an object; only its connection string is configuration.
    const hyperdrive = (env as { HYPERDRIVE?: { connectionString?: string } }).HYPERDRIVE
    const source: Record<string, unknown> = {}
    for (const key of Object.keys(baseSchema.shape)) source[key] = (env as unknown as Record<string, unknown>)[key]
    source.HYPERDRIVE_URL = hyperdrive?.connectionString ?? ''
    const parsed = configSchema.safeParse(source)
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
      throw new Error(`invalid Worker configuration: ${problems}`)
    }
    config = parsed.data
    cache.set(env, config)
  }
  return config
}
