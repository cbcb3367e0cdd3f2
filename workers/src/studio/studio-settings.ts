import { type BrandVoice, brandVoiceSchema } from '../../../contracts/studio'
import { countStudioVideosSince, getStudioSettings, saveStudioBrandVoice, saveStudioOpenAiKey, studioCostsByProvider } from '../../../db/queries/studio'
import type { Database } from '../../../db/types'
import { encryptSecrets, keyringOf } from '../bot/crypto'
import type { Config } from '../config'

/** The start of `now`'s UTC day (the quota's window). */
export const utcDayStart = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
/** The next UTC midnight: when the daily quota starts again. */
export const nextUtcMidnight = (now: Date) => new Date(utcDayStart(now).getTime() + 86_400_000)
export const utcMonthStart = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))

/** A shop's brand voice with the defaults applied; a stored value an older schema wrote falls back field by field. */
export function brandVoiceOf(stored: Record<string, unknown> | null | undefined): BrandVoice {
  const parsed = brandVoiceSchema.safeParse(stored ?? {})
  if (parsed.success) return parsed.data
  const valid: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(stored ?? {})) if (brandVoiceSchema.shape[k as keyof BrandVoice]?.safeParse(v).success) valid[k] = v
  return brandVoiceSchema.parse(valid)
}

export async function getBrandVoice(db: Database, merchantId: string): Promise<BrandVoice> {
  return brandVoiceOf((await getStudioSettings(db, merchantId))?.brandVoice)
}

export async function studioSettingsView(deps: { db: Database; config: Pick<Config, 'OPENAI_API_KEY'> }, merchantId: string, now = new Date()) {
  const row = await getStudioSettings(deps.db, merchantId)
  const brandVoice = brandVoiceOf(row?.brandVoice)
  const since = utcMonthStart(now)
  const byProvider = await studioCostsByProvider(deps.db, merchantId, since)
  const hasOpenAiKey = Boolean(row?.openaiKeyEncrypted)
  return {
    brandVoice,
    hasOpenAiKey,
    openAiSource: hasOpenAiKey ? ('shop' as const) : deps.config.OPENAI_API_KEY ? ('hub' as const) : ('none' as const),
    usage: {
      today: await countStudioVideosSince(deps.db, merchantId, utcDayStart(now)),
      quota: brandVoice.dailyQuota,
      resetsAt: nextUtcMidnight(now).toISOString(),
    },
    costThisMonth: {
      since: since.toISOString(),
      totalUsd: roundUsd(byProvider.reduce((s, p) => s + p.usd, 0)),
      byProvider: byProvider.map((p) => ({ ...p, usd: roundUsd(p.usd) })),
    },
  }
}

export const roundUsd = (usd: number) => Math.round(usd * 1e6) / 1e6

export async function saveBrandVoice(db: Database, merchantId: string, voice: BrandVoice) {
  await saveStudioBrandVoice(db, merchantId, voice)
}

/** Stores the shop's OpenAI key encrypted with the secrets keyring (rotation covers it: db/queries/secrets.ts), or removes it. */
export async function saveOpenAiKey(
  deps: { db: Database; config: Pick<Config, 'ENCRYPTION_KEY' | 'SECRETS_KEYS'> },
  merchantId: string,
  apiKey: string | null,
) {
  const encrypted = apiKey ? await encryptSecrets(keyringOf(deps.config), { apiKey }) : null
  await saveStudioOpenAiKey(deps.db, merchantId, encrypted)
}
