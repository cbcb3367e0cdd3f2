// Entity extraction: product query, size, colour, price bounds and order reference.
// Regex and word lists over the folded text; pure TS, safe in a Worker.

import type { MessageEntities } from './intents'
import { foldText, tokenise } from './normalise'

// ── colour ────────────────────────────────────────────────────────────────────

/** Folded colour word in EN/FR/ES/PT/SW → the English name the catalog search uses. */
const COLOUR_WORDS: Record<string, string> = {}
const COLOUR_NAMES: Record<string, readonly string[]> = {
  red: [
    'red',
    'rouge',
    'rouges',
    'rojo',
    'roja',
    'rojos',
    'rojas',
    'vermelho',
    'vermelha',
    'vermelhos',
    'vermelhas',
    'nyekundu',
    'wekundu',
    'vyekundu',
    'mwekundu',
    'jekundu',
  ],
  blue: ['blue', 'bleu', 'bleue', 'bleus', 'azul', 'azules', 'azuis', 'bluu', 'samawati'],
  green: ['green', 'vert', 'verte', 'verts', 'verde', 'verdes', 'kijani'],
  black: ['black', 'noir', 'noire', 'noirs', 'negro', 'negra', 'negros', 'negras', 'preto', 'preta', 'pretos', 'pretas', 'nyeusi', 'mweusi', 'vyeusi', 'jeusi'],
  white: ['white', 'blanc', 'blanche', 'blancs', 'blanco', 'blanca', 'blancos', 'branco', 'branca', 'brancos', 'nyeupe', 'mweupe', 'vyeupe', 'jeupe'],
  yellow: ['yellow', 'jaune', 'jaunes', 'amarillo', 'amarilla', 'amarelo', 'amarela', 'njano'],
  pink: ['pink', 'rose', 'roses', 'rosa', 'rosado', 'pinki'],
  purple: ['purple', 'violet', 'violette', 'morado', 'morada', 'roxo', 'roxa', 'zambarau'],
  orange: ['orange', 'naranja', 'laranja', 'machungwa'],
  brown: ['brown', 'marron', 'brun', 'brune', 'castanho', 'kahawia'],
  grey: ['grey', 'gray', 'gris', 'cinza', 'kijivu'],
  beige: ['beige', 'bege'],
  navy: ['navy'],
  gold: ['gold', 'golden', 'dore', 'doree', 'dorado', 'dorada', 'dourado', 'dourada', 'dhahabu'],
  silver: ['silver', 'argente', 'plateado', 'plateada', 'prateado', 'prateada'],
  maroon: ['maroon'],
  khaki: ['khaki', 'kaki'],
  turquoise: ['turquoise', 'turquesa'],
}
for (const [english, words] of Object.entries(COLOUR_NAMES)) {
  for (const w of words) {
    COLOUR_WORDS[w] = english
    // plurals of the Romance forms: "noires", "blancas", "verdes"
    if (!w.endsWith('s') && !/[iu]$/.test(w)) COLOUR_WORDS[`${w}s`] ??= english
  }
}

export function extractColour(tokens: readonly string[]): string | undefined {
  for (const t of tokens) {
    const colour = COLOUR_WORDS[t]
    if (colour) return colour
  }
  return undefined
}

// ── size ──────────────────────────────────────────────────────────────────────

const SIZE_WORD = '(?:size|sz|taille|talla|tamano|tamanho|saizi|numero|pointure)'
const LETTER_SIZE = '(?:xxxl|xxl|xl|[2-5]xl|xxs|xs|s|m|l)'
const SIZE_AFTER_WORD = new RegExp(`\\b${SIZE_WORD}(?:\\s+|\\s*[:#-]\\s*)(\\d{1,2}(?:[.,]5)?|${LETTER_SIZE}|small|medium|large|extra large)\\b`)
const STANDALONE_LETTER_SIZE = /\b(xxxl|xxl|xl|[2-5]xl|xxs|xs)\b/
const BED_SIZE = /\b(super king|california king|king|queen|double|single|twin|full)[\s-]*(?:size|sized)\b/
const DIMENSIONS = /\b(\d{1,3}(?:\.\d)?)\s*[x*×]\s*(\d{1,3}(?:\.\d)?)\b/

export function extractSize(folded: string): string | undefined {
  const bed = BED_SIZE.exec(folded)
  if (bed) return bed[1]
  const worded = SIZE_AFTER_WORD.exec(folded)
  if (worded) {
    const v = worded[1].replace(',', '.')
    return /^\d/.test(v) ? v : v.length <= 4 ? v.toUpperCase() : v
  }
  const letter = STANDALONE_LETTER_SIZE.exec(folded)
  if (letter) return letter[1].toUpperCase()
  const dims = DIMENSIONS.exec(folded)
  if (dims) return `${dims[1]}x${dims[2]}`
  return undefined
}

