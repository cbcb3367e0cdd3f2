/*
 * Safety checks of everything a studio video says or shows. Word lists: "naughty-words"
 * (LDNOOBW by Shutterstock, CC BY 4.0); English profanity matching: "obscenity" (MIT).
 */
import type { BriefProduct, CostLine, SafetyHit, SafetyItem, SafetyVerdict, STUDIO_PLATFORMS, StudioScript } from '../../../../contracts/studio'
import { maskPhones } from '../../ingest/caption/prices'
import type { OpenAiAccess } from '../openai-access-type'
import { moderate } from './moderation'
import { escapeRe, type Folded, fold, originalSpan } from './normalise'
import { COMMERCE_RULES, type FieldKind, phoneSpans, spamSpans } from './rules'
import { scarcityBacked, scarcityClaims } from './scarcity'
import { isCommerceWord, obscenityMatcher, SAFE_WORDS, STRONG_TERMS, wordListMatcher } from './wordlists'

type StudioPlatform = (typeof STUDIO_PLATFORMS)[number]

export type CheckSafetyOptions = {
  products: BriefProduct[]
  allowlist: string[]
  language: string
  openai: OpenAiAccess
  signal?: AbortSignal
  /** Where the text will be posted; links in a caption are a TikTok rule. Defaults to tiktok (the strictest). */
  platform?: StudioPlatform
}

function fieldKind(field: string): FieldKind {
  if (field.endsWith(':say')) return 'say'
  if (field.endsWith(':onScreen')) return 'onScreen'
  if (field === 'hashtags') return 'hashtags'
  // captions, topics, titles and anything else posted as text get the caption's rules
  return 'caption'
}

/** Spans (folded offsets) the merchant's allowlist covers: a hit inside one is dropped. */
function allowedSpans(f: Folded, allowlist: string[]): [number, number][] {
  const out: [number, number][] = []
  for (const a of allowlist) {
    const w = fold(a.trim()).text
    if (!w) continue
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(w).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, 'gu')
    for (const m of f.text.matchAll(re)) out.push([m.index, m.index + m[0].length])
  }
  return out
}

const inside = (spans: [number, number][], s: number, e: number) => spans.some(([a, b]) => s >= a && e <= b)

