const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  moja: 1,
  mbili: 2,
  tatu: 3,
  nne: 4,
  tano: 5,
  um: 1,
  uma: 1,
  dois: 2,
  duas: 2,
  três: 3,
  tres: 3,
  quatro: 4,
  cinco: 5,
  uno: 1,
  una: 1,
  dos: 2,
  cuatro: 4,
}
const N = '(\\d+|one|two|three|four|five|six|seven|eight|nine|ten|moja|mbili|tatu|nne|tano|um|uma|dois|duas|três|tres|quatro|cinco|uno|una|dos|cuatro)'

// "only 3 left", "just two pieces remaining", "there are only 4 left", "zimebaki 3", "restam só 2", "quedan 3"
const COUNTED = new RegExp(
  [
    `(?<![\\p{L}])(?:only|just|last)\\s+${N}\\s+(?:[\\p{L}]+\\s+){0,2}?(?:left|remaining|in stock|available)(?![\\p{L}])`,
    `(?<![\\p{L}])there (?:is|are) only ${N}(?: [\\p{L}]+)?(?: left)?(?![\\p{L}])`,
    `(?<![\\p{L}])(?:zimebaki|imebaki|vimebaki|zimesalia|imesalia)\\s+${N}(?![\\p{L}])`,
    `(?<![\\p{L}])(?:s[óo]\\s+)?restam?\\s+(?:apenas\\s+|s[óo]\\s+)?${N}(?![\\p{L}])`,
    `(?<![\\p{L}])(?:apenas|s[óo])\\s+${N}\\s+(?:unidades?|peças?)(?![\\p{L}])`,
    `(?<![\\p{L}])quedan?\\s+(?:solo\\s+|sólo\\s+)?${N}(?![\\p{L}])`,
    `(?<![\\p{L}])(?:solo|sólo)\\s+${N}\\s+(?:unidades?|piezas?)(?![\\p{L}])`,
  ].join('|'),
  'giu',
)

const VAGUE =
  /(?<![\p{L}])(?:selling (?:out|fast)|almost (?:gone|sold out)|nearly (?:gone|sold out)|limited stock|low stock|last (?:few|one|pieces|units)(?: (?:pieces|units|items|pairs))?(?= left| remaining| available| in stock|\s*!)|while (?:stocks?|supplies) last|going fast|last chance|few left|hurry,? (?:before|while) (?:they|it|stocks?)|inakwisha|zinaisha|zimebaki chache|últimas unidades|ultimas unidades|estoque limitado|pocas unidades|últimas piezas|última oportunidad|última chance)(?![\p{L}])/giu

export type ScarcityClaim = { start: number; end: number; text: string; count: number | null }

/** Scarcity claims in a text: counted ("only 3 left") with their number, or vague ("selling out"). */
export function scarcityClaims(text: string): ScarcityClaim[] {
  const out: ScarcityClaim[] = []
  for (const m of text.matchAll(COUNTED)) {
    const raw = (m.slice(1).find((g) => g !== undefined) ?? '').toLowerCase()
    const count = /^\d+$/.test(raw) ? Number(raw) : (NUMBER_WORDS[raw] ?? null)
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0], count })
  }
  for (const m of text.matchAll(VAGUE)) {
    if (out.some((o) => m.index < o.end && m.index + m[0].length > o.start)) continue
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0], count: null })
  }
  return out.sort((a, b) => a.start - b.start)
}

/** Low stock the catalog shows: tracked, in stock, 5 or fewer. */
export const LOW_STOCK = 5

/**
 * A claim is backed when some product's tracked stock is low (≤ 5); a counted claim also needs
 * that exact number. Unknown stock backs nothing.
 */
export function scarcityBacked(claim: ScarcityClaim, stocks: (number | null)[]): boolean {
  return stocks.some((s) => s !== null && s > 0 && s <= LOW_STOCK && (claim.count === null || claim.count === s))
}
