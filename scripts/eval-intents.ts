// npm run eval:intents – score the rule classifier on real shop-bot messages (HINT3, ../shared/data/chat)
// and on the hand-written multilingual set; writes bench/results/intent-eval.json and prints a table.
//
// Cross-shop: the lexicon is rebuilt from the core cues plus the cues learned from ONE shop and
// tested on the OTHER shop, so a rule that only memorised one shop's wording cannot help.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { createMessageClassifier, type MessageClassifier } from '../workers/src/bot/intent/classify-message'
import { entityMismatches, type IntentMetrics, parseFixtureLines, scorePredictions } from '../workers/src/bot/intent/evaluate-intents'
import { HINT3_LABEL_TO_INTENT } from '../workers/src/bot/intent/hint3-labels'
import type { IntentModel, LabelledText } from '../workers/src/bot/intent/intent-model'
import { LEXICON, type LexiconCue, type ShopSource } from '../workers/src/bot/intent/lexicon'
import { createPhraseMatcher } from '../workers/src/bot/intent/taught-phrases'
import { hash, loadClinc, loadCustomerService, loadShop, repoRoot, SHOPS } from './lib/intent-data'
import { trainShippedModel } from './train-intents'

const fixturePath = path.join(repoRoot, 'workers/src/bot/intent/fixtures/messages-multilingual.jsonl')
const outPath = path.join(repoRoot, 'bench/results/intent-eval.json')

function evaluate(classify: (text: string) => { intent: LabelledText['intent'] }, messages: readonly LabelledText[]): IntentMetrics {
  return scorePredictions(messages.map((m) => ({ text: m.text, expected: m.intent, predicted: classify(m.text).intent })))
}

/** Out-of-scope recall and in-scope accuracy, the two numbers that matter on CLINC. */
function scopeFigures(classify: MessageClassifier, messages: readonly LabelledText[]) {
  const oos = messages.filter((m) => m.intent === 'out_of_scope')
  const inScope = messages.filter((m) => m.intent !== 'out_of_scope')
  const got = (m: LabelledText) => classify(m.text).intent
  const r = (x: number) => Math.round(x * 1000) / 1000
  return {
    count: messages.length,
    outOfScope: oos.length,
    outOfScopeRecall: r(oos.filter((m) => got(m) === 'out_of_scope').length / Math.max(1, oos.length)),
    inScope: inScope.length,
    inScopeAccuracy: r(inScope.filter((m) => got(m) === m.intent).length / Math.max(1, inScope.length)),
    accuracy: r(messages.filter((m) => got(m) === m.intent).length / Math.max(1, messages.length)),
  }
}

const lexiconFrom = (shops: readonly ShopSource[]): LexiconCue[] => LEXICON.filter((cue) => !cue.learnedFrom || cue.learnedFrom.some((s) => shops.includes(s)))

const data = Object.fromEntries(SHOPS.map((s) => [s, loadShop(s)])) as Record<ShopSource, ReturnType<typeof loadShop>>
const allMessages = SHOPS.flatMap((s) => data[s].messages)

