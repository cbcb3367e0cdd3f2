const LETTER_SIZES = ['XXXS', 'XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL', 'XXXL', '2XL', '3XL', '4XL', '5XL', '6XL']
const LETTER_SIZE = LETTER_SIZES.join('|')
const SIZE_WORD = '(?:sizes?|sz|taille|tailles|talla|tallas|tamanho|tamanhos|saizi|pointure|ukuran|numéro|número|numero)'

const UNAMBIGUOUS_LETTER = /(?<![\p{L}\p{N}'’])(XXXS|XXS|XS|XXL|XXXL|[2-6]XL|XL)(?![\p{L}\p{N}])/gu
const LETTER_LIST = new RegExp(`(?<![\\p{L}\\p{N}'’])(?:${LETTER_SIZE})(?:\\s*(?:[,/|]|-|–|to|&|and|et|y|e)\\s*(?:${LETTER_SIZE}))+(?![\\p{L}\\p{N}])`, 'gu')
const SIZE_AFTER_WORD = new RegExp(
  `(?<![\\p{L}])${SIZE_WORD}\\s*[:\\-]?\\s*((?:${LETTER_SIZE}|\\d{1,2}(?:[.,]5)?)(?:\\s*(?:[,/|]|-|–|to|a|à|al|ao|hadi|&|and|et|y|e)\\s*(?:${LETTER_SIZE}|\\d{1,2}(?:[.,]5)?))*)(?![\\p{L}\\p{N}])`,
  'giu',
)
// Storage and memory capacities a product comes in ("128GB / 256GB", "1TB"): variants like sizes.
const CAPACITY = /(?<![\p{L}\p{N}.,])(\d{1,4})\s?(GB|TB|Go|To)(?![\p{L}\p{N}])/giu
const REGION_SIZE = /(?<![\p{L}])(UK|EU|US|EUR|FR|IT)\s?(\d{1,2}(?:[.,]5)?)(?![\d$%.,]|\s?(?:\$|dollars))/gu

function expand(list: string): string[] {
  const out: string[] = []
  const parts = list.split(/\s*(?:[,/|&]|and|et|y|e)\s*/i).filter(Boolean)
  for (const p of parts) {
    const range = /^(\d{1,2})\s*(?:-|–|to|a|à|al|ao|hadi)\s*(\d{1,2})$/i.exec(p)
    if (range) {
      const lo = Number(range[1])
      const hi = Number(range[2])
      if (hi > lo && hi - lo <= 15) for (let n = lo; n <= hi; n++) out.push(String(n))
      else out.push(String(lo), String(hi))
      continue
    }
    const letterRange = new RegExp(`^(${LETTER_SIZE})\\s*(?:-|–|to)\\s*(${LETTER_SIZE})$`, 'i').exec(p)
    if (letterRange) {
      const lo = LETTER_SIZES.indexOf((letterRange[1] as string).toUpperCase())
      const hi = LETTER_SIZES.indexOf((letterRange[2] as string).toUpperCase())
      const ordered = ['XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL', 'XXXL']
      const a = ordered.indexOf(LETTER_SIZES[lo] as string)
      const b = ordered.indexOf(LETTER_SIZES[hi] as string)
      if (a >= 0 && b > a) out.push(...ordered.slice(a, b + 1))
      else out.push((letterRange[1] as string).toUpperCase(), (letterRange[2] as string).toUpperCase())
      continue
    }
    out.push(/^[a-z0-9]+$/i.test(p) ? p.toUpperCase() : p.replace(',', '.'))
  }
  return out
}

/**
 * Sizes: letter sizes (S/M/L/XL: single letters only in a list or after "size"), numeric sizes
 * after a size word ("size 42", "sizes 38-45" → 38…45), regional ones ("UK 8", "EU 42") and
 * capacities ("128GB", "1TB").
 */
export function findSizes(text: string): string[] {
  const found: string[] = []
  for (const m of text.matchAll(SIZE_AFTER_WORD)) found.push(...expand(m[1] as string))
  for (const m of text.matchAll(LETTER_LIST)) found.push(...expand(m[0]))
  for (const m of text.matchAll(UNAMBIGUOUS_LETTER)) found.push(m[1] as string)
  for (const m of text.matchAll(REGION_SIZE)) found.push(`${m[1]} ${(m[2] as string).replace(',', '.')}`)
  for (const m of text.matchAll(CAPACITY)) {
    const unit = (m[2] as string).toUpperCase().replace('GO', 'GB').replace('TO', 'TB')
    // "2GB RAM" is a spec, not a choice; capacities a phone is sold in are ≥ 16 GB or in TB.
    if (unit === 'TB' || Number(m[1]) >= 16) found.push(`${Number(m[1])}${unit}`)
  }
  return [...new Set(found)]
}

// Canonical English colour → words in en, fr, es, pt, sw, id (accents kept and stripped forms both listed).
const COLOURS: Record<string, string[]> = {
  black: ['black', 'noir', 'noire', 'noirs', 'noires', 'negro', 'negra', 'preto', 'preta', 'nyeusi', 'hitam', 'đen'],
  white: ['white', 'blanc', 'blanche', 'blanco', 'blanca', 'branco', 'branca', 'nyeupe', 'putih', 'trắng', 'weiß', 'weiss'],
  red: ['red', 'rouge', 'rojo', 'roja', 'vermelho', 'vermelha', 'nyekundu', 'merah', 'đỏ'],
  blue: ['blue', 'bleu', 'bleue', 'azul', 'bluu', 'biru', 'navy', 'xanh dương'],
  green: ['green', 'vert', 'verte', 'verde', 'kijani', 'hijau', 'sage', 'olive', 'emerald'],
  yellow: ['yellow', 'jaune', 'amarillo', 'amarilla', 'amarelo', 'amarela', 'njano', 'kuning', 'vàng', 'mustard'],
  pink: ['pink', 'rose', 'rosa', 'rosado', 'pinki', 'merah muda', 'hồng', 'blush'],
  purple: ['purple', 'violet', 'violette', 'morado', 'morada', 'roxo', 'roxa', 'zambarau', 'ungu', 'tím', 'lilac', 'lavender'],
  orange: ['orange', 'naranja', 'laranja', 'machungwa', 'oranye'],
  brown: ['brown', 'marron', 'marrón', 'marrom', 'kahawia', 'coklat', 'cokelat', 'nâu', 'chocolate', 'tan', 'camel'],
  grey: ['grey', 'gray', 'gris', 'cinza', 'kijivu', 'abu-abu', 'xám', 'charcoal'],
  beige: ['beige', 'cream', 'crème', 'nude', 'ivory', 'off-white', 'bege', 'khaki', 'kaki'],
  gold: ['gold', 'golden', 'doré', 'dorée', 'dorado', 'dorada', 'dourado', 'dourada', 'dhahabu', 'emas'],
  silver: ['silver', 'argent', 'argenté', 'plateado', 'plateada', 'prata', 'prateado', 'fedha', 'perak', 'bạc'],
  maroon: ['maroon', 'burgundy', 'bordeaux', 'wine', 'vinho', 'burdeos'],
}
const COLOUR_LOOKUP = new Map<string, string>()
for (const [canonical, words] of Object.entries(COLOURS)) for (const w of words) COLOUR_LOOKUP.set(w, canonical)
const COLOUR_RE = new RegExp(`(?<![\\p{L}])(${[...COLOUR_LOOKUP.keys()].sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}])`, 'giu')

/** Colour words, as canonical English names ("noire", "preto" → "black"). */
export function findColours(text: string): string[] {
  const out = new Set<string>()
  for (const m of text.matchAll(COLOUR_RE)) {
    const canonical = COLOUR_LOOKUP.get((m[1] as string).toLowerCase())
    if (canonical) out.add(canonical)
  }
  return [...out]
}

/** Is this word a colour in any supported language? */
export function isColourWord(word: string): boolean {
  return COLOUR_LOOKUP.has(word.toLowerCase())
}
