// Phrases a merchant taught the bot ("when shoppers write 'EMI', they mean payment"): the shop's
// own words, which neither the general rules nor the shipped model can know (issue 13). A message
// is compared with every taught phrase on the learned model's features (words, word pairs,
// character 3-grams of words, on the same folded text), weighted by how rare each feature is among
// the shop's phrases (cosine over IDF weights). Pure TS, no I/O: it runs in the Worker.

import { messageFeatures } from './intent-model'
import type { Intent } from './intents'

export interface TaughtPhrase {
  text: string
  intent: Intent
}

export interface PhraseMatch {
  intent: Intent
  /** Cosine similarity 0..1 with the closest taught phrase. */
  similarity: number
  /** The taught phrase it matched. */
  text: string
}

export type PhraseMatcher = (text: string) => PhraseMatch | null

/**
 * When a taught phrase decides (chosen on the dev folds of `npm run eval:intents`, "taught", from
 * SURE 0.4–0.7, NEAR 0.25–0.4, UNLESS_CONFIDENCE 0.55–0.95): at similarity ≥ SURE it wins over
 * anything the rules and the model said (the merchant knows their shoppers); at ≥ NEAR only over
 * an unsure answer (under UNLESS_CONFIDENCE, where the LLM would otherwise be asked), so a shopper
 * who writes "cancel the glow box order" is not taken for the taught "is the glow box still on".
 */
export const TAUGHT = { SURE: 0.6, NEAR: 0.3, UNLESS_CONFIDENCE: 0.55 }

const featuresOf = (text: string) => new Set(messageFeatures(text).filter((f) => !f.startsWith('_')))

/** Builds the matcher once per shop (its phrases change rarely; the bot caches it per isolate). */
export function createPhraseMatcher(phrases: readonly TaughtPhrase[]): PhraseMatcher {
  const taught = phrases.map((p) => ({ ...p, features: featuresOf(p.text) })).filter((p) => p.features.size > 0)
  const df = new Map<string, number>()
  for (const p of taught) for (const f of p.features) df.set(f, (df.get(f) ?? 0) + 1)
  const weight = (f: string) => Math.log(1 + taught.length / (1 + (df.get(f) ?? 0))) ** 2
  const norms = taught.map((p) => Math.sqrt([...p.features].reduce((sum, f) => sum + weight(f), 0)))
  return (text) => {
    if (taught.length === 0) return null
    const features = featuresOf(text)
    const norm = Math.sqrt([...features].reduce((sum, f) => sum + weight(f), 0))
    if (norm === 0) return null
    let best: PhraseMatch | null = null
    taught.forEach((p, i) => {
      let dot = 0
      for (const f of features) if (p.features.has(f)) dot += weight(f)
      const similarity = dot / (norm * (norms[i] as number))
      if (similarity > (best?.similarity ?? 0)) best = { intent: p.intent, similarity, text: p.text }
    })
    return best
  }
}

/** The taught phrase's intent when it should decide (see TAUGHT), else null. */
export function taughtDecision(match: PhraseMatch | null, confidence: number): PhraseMatch | null {
  if (!match) return null
  if (match.similarity >= TAUGHT.SURE) return match
  if (match.similarity >= TAUGHT.NEAR && confidence < TAUGHT.UNLESS_CONFIDENCE) return match
  return null
}