const full = createMessageClassifier(LEXICON)
const rulesOnly = createMessageClassifier(LEXICON, null)
const coreOnly = createMessageClassifier(lexiconFrom([]), null)
const clinc = loadClinc()
const customerService = loadCustomerService()
const perShop = Object.fromEntries(SHOPS.map((s) => [s, evaluate(full, data[s].messages)]))
const overall = evaluate(full, allMessages)
/** The model trained without a shop's messages, per shop it was trained on. */
const crossModel = Object.fromEntries(SHOPS.map((s) => [s, trainShippedModel({ shops: [s] })])) as Record<ShopSource, IntentModel>
const crossShop = SHOPS.map((trainShop) => {
  const testShop = SHOPS.find((s) => s !== trainShop) as ShopSource
  return {
    developedOn: trainShop,
    testedOn: testShop,
    cues: lexiconFrom([trainShop]).length,
    ...evaluate(createMessageClassifier(lexiconFrom([trainShop]), crossModel[trainShop]), data[testShop].messages),
  }
})
// The tested shop split in halves by a hash of the message (issue 13 follow-up): the even half is
// where cross-shop misses are read (`--failures`), the odd half is only reported.
const half = (messages: readonly LabelledText[], parity: 0 | 1) => messages.filter((m) => hash(m.text) % 2 === parity)
const crossShopHalves = SHOPS.map((trainShop) => {
  const testShop = SHOPS.find((s) => s !== trainShop) as ShopSource
  const classify = createMessageClassifier(lexiconFrom([trainShop]), crossModel[trainShop])
  const rules = createMessageClassifier(lexiconFrom([trainShop]), null)
  const dev = half(data[testShop].messages, 0)
  const test = half(data[testShop].messages, 1)
  return {
    developedOn: trainShop,
    testedOn: testShop,
    dev: evaluate(classify, dev),
    test: evaluate(classify, test),
    devRulesOnly: evaluate(rules, dev),
    testRulesOnly: evaluate(rules, test),
    devMisses: dev
      .map((m) => ({ text: m.text, expected: m.intent, got: classify(m.text), rules: rules(m.text).intent }))
      .filter((r) => r.got.intent !== r.expected),
  }
})
// In-shop (issue 13): what the shipped classifier does on messages of a shop whose other messages
// it learned from, as a shop bot meets next week's shoppers. The shop's messages split by the same
// hash; the model trains on one half (+ CLINC, the other shop, the multilingual set, the lexicon);
// the rules keep the core cues and the OTHER shop's (this shop's learned cues were written from all
// its messages, so they would have seen the test half). Trained on the odd half, tested on the even
// half: dev (the model-over-cue threshold was chosen here). Trained on even, tested on odd: held out.
const inShop = SHOPS.map((shop) => {
  const other = SHOPS.find((s) => s !== shop) as ShopSource
  const rules = lexiconFrom([other])
  const messages = data[shop].messages
  const fold = (trainHalf: 0 | 1) =>
    evaluate(createMessageClassifier(rules, trainShippedModel({ shops: [other], also: half(messages, trainHalf) })), half(messages, trainHalf === 1 ? 0 : 1))
  return {
    shop,
    cuesFrom: other,
    dev: fold(1),
    test: fold(0),
    devRulesOnly: evaluate(createMessageClassifier(rules, null), half(messages, 0)),
    testRulesOnly: evaluate(createMessageClassifier(rules, null), half(messages, 1)),
  }
})
// Taught phrases (issue 13): a shop the rules and the model have never seen (the cross-shop
// classifier) whose merchant taught the bot some of its shoppers' messages in the inbox. Taught
// from one half (in a fixed shuffled order, the first N), tested on the other: taught from the odd
// half and tested on the even one is dev (TAUGHT's thresholds were chosen there); taught from even,
// tested on odd is held out.
const TAUGHT_COUNTS = [25, 50, 100, Number.POSITIVE_INFINITY]
const taughtRuns = SHOPS.map((shop) => {
  const other = SHOPS.find((s) => s !== shop) as ShopSource
  const classify = createMessageClassifier(lexiconFrom([other]), crossModel[other])
  const messages = data[shop].messages
  const run = (teachHalf: 0 | 1) => {
    const pool = [...half(messages, teachHalf)].sort((a, b) => hash(`taught:${a.text}`) - hash(`taught:${b.text}`))
    const test = half(messages, teachHalf === 1 ? 0 : 1)
    return TAUGHT_COUNTS.map((n) => {
      const taught = createPhraseMatcher(pool.slice(0, n))
      return { taught: Math.min(n, pool.length), ...evaluate((text) => classify(text, { taught }), test) }
    })
  }
  return { shop, cuesFrom: other, dev: run(1), test: run(0) }
})
const crossShopRulesOnly = SHOPS.map((trainShop) => {
  const testShop = SHOPS.find((s) => s !== trainShop) as ShopSource
  return { developedOn: trainShop, testedOn: testShop, ...evaluate(createMessageClassifier(lexiconFrom([trainShop]), null), data[testShop].messages) }
})
const scope = {
  clincDev: { rulesAndModel: scopeFigures(full, clinc.dev), rulesOnly: scopeFigures(rulesOnly, clinc.dev) },
  clincTest: { rulesAndModel: scopeFigures(full, clinc.test), rulesOnly: scopeFigures(rulesOnly, clinc.test) },
}
const customerServiceDev = { rulesAndModel: evaluate(full, customerService), rulesOnly: evaluate(rulesOnly, customerService) }
const customerServiceHoldoutSet = loadCustomerService('holdout')
// Only totals: its rows' errors are not printed, so no one tunes on them.
const customerServiceHoldout = Object.fromEntries(
  (
    [
      ['rulesAndModel', full],
      ['rulesOnly', rulesOnly],
    ] as const
  ).map(([k, c]) => {
    const { topConfusions: _hidden, ...m } = evaluate(c, customerServiceHoldoutSet)
    return [k, m]
  }),
) as Record<'rulesAndModel' | 'rulesOnly', Omit<IntentMetrics, 'topConfusions'>>
const coreBaseline = Object.fromEntries(SHOPS.map((s) => [s, evaluate(coreOnly, data[s].messages)]))

