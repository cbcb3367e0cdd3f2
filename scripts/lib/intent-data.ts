// Loading the public intent data for training (scripts/train-intents.ts) and evaluation
// (scripts/eval-intents.ts). Sources and licences: ../shared/data/README.md.
//
// Splits (fixed, by a hash of the sentence, so every run agrees):
//   CLINC150 train (+ oos_train)          → training
//   CLINC150 val   (+ oos_val), hash even → dev  (thresholds, temperature, class weights are tuned here)
//   CLINC150 val   (+ oos_val), hash odd  → test (held out: only reported, never tuned on)
//   HINT3 {sofmattress,curekart} train    → training of the shipped model; cross-shop runs train on one shop, test on the other
//   workers/src/bot/intent/fixtures/messages-multilingual.jsonl → training (our own, five languages)
//   workers/src/bot/intent/fixtures/customer-service.jsonl      → dev only (written by us from the failure patterns)
//   workers/src/bot/intent/fixtures/customer-service-holdout.jsonl → held out (written by us before its first run; only reported)

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Papa from 'papaparse'
import { clincIntent, splitHash } from '../../workers/src/bot/intent/clinc-labels'
import { parseFixtureLines } from '../../workers/src/bot/intent/evaluate-intents'
import { HINT3_LABEL_TO_INTENT } from '../../workers/src/bot/intent/hint3-labels'
import type { LabelledText } from '../../workers/src/bot/intent/intent-model'
import type { Intent } from '../../workers/src/bot/intent/intents'
import { LEXICON, type ShopSource } from '../../workers/src/bot/intent/lexicon'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const chatDir = path.resolve(repoRoot, '../shared/data/chat')
export const intentDir = path.join(repoRoot, 'workers/src/bot/intent')
export const modelPath = path.join(intentDir, 'intent-model.json')

export const SHOPS: readonly ShopSource[] = ['sofmattress', 'curekart']

export interface ShopMessage extends LabelledText {
  label: string
}

export function loadShop(shop: ShopSource): { messages: ShopMessage[]; excluded: Record<string, number> } {
  const csv = readFileSync(path.join(chatDir, `hint3_${shop}_train.csv`), 'utf8')
  const parsed = Papa.parse<{ sentence: string; label: string }>(csv, { header: true, skipEmptyLines: true })
  const mapping = HINT3_LABEL_TO_INTENT[shop]
  const messages: ShopMessage[] = []
  const excluded: Record<string, number> = {}
  for (const row of parsed.data) {
    const expected = mapping[row.label]
    if (expected === undefined) throw new Error(`${shop}: label ${row.label} has no mapping`)
    if (expected === null) excluded[row.label] = (excluded[row.label] ?? 0) + 1
    else messages.push({ text: row.sentence.trim(), label: row.label, intent: expected })
  }
  return { messages, excluded }
}

export { clincIntent, splitHash as hash } from '../../workers/src/bot/intent/clinc-labels'

export interface ClincMessage extends LabelledText {
  label: string
}

export function loadClinc(): { train: ClincMessage[]; dev: ClincMessage[]; test: ClincMessage[] } {
  const csv = readFileSync(path.join(chatDir, 'clinc150_train_val.csv'), 'utf8')
  const rows = Papa.parse<{ sentence: string; label: string; split: string }>(csv, { header: true, skipEmptyLines: true }).data
  const train: ClincMessage[] = []
  const dev: ClincMessage[] = []
  const test: ClincMessage[] = []
  for (const r of rows) {
    const intent = clincIntent(r.label)
    if (!intent) continue
    const m = { text: r.sentence.trim(), label: r.label, intent }
    if (r.split === 'train' || r.split === 'oos_train') train.push(m)
    else if (splitHash(m.text) % 2 === 0) dev.push(m)
    else test.push(m)
  }
  return { train, dev, test }
}

export function loadMultilingual(): LabelledText[] {
  return parseFixtureLines(readFileSync(path.join(intentDir, 'fixtures/messages-multilingual.jsonl'), 'utf8')).map((m) => ({
    text: m.text,
    intent: m.intent,
  }))
}

/** `holdout`: fixtures/customer-service-holdout.jsonl, written before its first run, never tuned on. */
export function loadCustomerService(file: 'dev' | 'holdout' = 'dev'): LabelledText[] {
  return readFileSync(path.join(intentDir, file === 'dev' ? 'fixtures/customer-service.jsonl' : 'fixtures/customer-service-holdout.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; intent: Intent })
    .map((m) => ({ text: m.text, intent: m.intent }))
}

/**
 * The lexicon's phrases as short training messages for their intents ("call me back",
 * "warranty"), so the model knows shop language beyond the one shop it trains on. Only the cues
 * allowed by `shops` (core cues + cues learned from those shops), as in the cross-shop rules.
 */
export function lexiconExamples(shops: readonly ShopSource[]): LabelledText[] {
  const out: LabelledText[] = []
  for (const cue of LEXICON) {
    if (cue.weight <= 0 || (cue.learnedFrom && !cue.learnedFrom.some((s) => shops.includes(s)))) continue
    for (const phrase of cue.phrases) {
      const words = phrase
        .split(/\s+/)
        .filter((w) => w !== '*')
        .map((w) => (w.split('|')[0] as string).replace(/\*$/, ''))
      if (words.length) out.push({ text: words.join(' '), intent: cue.intent })
    }
  }
  return out
}

/** Balances out_of_scope (CLINC is 15k messages of it) against the shop intents. */
export function balance(examples: readonly LabelledText[], oosShare = 1): LabelledText[] {
  const oos = examples.filter((e) => e.intent === 'out_of_scope').length
  const inScope = examples.length - oos
  const w = oos === 0 ? 1 : (oosShare * inScope) / oos
  return examples.map((e) => (e.intent === 'out_of_scope' ? { ...e, weight: w } : e))
}
