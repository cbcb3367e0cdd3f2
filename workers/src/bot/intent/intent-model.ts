// A small learned intent model beside the rules: multinomial logistic regression over word
// unigrams, word bigrams and character 3/4-grams of words. Trained by `scripts/train-intents.ts`
// from public data (CLINC150 train, HINT3 train, our multilingual fixture) and shipped as
// `intent-model.json`. Pure TS, no I/O: it runs in the Worker and in Node alike.

import { INTENTS, type Intent } from './intents'
import { tokenise } from './normalise'

/**
 * The shipped form. Per feature, the classes it moves as "classIndex:weight×10" pairs separated by
 * spaces ("3:12 7:-4" = +1.2 for class 3, −0.4 for class 7): compact JSON that type-checks fast.
 */
export interface IntentModel {
  version: 1
  classes: Intent[]
  bias: number[]
  /** Softmax temperature fitted on a development split so probabilities are calibrated. */
  temperature: number
  features: Record<string, string>
}

const decoded = new WeakMap<IntentModel, Map<string, [number, number][]>>()

function weightsOf(model: IntentModel): Map<string, [number, number][]> {
  let map = decoded.get(model)
  if (!map) {
    map = new Map()
    for (const [f, packed] of Object.entries(model.features)) {
      map.set(
        f,
        packed.split(' ').map((pair) => {
          const [c, w] = pair.split(':')
          return [Number(c), Number(w) / 10]
        }),
      )
    }
    decoded.set(model, map)
  }
  return map
}

export interface LabelledText {
  text: string
  intent: Intent
  /** Example weight (class balancing); 1 when absent. */
  weight?: number
}

/** Features of one message: deduplicated, so each counts once. */
export function messageFeatures(text: string): string[] {
  const tokens = tokenise(text).map((t) => t.replace(/\d+/g, '0'))
  const out = new Set<string>()
  out.add('_bias_len_' + Math.min(tokens.length, 8))
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i] as string
    out.add(`w:${w}`)
    if (i + 1 < tokens.length) out.add(`b:${w}_${tokens[i + 1]}`)
    const padded = `<${w}>`
    for (const n of [3]) for (let k = 0; k + n <= padded.length; k++) out.add(`c:${padded.slice(k, k + n)}`)
  }
  return [...out]
}

function softmax(scores: number[], temperature = 1): number[] {
  const max = Math.max(...scores)
  const exps = scores.map((s) => Math.exp((s - max) / temperature))
  const sum = exps.reduce((a, b) => a + b, 0)
  return exps.map((e) => e / sum)
}

export interface ModelPrediction {
  intent: Intent
  probability: number
  /** Probability of every class the model knows. */
  probabilities: Partial<Record<Intent, number>>
}

/** Raw class scores (before softmax) of a message. */
function rawScores(model: IntentModel, text: string): number[] {
  const scores = [...model.bias]
  const weights = weightsOf(model)
  for (const f of messageFeatures(text)) {
    const ws = weights.get(f)
    if (!ws) continue
    for (const [c, w] of ws) scores[c] = (scores[c] as number) + w
  }
  return scores
}

export function predictIntent(model: IntentModel, text: string, temperature = model.temperature): ModelPrediction {
  const probs = softmax(rawScores(model, text), temperature)
  let best = 0
  for (let c = 1; c < probs.length; c++) if ((probs[c] as number) > (probs[best] as number)) best = c
  const probabilities: Partial<Record<Intent, number>> = {}
  model.classes.forEach((c, i) => {
    probabilities[c] = probs[i] as number
  })
  return { intent: model.classes[best] as Intent, probability: probs[best] as number, probabilities }
}

export interface TrainOptions {
  epochs?: number
  learningRate?: number
  l2?: number
  /** Features seen in fewer training messages are dropped. */
  minCount?: number
  /** Weights smaller than this are dropped from the shipped model. */
  prune?: number
  seed?: number
}