const fixture = parseFixtureLines(readFileSync(fixturePath, 'utf8'))
const fixtureRows = fixture.map((m) => ({ ...m, got: full(m.text) }))
const multilingualRulesOnly = scorePredictions(fixture.map((m) => ({ text: m.text, expected: m.intent, predicted: rulesOnly(m.text).intent })))
const multilingual = {
  ...scorePredictions(fixtureRows.map((r) => ({ text: r.text, expected: r.intent, predicted: r.got.intent }))),
  entityExactMatch:
    Math.round((fixtureRows.filter((r) => entityMismatches(r.entities, r.got.entities).length === 0).length / fixtureRows.length) * 1000) / 1000,
  byLanguage: Object.fromEntries(
    ['en', 'fr', 'es', 'pt', 'sw'].map((lang) => {
      const rows = fixtureRows.filter((r) => r.lang === lang)
      return [lang, { count: rows.length, accuracy: Math.round((rows.filter((r) => r.got.intent === r.intent).length / rows.length) * 1000) / 1000 }]
    }),
  ),
  entityErrors: fixtureRows
    .filter((r) => entityMismatches(r.entities, r.got.entities).length > 0)
    .map((r) => ({ text: r.text, expected: r.entities, got: r.got.entities })),
  intentErrors: fixtureRows.filter((r) => r.got.intent !== r.intent).map((r) => ({ text: r.text, expected: r.intent, got: r.got.intent })),
}

const report = {
  generatedAt: new Date().toISOString(),
  source:
    'hellohaptik/HINT3 dataset/v2/train (ODbL 1.0 + DbCL 1.0); clinc/oos-eval data_full.json train/val (CC BY 3.0); ../shared/data/chat. Splits: scripts/lib/intent-data.ts',
  labelMapping: HINT3_LABEL_TO_INTENT,
  excludedMessages: Object.fromEntries(SHOPS.map((s) => [s, data[s].excluded])),
  perShop,
  overall,
  crossShop,
  crossShopRulesOnly,
  crossShopHalves: crossShopHalves.map(({ devMisses, ...rest }) => ({ ...rest, devMisses: devMisses.length })),
  inShop,
  taught: taughtRuns.map((t) => ({
    ...t,
    dev: t.dev.map(({ topConfusions: _c, perIntent: _p, ...m }) => m),
    test: t.test.map(({ topConfusions: _c, perIntent: _p, ...m }) => m),
  })),
  coreOnlyBaseline: coreBaseline,
  scope,
  customerServiceDev,
  customerServiceHoldout,
  multilingual,
  multilingualRulesOnly,
}
mkdirSync(path.dirname(outPath), { recursive: true })
writeFileSync(outPath, `${JSON.stringify(report, null, 2)}\n`)

