// npm run train:intents – trains the learned intent model shipped beside the rules
// (workers/src/bot/intent/intent-model.json) from public data; see scripts/lib/intent-data.ts
// for the sources and the fixed train / dev / test splits.
//
// Training: CLINC150 train + oos_train (out_of_scope, greeting, order_status), both HINT3 train
// shops, the multilingual fixture, the lexicon's phrases. The softmax temperature is fitted on the CLINC dev half; the
// CLINC test half is never used here.

import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { fitTemperature, type IntentModel, type LabelledText, trainIntentModel } from '../workers/src/bot/intent/intent-model'
import { balance, lexiconExamples, loadClinc, loadCustomerService, loadMultilingual, loadShop, modelPath, repoRoot, SHOPS } from './lib/intent-data'

/** Share of the training weight that out_of_scope gets relative to all shop intents together (tuned on dev). */
export const OOS_SHARE = 0.3

/**
 * `shops`: whose HINT3 messages and learned cues it trains on (default both); `also`: more labelled
 * messages (the evaluation's in-shop folds add half of a shop's messages).
 */
export function trainShippedModel(extra: { shops?: readonly (typeof SHOPS)[number][]; also?: readonly LabelledText[] } = {}): IntentModel {
  const clinc = loadClinc()
  const shops = extra.shops ?? SHOPS
  const examples: LabelledText[] = [
    ...clinc.train,
    ...shops.flatMap((s) => loadShop(s).messages),
    ...(extra.also ?? []),
    ...loadMultilingual(),
    ...lexiconExamples(shops),
  ]
  const model = trainIntentModel(balance(examples, OOS_SHARE))
  // Calibrate on a dev mix that is not 98% out_of_scope: every in-scope CLINC dev message, as many
  // out-of-scope ones, and the customer-service dev set.
  const devIn = clinc.dev.filter((m) => m.intent !== 'out_of_scope')
  const devOut = clinc.dev.filter((m) => m.intent === 'out_of_scope').filter((_, i) => i % 15 === 0)
  model.temperature = fitTemperature(model, [...devIn, ...devOut, ...loadCustomerService()])
  return model
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now()
  const model = trainShippedModel()
  const json = JSON.stringify(model)
  writeFileSync(modelPath, `${json}\n`)
  // The repository's formatter owns the file's layout, so `biome ci` stays clean after a retrain.
  execFileSync(path.join(repoRoot, 'node_modules/.bin/biome'), ['format', '--write', modelPath], { stdio: 'ignore' })
  console.log(
    `trained on ${model.classes.length} intents, ${Object.keys(model.features).length} features, temperature ${model.temperature}, ` +
      `${(json.length / 1024).toFixed(0)} KiB → ${path.relative(repoRoot, modelPath)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  )
}
