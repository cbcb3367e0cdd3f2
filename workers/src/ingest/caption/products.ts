import { isColourWord } from './attributes'
import { STOP_WORDS } from './stop-words'
import { DEFAULT_TAXONOMY, escapeRegExp, type Taxonomy } from './taxonomy'

type Token = { text: string; start: number; end: number }

const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu

// Words that describe the offer, not the product ("perfect gym set", "brand new iPhone").
const NOT_MODIFIERS = new Set([
  'perfect',
  'best',
  'amazing',
  'beautiful',
  'gorgeous',
  'stunning',
  'cute',
  'new',
  'brand',
  'nouvelle',
  'nouveau',
  'nueva',
  'nuevo',
  'novo',
  'nova',
  'mpya',
  'baru',
  'restocked',
  'restock',
  'back',
  'selling',
  'sell',
  'sold',
  'buy',
  'wearing',
  'found',
  'premium',
  'quality',
  'original',
  'authentic',
  'used',
  'barely',
  'worn',
  'sealed',
  'our',
  'latest',
  'hot',
  'sale',
  'sales',
  'price',
  'only',
  'cheap',
  'affordable',
  'available',
  'disponible',
  'disponibles',
  'dispo',
  'stock',
  'instock',
  'collection',
  'drop',
  'drops',
  'pov',
  'this',
  'these',
  'that',
  'my',
  'winter',
  'summer',
  'black',
  'friday',
  'week',
  'today',
  'fresh',
  'mixed',
  'assorted',
  'gift',
  'x',
  'vintage',
  'handmade',
  'hand',
  'made',
])
const CONNECTORS = new Set(['de', 'en', 'em', 'di', 'ya', 'za', 'à', 'a', 'do', 'da', 'del', 'vya', 'cho', 'with'])
const MATERIALS = new Set([
  'silk',
  'soie',
  'seda',
  'cotton',
  'coton',
  'algodón',
  'algodão',
  'pamba',
  'linen',
  'lin',
  'lino',
  'linho',
  'leather',
  'cuir',
  'cuero',
  'couro',
  'ngozi',
  'kulit',
  'wool',
  'laine',
  'lana',
  'lã',
  'denim',
  'velvet',
  'velours',
  'terciopelo',
  'veludo',
  'lace',
  'dentelle',
  'encaje',
  'renda',
  'satin',
  'satén',
  'cetim',
  'gold',
  'or',
  'oro',
  'ouro',
  'silver',
  'argent',
  'plata',
  'prata',
  'wood',
  'bois',
  'madera',
  'madeira',
  'running',
  'mano',
  'main',
  'lavande',
  'mujer',
  'hombre',
  'wanawake',
  'wanaume',
  'femme',
  'homme',
  'mulher',
  'homem',
])

function tokenize(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }))
}

const headCache = new WeakMap<Taxonomy, RegExp>()
function headRegex(taxonomy: Taxonomy): RegExp {
  let re = headCache.get(taxonomy)
  if (!re) {
    const words = [...new Set(taxonomy.flatMap((c) => c.keywords))].sort((a, b) => b.length - a.length).map(escapeRegExp)
    re = new RegExp(`(?<![\\p{L}\\p{N}#@])(?:${words.join('|')})(?:s|es)?(?![\\p{L}\\p{N}])`, 'giu')
    headCache.set(taxonomy, re)
  }
  return re
}

function glued(text: string, a: Token, b: Token): boolean {
  return /^\s{1,2}$/.test(text.slice(a.end, b.start)) && !/#/.test(text.slice(a.end, b.start))
}

function isModifier(tok: Token, text: string): boolean {
  const w = tok.text.toLowerCase()
  if (STOP_WORDS.has(w) || NOT_MODIFIERS.has(w)) return false
  if (text[tok.start - 1] === '#' || text[tok.start - 1] === '@') return false
  if (/^\d+$/.test(w)) return w.length <= 4
  return /\p{L}/u.test(w)
}

// Currency words that start a price, never a model name ("TV KSh 25,000" is not "TV KSh 25").
const CURRENCY_WORD =
  /^(?:ksh|kshs|kes|ngn|usd|eur|gbp|ghs|ugx|tzs|rwf|zar|xof|xaf|inr|rs|rp|idr|php|aed|naira|cedis?|shillings?|dollars?|euros?|pounds?|rands?)$/i

function isModelToken(tok: Token): boolean {
  if (CURRENCY_WORD.test(tok.text)) return false
  return /\d/.test(tok.text) ? tok.text.length <= 8 && !/^\d{5,}$/.test(tok.text) : /^(?:\p{Lu}[\p{L}]*|pro|max|plus|ultra|mini|lite|retro)$/u.test(tok.text)
}

/**
 * Product mentions: a product word from the taxonomy ("sneakers", "scarf", "saree") widened
 * left over modifiers ("Nike Air Force 1 sneakers", "silk scarf"), right over colours and
 * "de/en + material" ("robe en soie noire"), and over model names after brand words ("iPhone 12").
 */
export function findProducts(text: string, taxonomy: Taxonomy = DEFAULT_TAXONOMY): string[] {
  const tokens = tokenize(text)
  const spans: Array<{ start: number; end: number }> = []
  const re = headRegex(taxonomy)
  re.lastIndex = 0
  for (const m of text.matchAll(re)) {
    const headStart = m.index
    const headEnd = m.index + m[0].length
    let first = tokens.findIndex((t) => t.start <= headStart && t.end > headStart)
    let last = tokens.findIndex((t) => t.start < headEnd && t.end >= headEnd)
    if (first < 0 || last < 0) continue
    const headLast = last
    for (let k = 0; k < 4; k++) {
      const prev = tokens[first - 1]
      if (!prev || !glued(text, prev, tokens[first] as Token) || !isModifier(prev, text)) break
      first--
    }
    const brandLike = /^(?:\p{Lu}|i\p{Lu})/u.test(m[0]) || /\d/.test(tokens[last + 1]?.text ?? '')
    for (let k = 0; k < 3; k++) {
      const next = tokens[last + 1]
      if (!next || !glued(text, tokens[last] as Token, next)) break
      const w = next.text.toLowerCase()
      if (isColourWord(w) || MATERIALS.has(w)) {
        last++
        continue
      }
      const after = tokens[last + 2]
      if (CONNECTORS.has(w) && after && glued(text, next, after)) {
        const a = after.text.toLowerCase()
        if (MATERIALS.has(a) || isColourWord(a)) {
          last += 2
          continue
        }
      }
      if (brandLike && last === headLast + k && isModelToken(next) && !STOP_WORDS.has(w)) {
        last++
        continue
      }
      break
    }
    spans.push({ start: (tokens[first] as Token).start, end: (tokens[last] as Token).end })
  }
  // Keep the widest of overlapping spans, in order of appearance.
  spans.sort((a, b) => a.start - b.start || b.end - a.end)
  const kept: Array<{ start: number; end: number }> = []
  for (const s of spans) {
    const prev = kept[kept.length - 1]
    if (prev && s.start < prev.end) {
      if (s.end - s.start > prev.end - prev.start) kept[kept.length - 1] = s
      continue
    }
    kept.push(s)
  }
  const out: string[] = []
  const seen = new Set<string>()
  for (const s of kept) {
    const name = text.slice(s.start, s.end).replace(/\s+/g, ' ').trim()
    const key = name.toLowerCase()
    if (!seen.has(key)) {
      seen.add(key)
      out.push(name)
    }
  }
  return out
}
