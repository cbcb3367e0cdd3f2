// Scoring helpers for intent evaluation: accuracy, per-intent precision/recall/F1, macro-F1, the
// most frequent confusions, and the multilingual fixture format. Shared by scripts/eval-intents.ts
// and the tests.

import { z } from 'zod'
import { ENTITY_KEYS, INTENTS, type Intent, intentSchema, type MessageEntities, messageEntitiesSchema } from './intents'

export interface LabelledPrediction {
  text: string
  expected: Intent
  predicted: Intent
}

export interface IntentMetrics {
  count: number
  accuracy: number
  /** Mean F1 over the intents that occur in the gold labels. */
  macroF1: number
  perIntent: Partial<Record<Intent, { support: number; precision: number; recall: number; f1: number }>>
  /** Most frequent (expected → predicted) mistakes, with up to three example messages each. */
  topConfusions: { expected: Intent; predicted: Intent; count: number; examples: string[] }[]
}

const round = (n: number) => Math.round(n * 1000) / 1000

export function scorePredictions(rows: readonly LabelledPrediction[], topN = 10): IntentMetrics {
  const correct = rows.filter((r) => r.expected === r.predicted).length
  const perIntent: IntentMetrics['perIntent'] = {}
  const f1s: number[] = []
  for (const intent of INTENTS) {
    const support = rows.filter((r) => r.expected === intent).length
    const predicted = rows.filter((r) => r.predicted === intent).length
    if (support === 0) continue
    const tp = rows.filter((r) => r.expected === intent && r.predicted === intent).length
    const precision = predicted === 0 ? 0 : tp / predicted
    const recall = tp / support
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
    perIntent[intent] = { support, precision: round(precision), recall: round(recall), f1: round(f1) }
    f1s.push(f1)
  }
  const confusions = new Map<string, { expected: Intent; predicted: Intent; count: number; examples: string[] }>()
  for (const r of rows) {
    if (r.expected === r.predicted) continue
    const key = `${r.expected}→${r.predicted}`
    const entry = confusions.get(key) ?? { expected: r.expected, predicted: r.predicted, count: 0, examples: [] }
    entry.count++
    if (entry.examples.length < 3) entry.examples.push(r.text)
    confusions.set(key, entry)
  }
  return {
    count: rows.length,
    accuracy: rows.length === 0 ? 0 : round(correct / rows.length),
    macroF1: f1s.length === 0 ? 0 : round(f1s.reduce((a, b) => a + b, 0) / f1s.length),
    perIntent,
    topConfusions: [...confusions.values()].sort((a, b) => b.count - a.count).slice(0, topN),
  }
}

// ── the hand-written multilingual set (fixtures/messages-multilingual.jsonl) ──

export const fixtureMessageSchema = z.object({
  lang: z.enum(['en', 'fr', 'es', 'pt', 'sw']),
  text: z.string().min(1),
  intent: intentSchema,
  entities: messageEntitiesSchema,
})
export type FixtureMessage = z.infer<typeof fixtureMessageSchema>

/** Parse the JSON-lines fixture; throws on a malformed line (it is our own file). */
export function parseFixtureLines(jsonl: string): FixtureMessage[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => fixtureMessageSchema.parse(JSON.parse(line)))
}

/** Entity keys whose predicted value differs from the expected one (missing, extra or wrong). */
export function entityMismatches(expected: MessageEntities, actual: MessageEntities): string[] {
  return ENTITY_KEYS.filter((k) => expected[k] !== actual[k])
}
