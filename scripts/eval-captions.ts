// npm run eval:captions – measures the rule-based caption parser on labelled captions.
//
// Sets:
//   craigslist      real 2017 seller posts (stanfordnlp/cocoa, MIT) from ../shared/data/captions/craigslist,
//                   title + description lines, labelled listing price in USD.
//   multicurrency   hand-labelled TikTok-style captions in workers/src/ingest/caption/fixtures.
//   v2              issue 13's cases (fixtures/captions-v2.jsonl): other currencies, shorthand, caps, codes.
//   v2 holdout      30 more such captions (fixtures/captions-v2-holdout.jsonl), written and committed
//                   before they were first run, never tuned on: only totals are printed.
//   cta-sentiment   seller captions in en/fr/es/pt/sw labelled with CTAs and a sentiment
//                   (fixtures/captions-cta-sentiment.jsonl): "dev" rows were used to build the rules,
//                   "holdout" rows were written and frozen before any rule change and never tuned on;
//                   "holdout2" rows were written after the phrase lists were final and measured once,
//                   then used to build the channel cues; "holdout3" after those, measured once blind
//                   (CTA F1 0.733), then its misses were read for the issue-13 follow-up (no longer
//                   blind); "holdout4" was written and committed before that follow-up, never tuned on;
//                   "holdout5" was written after it and measured once blind (CTA F1 0.792), then its
//                   misses were read for a second pass (no longer blind); "holdout6" was written and
//                   committed before that second pass, never tuned on.
//
// CTA metric: micro P/R/F1 over (caption, CTA type) pairs. Sentiment: accuracy over 3 classes
// (positive / neutral / negative), with per-class recall and a confusion table.
//
// Primary-price metric, per post with a label:
//   TP  the primary (first current) price equals the label within 0.5% (and, where the set
//       labels a currency, in that currency);
//   FP  a primary price was predicted and it is not the label (also: any price predicted on a
//       post labelled "no price");
//   FN  the label is present but the primary price is missing or wrong.
// So a wrong guess counts as both FP and FN. P = TP/(TP+FP), R = TP/(TP+FN).
//
// Proposal drafts (issue 11), on the same craigslist posts (title + description as the caption):
//   title detail   the seller's own title names the product; its "detail tokens" (anything with a
//                  digit: model numbers, sizes with units, years; and brand-cased words such as
//                  "iPhone") should survive into the proposed title, exactly as written.
//                  kept = found case-sensitively; miscased = found only ignoring case.
//   category       share of posts put in the taxonomy's category for the craigslist section
//                  (phone → phones, bike → sports, car → automotive; housing is not a product).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { toCaptionLine } from '../workers/src/ingest/caption/format-caption-line'
import { parseCaption } from '../workers/src/ingest/caption/parse-caption'
import { amountsWritten } from '../workers/src/ingest/caption/prices'
import { buildDraft } from '../workers/src/ingest/propose-product'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dataDir = path.resolve(repoRoot, '../shared/data')
const fixturePath = path.join(repoRoot, 'workers/src/ingest/caption/fixtures/captions-multicurrency.jsonl')
const outPath = path.join(repoRoot, 'bench/results/caption-eval.json')

type Counts = { n: number; tp: number; fp: number; fn: number }
type Scores = Counts & { precision: number; recall: number; f1: number }

const empty = (): Counts => ({ n: 0, tp: 0, fp: 0, fn: 0 })
function score(c: Counts): Scores {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0
  const r = (x: number) => Math.round(x * 1000) / 1000
  return { ...c, precision: r(precision), recall: r(recall), f1: r(f1) }
}
const close = (a: number, b: number) => Math.abs(a - b) <= 0.005 * Math.max(Math.abs(a), Math.abs(b))

function countPrimary(c: Counts, predicted: { amount: number; currency: string } | undefined, label: { amount: number; currency?: string } | undefined) {
  c.n++
  const correct = !!predicted && !!label && close(predicted.amount, label.amount) && (!label.currency || label.currency === predicted.currency)
  if (correct) c.tp++
  else {
    if (predicted) c.fp++
    if (label) c.fn++
  }
}

function countSet(c: Counts, predicted: readonly string[], expected: readonly string[]) {
  c.n++
  const p = new Set(predicted.map((x) => x.toUpperCase()))
  const e = new Set(expected.map((x) => x.toUpperCase()))
  for (const x of p) e.has(x) ? c.tp++ : c.fp++
  for (const x of e) if (!p.has(x)) c.fn++
}