/** The word around folded offsets [s, e). */
function wordAround(t: string, s: number, e: number): [number, number] {
  let a = s
  let b = e
  while (a > 0 && /[\p{L}\p{N}']/u.test(t[a - 1] as string)) a--
  while (b < t.length && /[\p{L}\p{N}']/u.test(t[b] as string)) b++
  return [a, b]
}

/** Profanity: obscenity's English matcher (variants, leetspeak) and the language's whole-word list. */
function profanityHits(item: SafetyItem, f: Folded, allowed: [number, number][], language: string): SafetyHit[] {
  const hits: SafetyHit[] = []
  const push = (s: number, e: number, decision: 'review' | 'block', rule: string, message: string) => {
    const span = originalSpan(f, s, e)
    if (hits.some((h) => h.start < span.end && h.end > span.start)) return
    hits.push({
      rule,
      category: 'profanity',
      decision,
      field: item.field,
      start: span.start,
      end: span.end,
      text: item.text.slice(span.start, span.end),
      message,
    })
  }
  const { matcher, dataset } = obscenityMatcher()
  for (const m of matcher.getAllMatches(f.text, true)) {
    const s = m.startIndex
    const e = m.endIndex + 1
    const term = dataset.getPayloadWithPhraseMetadata(m).phraseMetadata?.originalWord ?? f.text.slice(s, e)
    const [ws, we] = wordAround(f.text, s, e)
    const word = f.text.slice(ws, we).replace(/'s$/, '')
    if (SAFE_WORDS.has(word) || isCommerceWord(word, language) || inside(allowed, ws, we)) continue
    // leetspeak reads "455" as "ass": a bare number is a number
    if (/^[\d\s.,]+$/.test(f.text.slice(s, e))) continue
    // "144,xxx miles": a masked number, not a porn marker
    if (/^x+$/.test(word) && /\d[,. ]?$/.test(f.text.slice(0, ws))) continue
    // mechanics' slang for a gearbox ("rebuilt eng/tranny", "700r tranny")
    if (term === 'tranny' && MECHANICS.test(f.text.slice(Math.max(0, ws - 50), we + 50))) continue
    if (term === 'negro' && /^(es|pt)\b/i.test(language)) continue
    const whole = ws === s && we === e
    if (!whole && !STRONG_TERMS.has(term)) continue
    const strong = STRONG_TERMS.has(term)
    push(
      ws,
      we,
      strong ? 'block' : 'review',
      `profanity.obscenity.${term}`,
      strong ? `Profanity ("${term}").` : `Possible profanity ("${term}"); check the word is meant.`,
    )
  }
  for (const { lang, re } of wordListMatcher(language)) {
    if (!re) continue
    for (const m of f.text.matchAll(re)) {
      const s = m.index
      const e = s + m[0].length
      if (inside(allowed, s, e)) continue
      if (/^x+$/.test(m[0]) && /\d[,. ]?$/.test(f.text.slice(0, s))) continue
      if (m[0] === 'tranny' && MECHANICS.test(f.text.slice(Math.max(0, s - 50), e + 50))) continue
      push(s, e, 'review', `profanity.list.${lang}`, `"${m[0]}" is on the ${lang} bad-word list; add it to the allowlist if it is a product word.`)
    }
  }
  return hits
}

const MECHANICS =
  /\b(?:engine|eng|motor|transmission|auto|automatic|manual|stick|shift|speed|sp|rebuilt|rebuild|miles|mileage|4x4|4wd|2wd|clutch|turbo|overdrive|chassis|diesel|truck|car|\d{3}r?|\d+k)\b/i

const URL_RE = /(?:https?:\/\/|www\.)\S+/giu

/** The caption parser's phone mask is tuned for prices; these shapes are not phone numbers. */
function likelyPhone(text: string, p: { start: number; end: number }): boolean {
  const s = text.slice(p.start, p.end)
  if (/^\d{5}-\d{4}$/.test(s)) return false // US ZIP+4
  if (/[.,]\d{2}$/.test(s) && !/^[+0]/.test(s)) return false // "1800.00": an amount
  if (/[\p{L}]$/u.test(text.slice(0, p.start))) return false // "e430 …": a model number
  for (const m of text.matchAll(URL_RE)) if (p.start >= m.index && p.end <= m.index + m[0].length) return false
  return true
}

/**
 * The rule-based check (always runs; no network): profanity, banned commerce claims, fake
 * scarcity against the catalog's stock, personal data, TikTok caption links, spam.
 */
export function checkRules(items: SafetyItem[], o: Omit<CheckSafetyOptions, 'openai' | 'signal'>): SafetyHit[] {
  const hits: SafetyHit[] = []
  const stocks = o.products.map((p) => p.stock)
  const platform = o.platform ?? 'tiktok'
  for (const item of items) {
    if (!item.text) continue
    const kind = fieldKind(item.field)
    const f = fold(item.text)
    // The allowlist is for the word lists (product words that look like bad words); it never
    // lifts a commerce rule.
    const allowed = allowedSpans(f, o.allowlist)
    const add = (h: Omit<SafetyHit, 'field' | 'text'>) => hits.push({ ...h, field: item.field, text: item.text.slice(h.start, h.end) })
    hits.push(...profanityHits(item, f, allowed, o.language))
    for (const rule of COMMERCE_RULES) {
      if (rule.fields && !rule.fields.includes(kind)) continue
      if (rule.platform && rule.platform !== platform) continue
      rule.re.lastIndex = 0
      for (const m of f.text.matchAll(rule.re)) {
        const span = originalSpan(f, m.index, m.index + m[0].length)
        add({ rule: rule.id, category: rule.category, decision: rule.decision, start: span.start, end: span.end, message: rule.message })
      }
    }
    for (const c of scarcityClaims(f.text)) {
      if (scarcityBacked(c, stocks)) continue
      const span = originalSpan(f, c.start, c.end)
      const known = stocks.filter((s): s is number => s !== null)
      const why = known.length === 0 ? 'the shop does not track stock' : `stock is ${known.join(', ')}`
      add({
        rule: c.count !== null ? 'scarcity.count' : 'scarcity.vague',
        category: 'fake_scarcity',
        decision: 'block',
        start: span.start,
        end: span.end,
        message: `Scarcity claim the stock does not back (${why}).`,
      })
    }
    if (kind === 'caption' || kind === 'onScreen')
      for (const p of phoneSpans(item.text, maskPhones).filter((p) => likelyPhone(item.text, p)))
        add({
          rule: 'personal.phone',
          category: 'personal_data',
          decision: 'block',
          start: p.start,
          end: p.end,
          message: 'A phone number in the caption or on screen exposes personal data; use the order button instead.',
        })
    for (const s of spamSpans(item.text)) add({ rule: 'spam', category: 'spam', decision: 'review', start: s.start, end: s.end, message: s.message })
  }
  return hits
}

/**
 * Checks every text a video carries (script lines, on-screen text, caption, hashtags): offline
 * rules always, OpenAI moderation too when keyed. Block if either blocks; review if either asks.
 */
export async function checkSafety(items: SafetyItem[], o: CheckSafetyOptions): Promise<{ verdict: SafetyVerdict; cost: CostLine[] }> {
  const hits = checkRules(items, o)
  const providers = ['rules']
  const cost: CostLine[] = [{ step: 'safety', provider: 'rules', unit: 'requests', quantity: 1, usd: 0 }]
  if (o.openai) {
    const mod = await moderate(items, o.openai, o.signal)
    hits.push(...mod.hits)
    providers.push(mod.provider)
    cost.push(...mod.cost)
  }
  const decision = hits.some((h) => h.decision === 'block') ? 'block' : hits.length > 0 ? 'review' : 'allow'
  return { verdict: { decision, hits, providers, checkedAt: new Date().toISOString() }, cost }
}

/** The items of a script, with field names the editor maps back (`scene:<id>:say`, `scene:<id>:onScreen`, `caption`, `hashtags`). */
export function safetyItemsOf(script: StudioScript): SafetyItem[] {
  const items: SafetyItem[] = []
  for (const s of script.scenes) {
    items.push({ field: `scene:${s.id}:say`, text: s.say })
    if (s.onScreen) items.push({ field: `scene:${s.id}:onScreen`, text: s.onScreen })
  }
  items.push({ field: 'caption', text: script.caption })
  if (script.hashtags.length) items.push({ field: 'hashtags', text: script.hashtags.join(' ') })
  return items
}
