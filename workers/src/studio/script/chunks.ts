import type { StudioScript } from '../../../../contracts/studio'

export type VoiceChunk = { id: string; sceneId: string; text: string }

const MAX_WORDS = 6
const MIN_WORDS = 2
// Currency marks that belong with the number after them ("KSh 4,500", "R$ 99", "US$ 30").
const CURRENCY_TOKEN = /^(?:[A-Z]{3}|KSh|Ksh|Kshs|KShs|Sh|Shs|TSh|USh|R\$|US\$|\$|€|£|₦|₹|¥|Rs\.?|N\$|GH₵|₵|CFA|FCFA)$/u
const BREAK_AFTER = /[,.;:!?…)\]"”»]$|[—–-]$/
const SENTENCE_END = /[.!?…]["”»)]?$/
const SOFT_BREAK_BEFORE = /^(and|or|but|so|with|for|to|then|because|na|au|lakini|kwa|e|ou|mas|para|com|y|o|pero|con)$/i

/** Tokens of a line, with a currency mark kept on its number so a price is never cut in two. */
function units(text: string): string[] {
  const raw = text.split(/\s+/).filter(Boolean)
  const out: string[] = []
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i] as string
    const next = raw[i + 1]
    if (next && CURRENCY_TOKEN.test(t) && /^\d/.test(next)) {
      out.push(`${t} ${next}`)
      i++
    } else if (next && /^\d{1,3}$/.test(t) && /^\d{3}(?:[.,]\d+)?[,.;:!?]?$/.test(next)) {
      // "4 500" written with a space is one number
      out.push(`${t} ${next}`)
      i++
    } else out.push(t)
  }
  return out
}

const count = (u: string[]) => u.reduce((n, t) => n + t.split(' ').length, 0)

/** Splits one phrase of more than six words into balanced pieces, preferring a break before "and", "with" … */
function splitLong(phrase: string[]): string[][] {
  const out: string[][] = []
  let rest = phrase
  while (count(rest) > MAX_WORDS) {
    const pieces = Math.ceil(count(rest) / MAX_WORDS)
    const ideal = Math.ceil(count(rest) / pieces)
    let best = -1
    let bestScore = Number.POSITIVE_INFINITY
    let words = 0
    for (let i = 0; i < rest.length - 1; i++) {
      words += (rest[i] as string).split(' ').length
      if (words < MIN_WORDS || words > MAX_WORDS || count(rest.slice(i + 1)) < MIN_WORDS) continue
      const score = Math.abs(words - ideal) - (SOFT_BREAK_BEFORE.test(rest[i + 1] as string) ? 1.5 : 0)
      if (score < bestScore) {
        bestScore = score
        best = i
      }
    }
    if (best < 0) break
    out.push(rest.slice(0, best + 1))
    rest = rest.slice(best + 1)
  }
  out.push(rest)
  return out
}

/** Chunks of one scene's line: 2–6 words, cut at punctuation, long phrases split evenly. */
export function chunkLine(text: string): string[] {
  const us = units(text)
  const phrases: string[][] = []
  let cur: string[] = []
  for (const u of us) {
    cur.push(u)
    if (BREAK_AFTER.test(u)) {
      phrases.push(cur)
      cur = []
    }
  }
  if (cur.length) phrases.push(cur)
  const pieces = phrases.flatMap(splitLong)
  // A one-word piece joins a neighbour: the previous one in the same sentence when it has room,
  // else the next one.
  const merged: string[][] = []
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i] as string[]
    if (count(p) >= MIN_WORDS) {
      merged.push(p)
      continue
    }
    const prev = merged[merged.length - 1]
    const next = pieces[i + 1]
    const prevEndsSentence = prev ? SENTENCE_END.test(prev[prev.length - 1] as string) : true
    if (prev && !prevEndsSentence && count(prev) + count(p) <= MAX_WORDS) prev.push(...p)
    else if (next && count(next) + count(p) <= MAX_WORDS) pieces[i + 1] = [...p, ...next]
    else if (prev && count(prev) + count(p) <= MAX_WORDS) prev.push(...p)
    else if (next) pieces[i + 1] = [...p, ...next]
    else if (prev) prev.push(...p)
    else merged.push(p)
  }
  return merged.map((p) => p.join(' '))
}

/**
 * The caption chunks the voice speaks one at a time (they become the subtitles): 2–6 words each,
 * cut at punctuation, never inside a number or price; ids `<sceneId>-<n>`. Their texts joined
 * with spaces give back each scene's line.
 */
export function voiceChunks(script: StudioScript): VoiceChunk[] {
  return script.scenes.flatMap((s) => chunkLine(s.say).map((text, i) => ({ id: `${s.id}-${i + 1}`, sceneId: s.id, text })))
}