type CraigslistPost = { title: string; description: string[]; category: string; price: number }

function evalCraigslist() {
  const dir = path.join(dataDir, 'captions/craigslist')
  const files = readdirSync(dir)
    .filter((f) => /^craigslist_.*\.json$/.test(f))
    .sort()
  const byCategory: Record<string, Counts> = {}
  const reachable: Record<string, Counts> = {}
  const overall = empty()
  const overallReachable = empty()
  const misses: Array<{ category: string; label: number; predicted: number | null; text: string }> = []
  for (const f of files) {
    const posts = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as CraigslistPost[]
    for (const post of posts) {
      if (!(post.price > 0)) continue
      const text = `${post.title}\n${post.description.join('\n')}`
      const primary = toCaptionLine('x', parseCaption(text, { defaultCurrency: 'USD' })).prices.find((p) => !p.compareAt)
      const label = { amount: post.price, currency: 'USD' }
      const cat = post.category
      byCategory[cat] ??= empty()
      countPrimary(byCategory[cat], primary, label)
      countPrimary(overall, primary, label)
      // "Reachable": the labelled amount is written somewhere in the post at all.
      if (amountsWritten(text).some((a) => close(a, post.price))) {
        reachable[cat] ??= empty()
        countPrimary(reachable[cat], primary, label)
        countPrimary(overallReachable, primary, label)
      }
      if (primary && !close(primary.amount, post.price) && misses.length < 40 && misses.length < overall.fp)
        misses.push({ category: cat, label: post.price, predicted: primary.amount, text: text.slice(0, 160) })
    }
  }
  return {
    source: 'stanfordnlp/cocoa craigslistbargain (MIT), ../shared/data/captions/craigslist',
    overall: score(overall),
    byCategory: Object.fromEntries(Object.entries(byCategory).map(([k, v]) => [k, score(v)])),
    labelWrittenInText: {
      overall: score(overallReachable),
      byCategory: Object.fromEntries(Object.entries(reachable).map(([k, v]) => [k, score(v)])),
    },
    sampleWrongPrimaries: misses,
  }
}

const EXPECTED_CATEGORY: Record<string, string> = { phone: 'phones', bike: 'sports', car: 'automotive' }

/** Tokens of a seller's title that carry detail: a digit (not a price), or brand casing ("iPhone", "eBay"). */
function detailTokens(title: string): string[] {
  return [...title.matchAll(/[\p{L}\p{N}][\p{L}\p{N}."'-]*[\p{L}\p{N}"]|[\p{N}]/gu)]
    .map((m) => m[0])
    .filter((t) => !/^\$/.test(t) && !/^\d{5,}$/.test(t) && (/\d/.test(t) || /^\p{Ll}+\p{Lu}/u.test(t)))
}

function evalProposals() {
  const dir = path.join(dataDir, 'captions/craigslist')
  const files = readdirSync(dir)
    .filter((f) => /^craigslist_.*\.json$/.test(f))
    .sort()
  const title = { posts: 0, tokens: 0, kept: 0, miscased: 0 }
  const category: Record<string, { n: number; correct: number; other: number }> = {}
  const samples: Array<{ seller: string; proposed: string; missing: string[] }> = []
  for (const f of files) {
    for (const post of JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as CraigslistPost[]) {
      const text = `${post.title}\n${post.description.join('\n')}`
      const u = parseCaption(text, { defaultCurrency: 'USD' })
      const draft = buildDraft(text, u, 'TikTok video', 'USD')
      const want = EXPECTED_CATEGORY[post.category]
      if (want) {
        category[post.category] ??= { n: 0, correct: 0, other: 0 }
        const c = category[post.category]
        c.n++
        if (draft.category === want) c.correct++
        if (draft.category === 'other') c.other++
      }
      const tokens = detailTokens(post.title)
      if (!tokens.length) continue
      title.posts++
      const missing: string[] = []
      for (const t of tokens) {
        title.tokens++
        if (draft.title.includes(t)) title.kept++
        else {
          if (draft.title.toLowerCase().includes(t.toLowerCase())) title.miscased++
          missing.push(t)
        }
      }
      if (missing.length && samples.length < 25) samples.push({ seller: post.title, proposed: draft.title, missing })
    }
  }
  const r = (x: number) => Math.round(x * 1000) / 1000
  return {
    source: 'stanfordnlp/cocoa craigslistbargain (MIT), ../shared/data/captions/craigslist',
    titleDetail: { ...title, keptRate: r(title.kept / title.tokens), miscasedRate: r(title.miscased / title.tokens) },
    category: Object.fromEntries(Object.entries(category).map(([k, v]) => [k, { ...v, accuracy: r(v.correct / v.n), otherRate: r(v.other / v.n) }])),
    sampleTitleMisses: samples,
  }
}

