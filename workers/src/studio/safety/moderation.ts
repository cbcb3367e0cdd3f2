import OpenAI from 'openai'
import type { CostLine, SafetyHit, SafetyItem } from '../../../../contracts/studio'
import type { OpenAiAccess } from '../openai-access-type'

/** A category score above this (but not flagged) sends the item to review. */
export const MODERATION_REVIEW_SCORE = 0.4

export type ModerationOutcome = { hits: SafetyHit[]; provider: string; cost: CostLine[] }

/**
 * OpenAI's moderation endpoint (`omni-moderation-latest`), one input per item. Flagged → block,
 * a score above 0.4 → review; a failure returns no hits and the provider marked failed, so the
 * rules still decide.
 */
export async function moderate(items: SafetyItem[], access: NonNullable<OpenAiAccess>, signal?: AbortSignal): Promise<ModerationOutcome> {
  const checked = items.filter((i) => i.text.trim())
  if (checked.length === 0) return { hits: [], provider: 'openai-moderation', cost: [] }
  const client = new OpenAI({ apiKey: access.apiKey, baseURL: access.baseURL, timeout: 20_000, maxRetries: 1 })
  try {
    const res = await client.moderations.create({ model: 'omni-moderation-latest', input: checked.map((i) => i.text) }, { signal })
    const hits: SafetyHit[] = []
    res.results.forEach((r, k) => {
      const item = checked[k]
      if (!item) return
      const scores = Object.entries(r.category_scores as unknown as Record<string, number>).sort((a, b) => b[1] - a[1])
      const [top, score] = scores[0] ?? ['none', 0]
      const flaggedCats = Object.entries(r.categories as unknown as Record<string, boolean>)
        .filter(([, v]) => v)
        .map(([c]) => c)
      if (!r.flagged && score <= MODERATION_REVIEW_SCORE) return
      hits.push({
        rule: `moderation.${(flaggedCats[0] ?? top).replace(/[^a-z-]/gi, '-')}`,
        category: 'moderation',
        decision: r.flagged ? 'block' : 'review',
        field: item.field,
        start: 0,
        end: item.text.length,
        text: item.text,
        message: r.flagged
          ? `OpenAI moderation flagged this text (${flaggedCats.join(', ') || top}).`
          : `OpenAI moderation scored this text ${score.toFixed(2)} for ${top}; please review.`,
      })
    })
    return { hits, provider: 'openai-moderation', cost: [{ step: 'safety', provider: 'openai-moderation', unit: 'requests', quantity: 1, usd: 0 }] }
  } catch {
    return { hits: [], provider: 'openai-moderation:failed', cost: [{ step: 'safety', provider: 'openai-moderation', unit: 'requests', quantity: 1, usd: 0 }] }
  }
}