/** Deterministic PRNG (mulberry32), so a training run is reproducible. */
function rng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Trains the model with AdaGrad SGD on the softmax loss (L2-regularised). */
export function trainIntentModel(examples: readonly LabelledText[], options: TrainOptions = {}): IntentModel {
  const { epochs = 8, learningRate = 0.3, l2 = 1e-5, minCount = 3, prune = 0.25, seed = 13 } = options
  const classes = INTENTS.filter((i) => examples.some((e) => e.intent === i))
  const classIndex = new Map(classes.map((c, i) => [c, i]))
  const K = classes.length
  const featureLists = examples.map((e) => messageFeatures(e.text))
  const counts = new Map<string, number>()
  for (const fs of featureLists) for (const f of fs) counts.set(f, (counts.get(f) ?? 0) + 1)
  const vocab = new Map<string, number>()
  for (const [f, n] of counts) if (n >= minCount) vocab.set(f, vocab.size)
  const W = new Float64Array(vocab.size * K)
  const G = new Float64Array(vocab.size * K).fill(1e-8)
  const bias = new Float64Array(K)
  const gBias = new Float64Array(K).fill(1e-8)
  const encoded = featureLists.map((fs) => fs.map((f) => vocab.get(f)).filter((i): i is number => i !== undefined))
  const order = examples.map((_, i) => i)
  const random = rng(seed)
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[order[i], order[j]] = [order[j] as number, order[i] as number]
    }
    for (const n of order) {
      const ex = examples[n] as LabelledText
      const feats = encoded[n] as number[]
      const y = classIndex.get(ex.intent) as number
      const weight = ex.weight ?? 1
      const scores = Array.from(bias)
      for (const f of feats) for (let c = 0; c < K; c++) scores[c] = (scores[c] as number) + (W[f * K + c] as number)
      const p = softmax(scores)
      for (let c = 0; c < K; c++) {
        const g = weight * ((p[c] as number) - (c === y ? 1 : 0))
        gBias[c] = (gBias[c] as number) + g * g
        bias[c] = (bias[c] as number) - (learningRate * g) / Math.sqrt(gBias[c] as number)
        if (Math.abs(g) < 1e-6) continue
        for (const f of feats) {
          const k = f * K + c
          const gk = g + l2 * (W[k] as number)
          G[k] = (G[k] as number) + gk * gk
          W[k] = (W[k] as number) - (learningRate * gk) / Math.sqrt(G[k] as number)
        }
      }
    }
  }
  const features: IntentModel['features'] = {}
  const round = (x: number) => Math.round(x * 100) / 100
  for (const [f, idx] of vocab) {
    const ws: string[] = []
    for (let c = 0; c < K; c++) {
      const w = Math.round((W[idx * K + c] as number) * 10)
      if (Math.abs(w) >= prune * 10 && w !== 0) ws.push(`${c}:${w}`)
    }
    if (ws.length) features[f] = ws.join(' ')
  }
  return { version: 1, classes, bias: Array.from(bias, round), temperature: 1, features }
}

/**
 * Fits the softmax temperature on held-apart development messages (grid search on the log
 * loss), so "0.9" means right about nine times in ten on messages the model did not train on.
 */
export function fitTemperature(model: IntentModel, dev: readonly LabelledText[]): number {
  let best = 1
  let bestLoss = Number.POSITIVE_INFINITY
  const scored = dev.filter((d) => model.classes.includes(d.intent)).map((d) => ({ s: rawScores(model, d.text), y: model.classes.indexOf(d.intent) }))
  for (let t = 0.5; t <= 4.001; t += 0.1) {
    let loss = 0
    for (const { s, y } of scored) loss -= Math.log(Math.max(1e-9, softmax(s, t)[y] as number))
    if (loss < bestLoss) {
      bestLoss = loss
      best = Math.round(t * 10) / 10
    }
  }
  return best
}