type FixtureLine = {
  id: string
  /** "holdout": written after the rules were frozen, never used to adjust them. */
  split?: 'dev' | 'holdout'
  text: string
  currency?: string
  expected: { prices: Array<{ amount: number; currency: string; compareAt?: boolean }>; ctas: string[]; codes: string[] }
}

function evalMulticurrency(split: 'dev' | 'holdout', file = fixturePath) {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
  const price = empty()
  const compareAt = empty()
  const ctas = empty()
  const codes = empty()
  const byCurrency: Record<string, Counts> = {}
  const failures: Array<{ id: string; expected: unknown; got: unknown }> = []
  for (const l of lines) {
    const fx = JSON.parse(l) as FixtureLine
    if ((fx.split ?? 'dev') !== split) continue
    const line = toCaptionLine(fx.id, parseCaption(fx.text, { defaultCurrency: fx.currency ?? 'USD' }))
    const primary = line.prices.find((p) => !p.compareAt)
    const label = fx.expected.prices.find((p) => !p.compareAt)
    countPrimary(price, primary, label)
    const cur = fx.currency ?? 'USD'
    byCurrency[cur] ??= empty()
    countPrimary(byCurrency[cur], primary, label)
    const fmt = (ps: Array<{ amount: number; currency: string; compareAt?: boolean }>) => ps.filter((p) => p.compareAt).map((p) => `${p.amount} ${p.currency}`)
    countSet(compareAt, fmt(line.prices), fmt(fx.expected.prices))
    countSet(ctas, line.ctas, fx.expected.ctas)
    countSet(codes, line.codes, fx.expected.codes)
    const primaryOk = primary && label ? close(primary.amount, label.amount) && primary.currency === label.currency : !primary && !label
    if (!primaryOk) failures.push({ id: fx.id, expected: label ?? null, got: primary ?? null })
  }
  return {
    source: path.relative(repoRoot, file),
    split,
    primaryPrice: score(price),
    primaryPriceByCurrency: Object.fromEntries(Object.entries(byCurrency).map(([k, v]) => [k, score(v)])),
    compareAt: score(compareAt),
    ctas: score(ctas),
    codes: score(codes),
    primaryPriceFailures: failures,
  }
}

type CtaSplit = 'dev' | 'holdout' | 'holdout2' | 'holdout3' | 'holdout4' | 'holdout5' | 'holdout6'
type CtaSentimentLine = { id: string; split: CtaSplit; lang: string; text: string; ctas: string[]; sentiment: string }
const ctaSentimentPath = path.join(repoRoot, 'workers/src/ingest/caption/fixtures/captions-cta-sentiment.jsonl')

