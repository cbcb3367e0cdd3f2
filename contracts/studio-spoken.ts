import { spokenWordsPerMinute } from './studio'

/**
 * Words a number takes when spoken, in English terms ("4,500" → "four thousand five hundred" = 4).
 * Swahili, Portuguese and Spanish say numbers in about as many words, so one count serves them;
 * the length target is ±10 %, not syllable-exact.
 */
export function numberWordCount(n: number): number {
  if (!Number.isFinite(n) || n < 0) return 1
  if (n === 0) return 1
  let words = 0
  let rest = Math.floor(n)
  const scales = [1e12, 1e9, 1e6, 1e3]
  for (const scale of scales) {
    if (rest >= scale) {
      words += underThousand(Math.floor(rest / scale)) + 1
      rest %= scale
    }
  }
  if (rest > 0) words += underThousand(rest)
  return Math.max(words, 1)
}

function underThousand(n: number): number {
  let words = 0
  if (n >= 100) {
    words += 2
    n %= 100
  }
  if (n === 0) return words
  if (n < 20 || n % 10 === 0) return words + 1
  return words + 2
}

const DIGITS = /\d[\d,.\s]*\d|\d/g

/** Spoken words of one whitespace-free token: numbers as their spoken length, "%" as a word, letters as one. */
function tokenWords(token: string): number {
  const bare = token.replace(/^[^\p{L}\p{N}$€£₦₹¥%]+|[^\p{L}\p{N}%]+$/gu, '')
  if (!bare) return 0
  if (!/\d/.test(bare)) return 1
  let words = 0
  const letters = bare
    .replace(DIGITS, ' ')
    .replace(/[^\p{L}%]+/gu, ' ')
    .trim()
  if (letters) words += letters.split(/\s+/).length
  for (const m of bare.matchAll(DIGITS)) {
    const raw = m[0]
    // "4,500" and "4.500" are thousands; "4.50" is four point five zero.
    const grouped = /^\d{1,3}([,.]\d{3})+$/.test(raw)
    if (grouped) {
      words += numberWordCount(Number(raw.replace(/[,.]/g, '')))
      continue
    }
    const [whole, frac] = raw.split(/[.,]/)
    words += numberWordCount(Number(whole))
    if (frac) words += 1 + frac.length
  }
  return words
}

/** How many words the voice speaks for `text`: numbers count as their spoken words. */
export function spokenWordCount(text: string, _lang = 'en'): number {
  let words = 0
  for (const token of text.split(/\s+/)) if (token) words += tokenWords(token)
  return words
}

/** Seconds the voice takes for `text` at the pace it speaks `lang` (pauses between caption chunks included). */
export function spokenSeconds(text: string, lang = 'en'): number {
  return (spokenWordCount(text, lang) * 60) / spokenWordsPerMinute(lang)
}

/** Words the voice speaks in `seconds` of `lang`. */
export function wordsForSeconds(seconds: number, lang = 'en'): number {
  return (seconds * spokenWordsPerMinute(lang)) / 60
}

/** A scene's `estSeconds`: its line's spoken seconds to a tenth, within the schema's 0.5–60 s. */
export function sceneSeconds(say: string, lang = 'en'): number {
  return Math.min(60, Math.max(0.5, Math.round(spokenSeconds(say, lang) * 10) / 10))
}