// ── price bounds ──────────────────────────────────────────────────────────────

const CURRENCY =
  '(?:\\$|usd|us\\$|r\\$|€|eur|euros?|£|gbp|₦|ngn|naira|₹|rs\\.?|inr|rupees?|ksh\\.?|kes|kshs|tsh|tzs|ugx|shillings?|shilingi|dollars?|dolares|reais|pesos|francs?|cfa|fcfa|xof|bob)'
const NUMBER = '(\\d{1,3}(?:[ ,.]\\d{3})+|\\d+(?:[.,]\\d+)?)\\s*(k|m|mil)?\\b'
const AMOUNT = `(?:${CURRENCY}\\s*)?${NUMBER}(?:\\s*${CURRENCY})?`
/** Units that make a number a quantity, not money ("within 3 days", "over 2 kg"). */
const NOT_MONEY_AFTER =
  /^\s*(?:days?|weeks?|months?|hours?|hrs?|mins?|minutes?|years?|kgs?|kilos?|g|grams?|km|cm|mm|m|inch(?:es)?|ft|feet|nights?|pcs|pieces?|items?|siku|wiki|jours?|semaines?|dias?|semanas?|horas?|meses|anos?|%)\b/

const MAX_WORDS = [
  'under',
  'below',
  'less than',
  'cheaper than',
  'not more than',
  'no more than',
  'up to',
  'upto',
  'max',
  'maximum',
  'at most',
  'within',
  'budget(?: of| is)?',
  'lower than',
  'beneath',
  '<',
  '<=',
  'moins de',
  'moins que',
  'en dessous de',
  'au dessous de',
  'inferieur a',
  'jusqu a',
  'pas plus de',
  'maximum de',
  'menos de',
  'menos que',
  'por debajo de',
  'hasta',
  'maximo',
  'no mas de',
  'abaixo de',
  'ate',
  'no maximo',
  'menos de',
  'nao mais de',
  'chini ya',
  'isiyozidi',
  'si zaidi ya',
  'hadi',
  'mpaka',
]
const MIN_WORDS = [
  'over',
  'above',
  'more than',
  'at least',
  'min',
  'minimum',
  'starting at',
  'from',
  'greater than',
  '>',
  '>=',
  'plus de',
  'au dessus de',
  'au moins',
  'a partir de',
  'superieur a',
  'mas de',
  'encima de',
  'al menos',
  'desde',
  'minimo',
  'mais de',
  'acima de',
  'pelo menos',
  'a partir de',
  'zaidi ya',
  'juu ya',
  'kuanzia',
]
const RANGE = new RegExp(`\\b(?:between|entre|kati ya|from|de|desde|kuanzia)\\s+${AMOUNT}\\s*(?:and|et|y|e|na|to|a|-|hadi|mpaka)\\s*${AMOUNT}`)
const BARE_RANGE = new RegExp(`${CURRENCY}\\s*${NUMBER}\\s*(?:-|to)\\s*${CURRENCY}?\\s*${NUMBER}`)

function boundPattern(words: readonly string[]): RegExp {
  const alts = words.map((w) => w.replace(/ /g, '\\s+')).join('|')
  return new RegExp(`(?:^|[^\\p{L}])(?:${alts})\\s*(?:of\\s+|de\\s+)?${AMOUNT}`, 'gu')
}
const MAX_PATTERN = boundPattern(MAX_WORDS)
const MIN_PATTERN = boundPattern(MIN_WORDS)

/** "5,000" → 5000, "1.5" → 1.5, "5.000" → 5000, with k/m multipliers. */
export function parseAmount(digits: string, multiplier: string | undefined): number {
  let n: number
  if (/^\d{1,3}(?:[ ,.]\d{3})+$/.test(digits)) n = Number(digits.replace(/[ ,.]/g, ''))
  else n = Number(digits.replace(',', '.'))
  if (multiplier === 'k') n *= 1000
  else if (multiplier === 'm' || multiplier === 'mil') n *= multiplier === 'mil' ? 1000 : 1_000_000
  return n
}

/** Bound words that are also parts of model names ("Air Max 90", "iPhone 13 Pro Max 256"). */
const NAME_BOUND_WORDS = new Set(['max', 'min', 'maximum', 'minimum'])

/**
 * Whether a bound match like "max 90" is a model name: the bound word follows a product word
 * ("air max 90", not "shoes, max 5000" with a currency or a big number), carries no currency or
 * k/m multiplier, and the number is below 1000.
 */