function evalCtaSentiment(split: CtaSplit) {
  const rows = readFileSync(ctaSentimentPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CtaSentimentLine)
    .filter((r) => r.split === split)
  const ctas = empty()
  const ctasByLang: Record<string, Counts> = {}
  const sentiment = { n: 0, correct: 0 }
  const sentimentByLang: Record<string, { n: number; correct: number }> = {}
  const confusion: Record<string, Record<string, number>> = {}
  const failures: Array<{ id: string; ctas?: { expected: string[]; got: string[] }; sentiment?: { expected: string; got: string } }> = []
  for (const r of rows) {
    const line = toCaptionLine(r.id, parseCaption(r.text, { defaultCurrency: 'USD' }))
    countSet(ctas, line.ctas, r.ctas)
    ctasByLang[r.lang] ??= empty()
    countSet(ctasByLang[r.lang], line.ctas, r.ctas)
    const ok = line.sentiment === r.sentiment
    sentiment.n++
    sentimentByLang[r.lang] ??= { n: 0, correct: 0 }
    sentimentByLang[r.lang].n++
    if (ok) {
      sentiment.correct++
      sentimentByLang[r.lang].correct++
    }
    confusion[r.sentiment] ??= {}
    confusion[r.sentiment][line.sentiment] = (confusion[r.sentiment][line.sentiment] ?? 0) + 1
    const ctaOk = [...line.ctas].sort().join() === [...r.ctas].sort().join()
    if (!ctaOk || !ok)
      failures.push({
        id: r.id,
        ...(ctaOk ? {} : { ctas: { expected: r.ctas, got: line.ctas } }),
        ...(ok ? {} : { sentiment: { expected: r.sentiment, got: line.sentiment } }),
      })
  }
  const acc = (x: { n: number; correct: number }) => ({ ...x, accuracy: x.n ? Math.round((x.correct / x.n) * 1000) / 1000 : 0 })
  return {
    source: path.relative(repoRoot, ctaSentimentPath),
    split,
    ctas: score(ctas),
    ctasByLanguage: Object.fromEntries(Object.entries(ctasByLang).map(([k, v]) => [k, score(v)])),
    sentiment: acc(sentiment),
    sentimentByLanguage: Object.fromEntries(Object.entries(sentimentByLang).map(([k, v]) => [k, acc(v)])),
    sentimentConfusion: confusion,
    // Failures are listed only for splits that are no longer blind, so no one reads (and tunes on) the held-out ones.
    failures: split === 'holdout4' || split === 'holdout6' || split === 'holdout' ? failures.length : failures,
  }
}

const craigslist = evalCraigslist()
const multicurrency = evalMulticurrency('dev')
const holdout = evalMulticurrency('holdout')
// Issue 13 set: currencies outside the old table, dollar prefixes, shorthand, caps, codes (written
// while building those rules, so a development set).
const v2 = evalMulticurrency('dev', path.join(repoRoot, 'workers/src/ingest/caption/fixtures/captions-v2.jsonl'))
const v2HoldoutAll = evalMulticurrency('holdout', path.join(repoRoot, 'workers/src/ingest/caption/fixtures/captions-v2-holdout.jsonl'))
// Primary prices in a currency other than the label's (the "0 wrong currency" goal).
const wrongCurrency = (fs: Array<{ expected: unknown; got: unknown }>) =>
  fs.filter((f) => {
    const e = f.expected as { currency: string } | null
    const g = f.got as { currency: string } | null
    return e && g && e.currency !== g.currency
  }).length
const { primaryPriceFailures: v2HoldoutFailures, ...v2HoldoutTotals } = v2HoldoutAll
const v2Holdout = { ...v2HoldoutTotals, wrongCurrency: wrongCurrency(v2HoldoutFailures), primaryPriceFailures: v2HoldoutFailures.length }
const proposals = evalProposals()
const ctaSentimentDev = evalCtaSentiment('dev')
const ctaSentimentHoldout = evalCtaSentiment('holdout')
// Written after the phrase-list rules were final (commit 55d1584) and measured once (CTA F1 0.696);
// its misses then shaped the compositional channel cues, so it is no longer blind.
const ctaSentimentHoldout2 = evalCtaSentiment('holdout2')
// Written after the channel cues were final and measured once blind (CTA F1 0.733); its misses were
// then read to generalise the cues (issue 13 follow-up), so it is no longer blind either.
const ctaSentimentHoldout3 = evalCtaSentiment('holdout3')
// Written and committed before that follow-up; never tuned on, only its totals are printed.
const ctaSentimentHoldout4 = evalCtaSentiment('holdout4')
// Written after the follow-up's rules were final and measured once blind (CTA F1 0.792); its misses
// were then read for a second pass, so it is no longer blind.
const ctaSentimentHoldout5 = evalCtaSentiment('holdout5')
// Written and committed before that second pass; never tuned on, only totals printed.
const ctaSentimentHoldout6 = evalCtaSentiment('holdout6')
mkdirSync(path.dirname(outPath), { recursive: true })
writeFileSync(
  outPath,
  `${JSON.stringify({ generatedAt: new Date().toISOString(), craigslist, multicurrency, multicurrencyHoldout: holdout, v2, v2Holdout, proposals, ctaSentiment: { dev: ctaSentimentDev, holdout: ctaSentimentHoldout, holdout2: ctaSentimentHoldout2, holdout3: ctaSentimentHoldout3, holdout4: ctaSentimentHoldout4, holdout5: ctaSentimentHoldout5, holdout6: ctaSentimentHoldout6 } }, null, 2)}\n`,
)

