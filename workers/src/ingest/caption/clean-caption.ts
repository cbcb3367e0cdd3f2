import { findPrices, maskPhones } from './prices'

// Words that only introduce or announce a price ("now ₦45,000", "only 25k", "(was $249)").
const PRICE_CUE_BEFORE =
  /(?:\b(?:now|only|just|was|were|price[ds]?|at|for|from|sale|bei|prix|precio|preço|preco|seulement|solo|apenas|sasa|tu|kwa)\s*[:=-]?\s*|[:=@]\s*)$/iu
// Phrases left pointing at a phone number once it is gone ("call 0712…", "WhatsApp: +254…").
const PHONE_CUE = /\b(?:call|text|sms|tel|phone|whatsapp|wa|piga|simu|contact)\s*(?:us|me)?\s*(?:on|at|via)?\s*[:=-]?\s*$/iu

/**
 * The caption as a product description: no hashtags, mentions, links, emoji or phone numbers,
 * and no prices (the product's price is its own field, and a price in the text goes stale the
 * moment the merchant changes it). Sentences and the rest of the wording are kept.
 */
export function cleanCaption(caption: string, opts: { defaultCurrency: string }): string {
  let text = caption.normalize('NFKC')
  // Prices first (their offsets are in the untouched text), right to left so offsets stay valid.
  const spans = findPrices(text, opts)
    .map((p) => ({ start: p.index, end: p.index + p.raw.length }))
    .filter((s) => text.slice(s.start, s.end).length > 0)
    .sort((a, b) => b.start - a.start)
  for (const s of spans) {
    const before = text.slice(0, s.start).replace(PRICE_CUE_BEFORE, '')
    text = `${before} ${text.slice(s.end)}`
  }
  // Phone numbers: maskPhones keeps offsets, so find the blanked runs.
  const masked = maskPhones(text)
  let out = ''
  for (let i = 0; i < text.length; i++) {
    if (masked[i] === ' ' && text[i] !== ' ') {
      let j = i
      while (j < text.length && masked[j] === ' ') j++
      if (/\d/.test(text.slice(i, j))) {
        out = `${out.replace(PHONE_CUE, '')} `
        i = j - 1
        continue
      }
    }
    out += text[i]
  }
  return out
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/(?<![\p{L}\p{N}&])[#@][\p{L}\p{N}_.]+/gu, ' ')
    .replace(/\p{Extended_Pictographic}|\uFE0F|\u200D/gu, ' ')
    .replace(/\(\s*(?:was|before|instead of|au lieu de|antes|zamani)?\s*[.,:]?\s*\)/giu, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s+([.,!?;:)])/g, '$1')
    .replace(/([.,!?;:])(?:\s*[.,;:])+/g, '$1')
    .replace(/\s*\n\s*/g, '\n')
    .replace(/\n{2,}/g, '\n')
    .replace(/^[\s.,;:!?-]+|[\s,;:-]+$/g, '')
    .trim()
}