function isModelName(folded: string, m: RegExpExecArray): boolean {
  const lead = /^[^\p{L}<>]*/u.exec(m[0])?.[0].length ?? 0
  const word = /^\p{L}+/u.exec(m[0].slice(lead))?.[0]
  if (!word || !NAME_BOUND_WORDS.has(word)) return false
  const before = folded
    .slice(0, m.index + lead)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .pop()
  if (!before || /\d/.test(before) || NOT_PRODUCT.has(before) || COLOUR_WORDS[before]) return false
  const rest = m[0].slice(lead + word.length)
  if (/[^\s\d.,]/.test(rest)) return false
  return parseAmount(m[1], m[2]) < 1000
}

function firstBound(pattern: RegExp, folded: string): number | undefined {
  pattern.lastIndex = 0
  for (let m = pattern.exec(folded); m; m = pattern.exec(folded)) {
    const after = folded.slice(m.index + m[0].length)
    // "m" right after a number is metres only when no currency was given; the regex already took it as million.
    if (NOT_MONEY_AFTER.test(after)) continue
    if (isModelName(folded, m)) continue
    const n = parseAmount(m[1], m[2])
    if (Number.isFinite(n)) return n
  }
  return undefined
}

export function extractPriceBounds(folded: string): { minPrice?: number; maxPrice?: number } {
  const range = RANGE.exec(folded) ?? BARE_RANGE.exec(folded)
  if (range && !NOT_MONEY_AFTER.test(folded.slice(range.index + range[0].length))) {
    const a = parseAmount(range[1], range[2])
    const b = parseAmount(range[3], range[4])
    if (Number.isFinite(a) && Number.isFinite(b) && a !== b) return { minPrice: Math.min(a, b), maxPrice: Math.max(a, b) }
  }
  const out: { minPrice?: number; maxPrice?: number } = {}
  const max = firstBound(MAX_PATTERN, folded)
  if (max !== undefined) out.maxPrice = max
  const min = firstBound(MIN_PATTERN, folded)
  if (min !== undefined) out.minPrice = min
  return out
}

// ── order reference ───────────────────────────────────────────────────────────

