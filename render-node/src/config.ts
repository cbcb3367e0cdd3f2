import os from 'node:os'
import { z } from 'zod'

/** The render node's whole configuration, parsed once from process.env. */
const configSchema = z
  .object({
    RENDER_NODE_HOST: z.string().default('127.0.0.1'),
    RENDER_NODE_PORT: z.coerce.number().int().min(0).max(65535).default(8790),
    RENDER_SIGNING_SECRET: z.string().min(16, 'RENDER_SIGNING_SECRET must be at least 16 characters'),
    /** Jobs run at once; defaults to the number of cores. */
    RENDER_CONCURRENCY: z.coerce
      .number()
      .int()
      .min(1)
      .default(Math.max(1, os.availableParallelism?.() ?? os.cpus().length)),
    /** Largest request body (all inputs together). */
    RENDER_MAX_REQUEST_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(200 * 1024 * 1024),
    /**
     * Input bytes the whole node holds at once, over every request being uploaded, waiting or
     * running (each at its inputs' signed sizes); a request that would go over is answered 503 with
     * Retry-After before its inputs are read. At least RENDER_MAX_REQUEST_BYTES.
     */
    RENDER_MAX_BUFFERED_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(1024 * 1024 * 1024),
    RENDER_MAX_INPUT_PIXELS: z.coerce.number().int().positive().default(40_000_000),
    RENDER_MAX_VIDEO_SECONDS: z.coerce.number().positive().default(180),
    RENDER_JOB_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
    /** Studio jobs (a 90 s voice-over, a 90 s 1080×1920 assembly in up to four cuts) get longer; under the Workflow step's 10 minutes. */
    RENDER_STUDIO_JOB_TIMEOUT_MS: z.coerce.number().int().positive().default(480_000),
    RENDER_TMP_DIR: z.string().default(os.tmpdir()),
    /** Set to 'off' to skip the NVENC probe (it is cheap, but not free). */
    RENDER_ENCODER_PROBE: z.enum(['on', 'off']).default('on'),
    OPENAI_API_KEY: z.string().optional(),
    OPENAI_BASE_URL: z.string().url().default('https://api.openai.com/v1'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .refine((c) => c.RENDER_MAX_BUFFERED_BYTES >= c.RENDER_MAX_REQUEST_BYTES, {
    message: 'must be at least RENDER_MAX_REQUEST_BYTES (else the largest request could never run)',
    path: ['RENDER_MAX_BUFFERED_BYTES'],
  })

export type RenderConfig = z.infer<typeof configSchema>

export function loadConfig(env: NodeJS.ProcessEnv = process.env): RenderConfig {
  const parsed = configSchema.safeParse(env)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`render node configuration is invalid: ${issues}`)
  }
  return parsed.data
}