const pct = (n: number) => `${(n * 100).toFixed(1)}%`.padStart(7)
const line = (name: string, m: IntentMetrics) => `${name.padEnd(36)} ${String(m.count).padStart(5)} ${pct(m.accuracy)} ${pct(m.macroF1)}`
console.log(`${'set'.padEnd(36)} ${'n'.padStart(5)} ${'acc'.padStart(7)} ${'macroF1'.padStart(7)}`)
for (const s of SHOPS) console.log(line(`${s} (full lexicon)`, perShop[s]))
console.log(line('both shops (full lexicon)', overall))
for (const c of crossShop) console.log(line(`cross: ${c.developedOn} → ${c.testedOn}`, c))
for (const c of crossShopRulesOnly) console.log(line(`cross, rules only: ${c.developedOn} → ${c.testedOn}`, c))
for (const c of crossShopHalves) {
  console.log(line(`cross ${c.developedOn} → ${c.testedOn}, dev half`, c.dev))
  console.log(line(`cross ${c.developedOn} → ${c.testedOn}, test half`, c.test))
  console.log(line(`  rules only, dev half`, c.devRulesOnly))
  console.log(line(`  rules only, test half`, c.testRulesOnly))
}
for (const c of inShop) {
  console.log(line(`in-shop ${c.shop}, dev half`, c.dev))
  console.log(line(`in-shop ${c.shop}, test half`, c.test))
  console.log(line(`  rules only, dev half`, c.devRulesOnly))
  console.log(line(`  rules only, test half`, c.testRulesOnly))
}
for (const t of taughtRuns)
  for (const [k, runs] of [
    ['dev', t.dev],
    ['test', t.test],
  ] as const)
    for (const r of runs) console.log(line(`taught ${t.shop}, ${r.taught} phrases, ${k} half`, r))
console.log(line('customer-service dev set', customerServiceDev.rulesAndModel))
console.log(line('customer-service dev set, rules only', customerServiceDev.rulesOnly))
console.log(line('customer-service holdout (blind)', { ...customerServiceHoldout.rulesAndModel, topConfusions: [] }))
console.log(line('customer-service holdout, rules only', { ...customerServiceHoldout.rulesOnly, topConfusions: [] }))
for (const s of SHOPS) console.log(line(`${s} (core cues only)`, coreBaseline[s]))
console.log(line('multilingual fixture', multilingual))
console.log(
  `multilingual entity exact match: ${pct(multilingual.entityExactMatch)}; by language: ${Object.entries(multilingual.byLanguage)
    .map(([l, v]) => `${l} ${pct(v.accuracy).trim()}`)
    .join(', ')}`,
)
for (const [name, v] of Object.entries(scope))
  for (const [kind, f] of Object.entries(v))
    console.log(
      `${`${name} (${kind})`.padEnd(36)} ${String(f.count).padStart(5)}  out_of_scope recall ${pct(f.outOfScopeRecall)} (${f.outOfScope})  in-scope acc ${pct(f.inScopeAccuracy)} (${f.inScope})`,
    )
console.log('\ntop confusions, both shops (expected → predicted):')
for (const c of overall.topConfusions)
  console.log(`  ${String(c.count).padStart(3)}  ${c.expected} → ${c.predicted}   e.g. ${c.examples.map((e) => JSON.stringify(e)).join(', ')}`)
if (process.argv.includes('--failures'))
  for (const c of crossShopHalves)
    for (const r of c.devMisses)
      console.log(`  ${c.testedOn} dev miss: ${r.expected} → ${r.got.intent} ${r.got.confidence} (rules ${r.rules}) ${JSON.stringify(r.text)}`)
console.log(`\nwrote ${path.relative(repoRoot, outPath)}`)