const PREFIXED_REF = /\b((?:ord|order|po|inv)[-_]?\d{3,}[a-z0-9]*)\b/i
const HASH_REF = /#\s?([a-z0-9][a-z0-9-]{3,})\b/i
const ORDER_WORD_REF =
  /\b(?:order|orders|purchase|pedido|commande|encomenda|orden|oda|compra)\s*(?:no\.?|nr\.?|number|num|numero|n°|n|id|ref|reference|namba)?\s*[:#]?\s*([a-z]{0,3}-?\d[a-z0-9-]{3,})\b/i

/** Order references look like "#A1B2C3", "order 10023", "ORD-1234"; they always contain a digit. */
export function extractOrderRef(text: string): string | undefined {
  const folded = foldText(text)
  const prefixed = PREFIXED_REF.exec(folded)
  if (prefixed && !/^order/i.test(prefixed[1])) return prefixed[1].toUpperCase()
  const hash = HASH_REF.exec(folded)
  if (hash && /\d/.test(hash[1])) return hash[1].toUpperCase()
  const worded = ORDER_WORD_REF.exec(folded)
  if (worded && /\d/.test(worded[1])) return worded[1].toUpperCase()
  return undefined
}

// ── product query ─────────────────────────────────────────────────────────────

/**
 * Words that never name a product: function words of the five languages, request verbs,
 * intent words, generic nouns ("product", "item") and price/size vocabulary. What is left of
 * a message after dropping these (and numbers, colours, sizes) is the product query.
 */
const NOT_PRODUCT = new Set(
  `
a an the and or but of for to in on at by with from about as is are am be been was were do does did can could would should will shall may might must
i me my mine we our us you your yours he she it its they them their this that these those there here what which who whom whose where when why how
any some all more most other another such only own same so than too very just also please thanks thank hi hello hey ok okay yes no not dont
want wanna need needs like looking look search find searching show see view get got give buy buying purchase order ordering have has had sell sells selling carry add
stock available availability price prices cost costs much many how cheap cheaper cheapest expensive budget under below less over above more between max min maximum minimum upto up
product products item items thing things something anything stuff catalog catalogue collection range variant variants type types kind kinds option options one ones pair pairs
size sizes colour color colours colors new best good nice latest online today now again also still tell know information details help
shop store offer offers deal deals discount sale delivery deliver
nionyeshe onyesha voir ver ve zenu yenu lenu yangu made come quel quelle quels quelles qual quais cual cuales ca back ainda ate sur code
moment momento week semana semaine today leo one two three un deux dos tres dois mbili
esse essa este esta isso desse dessa deste desta ese esa eso hii huu hiki hizi ukoje bado kuna algum alguma alguno alguna quelque quelques
xs xl xxl xxxl xxs s l small medium large extra king queen single double twin
k m usd eur kes ksh rs inr dollars dollar euros shillings shilingi naira reais pesos
le la les un une des du de d l j je tu il elle nous vous ils elles mon ma mes ton ta tes son sa ses notre votre vos leur leurs ce cet cette ces et ou est sont avec pour par sur dans en au aux qui que quoi
veux voudrais cherche recherche avez avoir acheter commander combien prix coute moins plus entre taille couleur produit produits article articles svp merci bonjour
el los las unos unas y o es son con para por en del al mi mis tu tus su sus que quiero busco buscando tienen tienes tiene necesito comprar cuanto cuesta precio menos mas talla color producto productos hay hola gracias
o os as um uma uns umas e com para por no na nos nas do da dos das meu minha seu sua voce voces quero procuro procurando tem preciso comprar quanto custa preco menos mais tamanho cor produto produtos ola obrigado
nataka natafuta nahitaji kununua kuagiza agiza mna una bei gani ngapi chini ya zaidi kati na kwa wa za la cha vya ya saizi rangi bidhaa habari tafadhali asante nini je
`
    .split(/\s+/)
    .filter((w) => w.length > 0),
)

/** Words that end the product phrase ("sneakers for running", "shoes in size 42"). */
const QUERY_BREAKERS = new Set(['for', 'pour', 'para', 'kwa', 'with', 'avec', 'con', 'com', 'in', 'en', 'em'])

/** Words of model names that are stop-words elsewhere: kept between a product word and a number ("air max 90"). */
const MODEL_WORDS = new Set(['max', 'min', 'plus', 'pro', 'mini', 'ultra', 'lite'])
/** Model numbers: below 1000, or a model year ("Air Max 270", "Jordan 4", "Corolla 2019"); bigger numbers are prices. */
const MODEL_NUMBER = /^(?:\d{1,3}|19[5-9]\d|20[0-3]\d)$/
/** Tokens after a number that make it a price, a quantity or a unit, not a model number. */
const NOT_MODEL_AFTER = new RegExp(`^(?:${CURRENCY.slice(3, -1)}|k|m|mil|pairs?|pcs|pieces?|items?|days?|weeks?|kgs?|g|cm|mm|inch(?:es)?|gb|tb)$`)

/**
 * The product words of a message; `cueTokens` are positions the intent rules used (e.g. "warranty").
 * A number right after a product word is a model number and stays ("air max 90", "iphone 13");
 * numbers after size or price words do not ("size 42", "under 5000").
 */
export function extractQuery(tokens: readonly string[], cueTokens: ReadonlySet<number>): string | undefined {
  const words: string[] = []
  let lastKept = -2
  const keep = (t: string, i: number) => {
    words.push(t)
    lastKept = i
  }
  for (const [i, t] of tokens.entries()) {
    const afterProductWord = words.length > 0 && lastKept === i - 1 && !cueTokens.has(i)
    const next = tokens[i + 1] ?? ''
    if (afterProductWord && MODEL_NUMBER.test(t) && !NOT_MODEL_AFTER.test(next)) keep(t, i)
    else if (afterProductWord && MODEL_WORDS.has(t) && MODEL_NUMBER.test(next) && !NOT_MODEL_AFTER.test(tokens[i + 2] ?? '')) keep(t, i)
    else if (/\d/.test(t) || COLOUR_WORDS[t] || NOT_PRODUCT.has(t) || cueTokens.has(i) || t.length < 2) {
      if (words.length > 0 && QUERY_BREAKERS.has(t)) break
      continue
    } else keep(t, i)
    if (words.length === 4) break
  }
  return words.length > 0 ? words.join(' ') : undefined
}

/** Everything except the query, which needs the classifier's view of which words were intent cues. */
export function extractStructuredEntities(text: string): Omit<MessageEntities, 'query'> {
  const folded = foldText(text)
  const tokens = tokenise(text)
  const out: Omit<MessageEntities, 'query'> = {}
  const orderRef = extractOrderRef(text)
  if (orderRef) out.orderRef = orderRef
  const size = extractSize(folded)
  if (size) out.size = size
  const colour = extractColour(tokens)
  if (colour) out.colour = colour
  // An order number is not a price ("order 10023 over a week late").
  const priceText = orderRef ? folded.replace(orderRef.toLowerCase(), ' ') : folded
  Object.assign(out, extractPriceBounds(priceText))
  return out
}