const row = (name: string, s: Scores) =>
  `${name.padEnd(34)} ${String(s.n).padStart(5)} ${String(s.tp).padStart(5)} ${String(s.fp).padStart(5)} ${String(s.fn).padStart(5)}  ${s.precision.toFixed(3)}  ${s.recall.toFixed(3)}  ${s.f1.toFixed(3)}`
console.log(`${'set'.padEnd(34)} ${'n'.padStart(5)} ${'TP'.padStart(5)} ${'FP'.padStart(5)} ${'FN'.padStart(5)}  P      R      F1`)
console.log(row('craigslist primary price', craigslist.overall))
for (const [k, v] of Object.entries(craigslist.byCategory)) console.log(row(`  ${k}`, v))
console.log(row('craigslist, label written in text', craigslist.labelWrittenInText.overall))
for (const [k, v] of Object.entries(craigslist.labelWrittenInText.byCategory)) console.log(row(`  ${k}`, v))
console.log(row('multicurrency (dev) primary price', multicurrency.primaryPrice))
console.log(row('multicurrency compare-at prices', multicurrency.compareAt))
console.log(row('multicurrency CTAs', multicurrency.ctas))
console.log(row('multicurrency discount codes', multicurrency.codes))
console.log(row('holdout primary price', holdout.primaryPrice))
console.log(row('holdout compare-at prices', holdout.compareAt))
console.log(row('holdout CTAs', holdout.ctas))
console.log(row('holdout discount codes', holdout.codes))
console.log(row('v2 (dev) primary price', v2.primaryPrice))
console.log(row('v2 compare-at prices', v2.compareAt))
console.log(row('v2 discount codes', v2.codes))
console.log(row('v2 holdout primary price', v2Holdout.primaryPrice))
console.log(row('v2 holdout compare-at prices', v2Holdout.compareAt))
console.log(row('v2 holdout discount codes', v2Holdout.codes))
console.log(`v2 holdout primary prices in a wrong currency: ${v2Holdout.wrongCurrency}; v2 (dev): ${wrongCurrency(v2.primaryPriceFailures)}`)
for (const [name, r] of [
  ['cta-sentiment (dev)', ctaSentimentDev],
  ['cta-sentiment (holdout)', ctaSentimentHoldout],
  ['cta-sentiment (holdout2)', ctaSentimentHoldout2],
  ['cta-sentiment (holdout3)', ctaSentimentHoldout3],
  ['cta-sentiment (holdout4)', ctaSentimentHoldout4],
  ['cta-sentiment (holdout5)', ctaSentimentHoldout5],
  ['cta-sentiment (holdout6)', ctaSentimentHoldout6],
] as const) {
  console.log(row(`${name} CTAs`, r.ctas))
  for (const [k, v] of Object.entries(r.ctasByLanguage)) console.log(row(`  ${k}`, v))
  const byLang = Object.entries(r.sentimentByLanguage)
    .map(([k, v]) => `${k} ${v.accuracy.toFixed(3)}`)
    .join(', ')
  console.log(`${name} sentiment accuracy ${r.sentiment.accuracy.toFixed(3)} (${r.sentiment.correct}/${r.sentiment.n}; ${byLang})`)
}
if (process.argv.includes('--failures'))
  for (const [name, r] of [
    ['dev', ctaSentimentDev],
    ['holdout2', ctaSentimentHoldout2],
    ['holdout3', ctaSentimentHoldout3],
    ['holdout5', ctaSentimentHoldout5],
  ] as const)
    if (Array.isArray(r.failures)) for (const f of r.failures) console.log(`  ${name} miss: ${JSON.stringify(f)}`)
for (const f of [...multicurrency.primaryPriceFailures, ...holdout.primaryPriceFailures, ...v2.primaryPriceFailures])
  console.log(`  wrong primary: ${JSON.stringify(f)}`)
const t = proposals.titleDetail
console.log(
  `\nproposal titles: ${t.posts} posts, ${t.tokens} detail tokens in seller titles; kept ${t.kept} (${t.keptRate}), miscased ${t.miscased} (${t.miscasedRate})`,
)
for (const [k, v] of Object.entries(proposals.category))
  console.log(`proposal category  ${k.padEnd(6)} n=${v.n} accuracy ${v.accuracy.toFixed(3)}  "other" ${v.otherRate.toFixed(3)}`)
console.log(`\nwrote ${path.relative(repoRoot, outPath)}`)
