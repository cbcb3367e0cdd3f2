import { z } from 'zod'
import { AppError } from '../../errors'

/** The oEmbed fields the hub uses (TikTok sends more; unknown ones are kept in `raw`). */
export const oembedSchema = z.object({
  title: z.string().default(''),
  author_name: z.string().optional(),
  author_url: z.string().optional(),
  author_unique_id: z.string().optional(),
  thumbnail_url: z.string().optional(),
  thumbnail_width: z.coerce.number().optional(),
  thumbnail_height: z.coerce.number().optional(),
  html: z.string().optional(),
  embed_product_id: z.string().optional(),
  embed_type: z.string().optional(),
})
export type Oembed = z.infer<typeof oembedSchema> & { raw: Record<string, unknown> }

export type OembedClientOptions = {
  /** TIKTOK_OEMBED_URL */
  endpoint: string
  fetch?: typeof fetch
  timeoutMs?: number
  /** Attempts in this call, the first included. The queue adds its own retries on top. */
  attempts?: number
  baseDelayMs?: number
  /** The longest Retry-After honoured in-process; longer waits go back to the queue. */
  maxWaitMs?: number
  sleep?: (ms: number) => Promise<void>
  breaker?: CircuitBreaker
}

/**
 * A circuit breaker per Worker isolate: after `threshold` consecutive failed calls it opens for
 * `cooldownMs`, during which calls fail fast (the queue retries them later) instead of piling
 * onto a failing TikTok; then one trial call decides. Per isolate means each isolate learns on
 * its own: cheap, no shared state, and a few extra calls at most when many isolates run.
 */
export class CircuitBreaker {
  private failures = 0
  private openUntil = 0
  private trial = false
  constructor(
    readonly threshold = 5,
    readonly cooldownMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws `unavailable` while open; lets one trial through once the cooldown is over. */
  check() {
    const t = this.now()
    if (this.openUntil > t) throw new AppError('unavailable', `TikTok oEmbed is failing; paused for ${Math.ceil((this.openUntil - t) / 1000)} s`)
    if (this.openUntil && !this.trial) this.trial = true
    else if (this.openUntil && this.trial) throw new AppError('unavailable', 'TikTok oEmbed is failing; a trial call is in flight')
  }
  success() {
    this.failures = 0
    this.openUntil = 0
    this.trial = false
  }
  failure() {
    this.failures++
    this.trial = false
    if (this.failures >= this.threshold) this.openUntil = this.now() + this.cooldownMs
  }
  get state(): 'closed' | 'open' | 'half-open' {
    if (!this.openUntil) return 'closed'
    return this.openUntil > this.now() ? 'open' : 'half-open'
  }
}

/** The breaker shared by every oEmbed call of this isolate. */
export const oembedBreaker = new CircuitBreaker()

/** Retry-After in ms: seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null
  const s = Number(header)
  if (Number.isFinite(s)) return Math.max(0, s * 1000)
  const d = Date.parse(header)
  return Number.isNaN(d) ? null : Math.max(0, d - now)
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/**
 * GET <endpoint>?url=<video url>. Times out each attempt, retries 429/5xx/network errors with
 * exponential backoff (honouring Retry-After), and goes through the circuit breaker. A 4xx other
 * than 429 is permanent (private or removed video): `unprocessable`, not retried.
 */
export async function fetchOembed(videoUrl: string, options: OembedClientOptions): Promise<Oembed> {
  const doFetch = options.fetch ?? fetch
  const attempts = options.attempts ?? 3
  const base = options.baseDelayMs ?? 500
  const maxWait = options.maxWaitMs ?? 10_000
  const sleep = options.sleep ?? defaultSleep
  const breaker = options.breaker ?? oembedBreaker
  const endpoint = new URL(options.endpoint)
  endpoint.searchParams.set('url', videoUrl)
  let lastError = 'no attempt made'
  for (let attempt = 1; attempt <= attempts; attempt++) {
    breaker.check()
    let wait = base * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5)
    try {
      const res = await doFetch(endpoint.href, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(options.timeoutMs ?? 8000) })
      if (res.ok) {
        const raw = (await res.json()) as Record<string, unknown>
        const parsed = oembedSchema.safeParse(raw)
        if (!parsed.success) throw new AppError('bad_gateway', 'TikTok oEmbed answered in an unexpected shape')
        breaker.success()
        return { ...parsed.data, raw }
      }
      await res.body?.cancel()
      if (res.status !== 429 && res.status < 500) {
        // The service answered; the video is the problem. Not a breaker failure.
        breaker.success()
        throw new AppError(
          'unprocessable',
          res.status === 404 ? 'TikTok says the video is private or was removed' : `TikTok oEmbed refused the link (${res.status})`,
        )
      }
      breaker.failure()
      lastError = `TikTok oEmbed answered ${res.status}`
      const after = retryAfterMs(res.headers.get('retry-after'))
      if (after !== null) {
        if (after > maxWait) throw new AppError(res.status === 429 ? 'rate_limited' : 'unavailable', `${lastError}; retry after ${Math.ceil(after / 1000)} s`)
        wait = after
      }
    } catch (err) {
      if (err instanceof AppError) throw err
      breaker.failure()
      lastError =
        err instanceof Error && err.name === 'TimeoutError'
          ? 'TikTok oEmbed timed out'
          : `TikTok oEmbed unreachable (${err instanceof Error ? err.message : String(err)})`
    }
    if (attempt < attempts) await sleep(wait)
  }
  throw new AppError('bad_gateway', lastError)
}
