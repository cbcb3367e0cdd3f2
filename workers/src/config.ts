import { z } from 'zod'

/**
 * The Worker's configuration, parsed once from its bindings at each entry point (`fetch`,
 * `queue`, `scheduled`). Code reads `config.X` (typed, defaults applied) instead of raw strings.
 * Bindings (R2, queues, assets) stay on `env`; this is only the plain values.
 */
const url = z.url()
const optionalUrl = z.union([z.literal(''), z.url()]).default('')

export const configSchema = z.object({
  APP_URL: url.default('http://127.0.0.1:8787'),
  DATABASE_URL: z.string().min(1),
  /** host:port of the local WebSocket-to-TCP relay; empty in production (Neon directly). */
  NEON_WS_PROXY: z.string().default(''),
  RENDER_NODE_URL: url,
  RENDER_SIGNING_SECRET: z.string().min(16),
  ENCRYPTION_KEY: z.string().min(1),
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
  JOB_SWEEP_AFTER_SECONDS: z.coerce.number().int().min(10).max(86_400).default(120),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
})

export type Config = z.infer<typeof configSchema>

const cache = new WeakMap<object, Config>()

/** The typed configuration of these bindings; parsed once per isolate and binding object. */
export function configOf(env: Env): Config {
  let config = cache.get(env)
  if (!config) {
    const parsed = configSchema.safeParse(env)
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
      throw new Error(`invalid Worker configuration: ${problems}`)
    }
    config = parsed.data
    cache.set(env, config)
  }
  return config
}
