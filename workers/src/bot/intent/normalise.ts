// Text normalisation and typo-tolerant token matching shared by the intent rules and the
// entity extractors. Pure string code: safe in a Worker and in Node.

/** Short forms and chat spellings that edit distance cannot reach (too short, or a different word). */
const SPELLING_FIXES: Record<string, string> = {
  u: 'you',
  ur: 'your',
  r: 'are',
  pls: 'please',
  plz: 'please',
  plzz: 'please',
  pl: 'please',
  wanna: 'want',
  wana: 'want',
  wat: 'what',
  wht: 'what',
  wts: 'whats',
  whts: 'whats',
  hv: 'have',
  abt: 'about',
  msg: 'message',
  msgs: 'messages',
  info: 'information',
  nd: 'and',
  thx: 'thanks',
  ty: 'thanks',
  recd: 'received',
  deliv: 'delivery',
  dlvry: 'delivery',
  cx: 'customer',
  amt: 'amount',
  qty: 'quantity',
  pric: 'price',
  hii: 'hi',
  hiii: 'hi',
  helo: 'hello',
  hlo: 'hello',
  heyy: 'hey',
  // Portuguese/Spanish chat shorthand
  vc: 'voce',
  vcs: 'voces',
  q: 'que',
  pq: 'porque',
  xq: 'porque',
  // French chat shorthand
  slt: 'salut',
  bjr: 'bonjour',
  stp: 'please',
  svp: 'please',
  cb: 'combien',
}

/** Lower-case, strip accents and fold typographic quotes; punctuation is kept (entities need it). */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC')
}

/**
 * Split a message into comparable word tokens: folded, French elisions split ("l'adresse" →
 * "l adresse"), other apostrophes dropped ("don't" → "dont"), chat spellings fixed.
 */
export function tokenise(text: string): string[] {
  const folded = foldText(text)
    .replace(/\b(l|d|j|qu|n|s|c|m|t)'(?=\p{L})/gu, '$1 ')
    .replace(/'/g, '')
  const raw = folded.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0)
  const out: string[] = []
  for (const token of raw) {
    out.push(SPELLING_FIXES[token] ?? token)
  }
  return out
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent swaps), stopping once past `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (a === b) return 0
  if (Math.abs(a.length - b.length) > max) return max + 1
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[][] = Array.from({ length: rows }, () => new Array<number>(cols).fill(0))
  for (let i = 0; i < rows; i++) d[i][0] = i
  for (let j = 0; j < cols; j++) d[0][j] = j
  for (let i = 1; i < rows; i++) {
    let rowMin = Number.POSITIVE_INFINITY
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, d[i - 2][j - 2] + 1)
      }
      d[i][j] = v
      if (v < rowMin) rowMin = v
    }
    if (rowMin > max) return max + 1
  }
  return d[a.length][b.length]
}

/** How many typos a lexicon word of this length tolerates: none under 5 letters (too many collisions). */
function allowedTypos(length: number): number {
  if (length >= 9) return 2
  if (length >= 5) return 1
  return 0
}

function isAdjacentSwap(a: string, b: string): boolean {
  for (let i = 0; i < a.length - 1; i++) {
    if (a[i] !== b[i]) return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)
  }
  return false
}

/** Stems shorter than this match exactly only: "situe*" must not catch "situation". */
const MIN_FUZZY_STEM = 7

/**
 * Does a message token match one lexicon word? `prefix` words ("deliver*") match any token that
 * starts with them. Typos are tolerated for words of 5+ letters when the first letter agrees
 * ("refnd", "cancle", "delivring" match; "cost"/"cast" and "care"/"carte" do not).
 */
export function wordMatches(word: string, prefix: boolean, token: string): boolean {
  if (prefix ? token.startsWith(word) : token === word) return true
  const typos = allowedTypos(word.length)
  if (typos === 0 || token.length < 5 || token[0] !== word[0]) return false
  // Short words: a typo must add, drop or swap letters ("refnd", "cancle"); a changed letter is
  // usually another word ("shoes" is not "shops", "pretos" is not "precos").
  const swappedOnly = word.length < 7 && token.length === word.length
  if (swappedOnly ? isAdjacentSwap(token, word) : editDistance(token, word, typos) <= typos) return true
  if (!prefix || word.length < MIN_FUZZY_STEM) return false
  for (let len = word.length - 1; len <= word.length + 1; len++) {
    if (token.length < len) continue
    if (editDistance(token.slice(0, len), word, 1) <= 1) return true
  }
  return false
}
