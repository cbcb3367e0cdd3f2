const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD\u180E]/

/** Text folded for matching (NFKC, case-folded, zero-width characters dropped) with a map back to the original's UTF-16 offsets. */
export type Folded = {
  text: string /** original start offset of each folded UTF-16 unit */
  from: number[] /** original end offset of each folded unit */
  to: number[]
}

export function fold(original: string): Folded {
  let text = ''
  const from: number[] = []
  const to: number[] = []
  let i = 0
  for (const ch of original) {
    const start = i
    i += ch.length
    if (ZERO_WIDTH.test(ch)) continue
    const f = ch.normalize('NFKC').toLowerCase()
    for (let k = 0; k < f.length; k++) {
      from.push(start)
      to.push(i)
    }
    text += f
  }
  return { text, from, to }
}

/** The original span of folded offsets [start, end). */
export function originalSpan(f: Folded, start: number, end: number): { start: number; end: number } {
  if (f.from.length === 0) return { start: 0, end: 0 }
  return { start: f.from[Math.min(start, f.from.length - 1)] as number, end: f.to[Math.max(0, Math.min(end, f.to.length) - 1)] as number }
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** A whole-word alternation of phrases (longest first), spaces matching any whitespace; optionally their plurals. */
export function wholeWords(phrases: string[], plurals = false): RegExp | null {
  const parts = [...new Set(phrases.map((p) => fold(p.trim()).text).filter(Boolean))]
    .sort((a, b) => b.length - a.length)
    .map((p) => escapeRe(p).replace(/\s+/g, '\\s+'))
  if (parts.length === 0) return null
  // plurals: "assholes" for "asshole", "bitches" for "bitch"
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${parts.join('|')})${plurals ? '(?:e?s)?' : ''}(?![\\p{L}\\p{N}])`, 'gu')
}
