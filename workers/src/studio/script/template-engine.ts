import type { SceneVisual, ScriptScene, StudioBrief, StudioScript } from '../../../../contracts/studio'
import { sceneSeconds, spokenWordCount, wordsForSeconds } from '../../../../contracts/studio-spoken'
import { type BriefFacts, briefFacts, hash32 } from './facts'
import type { Ctx, LangPack, Line, Pattern, Tone } from './lang'
import { langPackOf } from './langs'

/** A hook must be spoken within 3 s: 8 words at 160 words per minute. */
export const HOOK_MAX_WORDS = 8

// The voice step leaves a short gap between caption chunks, so the words aim a little under the
// target and the finished audio lands near it.
const AIM = 0.97

// "How do I…", "What is…", "Je, …", "Como…?", "¿Qué…": a topic that asks gets a question mark.
const QUESTION =
  /^(?:how (?:do|does|can|should|to choose)|what|why|which|who|where|when|do|does|is|are|can|should|je|nini|kwa nini|como|qual|quais|por que|porque|o que|qué|cómo|cuál|por qué|dónde)\b/iu

type Draft = { kind: ScriptScene['kind']; lines: Line[]; label: string; visual?: SceneVisual }

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Whole-word, case-insensitive matcher for the shop's avoided words. */
export function avoidMatcher(words: string[]): (text: string) => boolean {
  const res = words.filter((w) => w.trim()).map((w) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(w.trim())}(?![\\p{L}\\p{N}])`, 'iu'))
  return (text) => res.some((re) => re.test(text))
}

export function stripAvoided(text: string, words: string[]): string {
  let out = text
  for (const w of words) {
    if (!w.trim()) continue
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(w.trim())}(?![\\p{L}\\p{N}])`, 'giu'), '')
  }
  return out
    .replace(/\s{2,}/g, ' ')
    .replace(/\s+([,.!?:;])/g, '$1')
    .trim()
}

/** Deterministic shuffle (mulberry32 seeded by the brief). */
function shuffled<T>(items: T[], seed: number): T[] {
  let a = seed >>> 0
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

function words(text: string, lang: string): number {
  return spokenWordCount(text, lang)
}

function shortenName(name: string, n: number): string {
  return name.split(/\s+/).slice(0, n).join(' ')
}

/** The hook: the tone's and the type's patterns, one picked by (product, variant); falls back to shorter names and plain hooks. */
function pickHook(
  pack: LangPack,
  tone: Tone,
  f: BriefFacts,
  ctx: Ctx,
  seed: number,
  variant: number,
  avoid: (t: string) => boolean,
): { text: string; id: string } {
  const named = f.products.length > 0
  const pool: Pattern[] = named ? [...pack.toneHooks[tone], ...pack.typeHooks[f.type]] : pack.plainHooks
  const start = (seed + variant) % pool.length
  for (let k = 0; k < pool.length; k++) {
    const p = pool[(start + k) % pool.length] as Pattern
    for (const n of [5, 3, 2]) {
      const text = p.make({ ...ctx, name: shortenName(ctx.name, n) })
      if (words(text, pack.code) <= HOOK_MAX_WORDS && !avoid(text)) return { text, id: p.id }
    }
  }
  for (const p of pack.plainHooks) {
    const text = p.make(ctx)
    if (words(text, pack.code) <= HOOK_MAX_WORDS && !avoid(text)) return { text, id: p.id }
  }
  return { text: stripAvoided((pack.plainHooks[0] as Pattern).make(ctx), []), id: 'plain' }
}

function pickCta(pack: LangPack, tone: Tone, ctx: Ctx, seed: number, variant: number, avoid: (t: string) => boolean): { text: string; id: string } {
  const pool = pack.ctas[tone]
  const start = ((seed >>> 8) + variant) % pool.length
  for (let k = 0; k < pool.length; k++) {
    const p = pool[(start + k) % pool.length] as Pattern
    const text = p.make(ctx)
    if (!avoid(text)) return { text, id: p.id }
  }
  return { text: pack.captionCta(ctx), id: 'caption' }
}

/** Visual refs in the order the scenes use them: photos, then covers, then clips. */
function visualsOf(brief: StudioBrief): SceneVisual[] {
  const photos = brief.products.flatMap((p) => p.imageKeys.map((key) => ({ kind: 'photo' as const, key })))
  const covers = brief.products.flatMap((p) => p.coverKeys.map((key) => ({ kind: 'cover' as const, key })))
  const clips = brief.products.flatMap((p) => p.clipKeys.map((key) => ({ kind: 'clip' as const, key })))
  return [...photos, ...covers, ...clips]
}

/** Gives every card scene the next photo, cover or clip of the brief, cycling; a card when there are none. */
export function assignVisuals(scenes: ScriptScene[], brief: StudioBrief, pinned: Set<number> = new Set()): ScriptScene[] {
  const visuals = visualsOf(brief)
  if (visuals.length === 0) return scenes
  let vi = 0
  return scenes.map((s, i) => (s.visual.kind === 'card' && !pinned.has(i) ? { ...s, visual: visuals[vi++ % visuals.length] as SceneVisual } : s))
}

function firstVisualOf(brief: StudioBrief, productId: string): SceneVisual | undefined {
  const p = brief.products.find((x) => x.id === productId)
  if (!p) return undefined
  if (p.imageKeys[0]) return { kind: 'photo', key: p.imageKeys[0] }
  if (p.coverKeys[0]) return { kind: 'cover', key: p.coverKeys[0] }
  if (p.clipKeys[0]) return { kind: 'clip', key: p.clipKeys[0] }
  return undefined
}

function label(text: string): string {
  const t = text.trim()
  if (t.length <= 60) return t
  return `${t.slice(0, 57).replace(/\s+\S*$/, '')}…`
}

export function sanitizeTag(raw: string): string | null {
  const body = raw
    .normalize('NFKC')
    .replace(/^#/, '')
    .replace(/[^\p{L}\p{N}_]+/gu, '')
    .slice(0, 60)
  if (body.length < 2 || /^\d+$/.test(body)) return null
  return `#${body.toLowerCase()}`
}

const TAG_STOP = new Set([
  'with',
  'from',
  'your',
  'this',
  'that',
  'like',
  'used',
  'sale',
  'only',
  'brand',
  'condition',
  'great',
  'good',
  'excellent',
  'free',
  'price',
])

function hashtagsOf(brief: StudioBrief, f: BriefFacts, pack: LangPack, avoid: (t: string) => boolean): string[] {
  const raw: string[] = []
  for (const p of brief.products) {
    if (p.category) raw.push(p.category)
    raw.push(...p.tags)
  }
  for (const p of f.products) for (const w of p.name.split(/\s+/)) if (w.length >= 4 && !TAG_STOP.has(w.toLowerCase()) && /^\p{L}+$/u.test(w)) raw.push(w)
  raw.push(...pack.defaultTags[f.type])
  if (f.shop) raw.push(f.shop)
  if (f.city) raw.push(f.city)
  const out: string[] = []
  for (const r of raw) {
    const tag = sanitizeTag(r)
    if (!tag || out.includes(tag) || avoid(tag.slice(1))) continue
    out.push(tag)
    if (out.length === 8) break
  }
  return out
}

function captionOf(f: BriefFacts, pack: LangPack, ctx: Ctx, scenesText: string[]): string {
  const parts: string[] = []
  if (f.products.length === 0) parts.push(f.topic ? pack.topicLine(f.topic).say : ctx.shop)
  for (const p of f.products.slice(0, 4)) {
    const price = p.price ? (p.was ? `${p.price} (${pack.captionWords.was} ${p.was})` : p.price) : null
    parts.push(price ? `${p.name}: ${price}.` : `${p.name}.`)
  }
  if (f.code && !scenesText.join(' ').includes(`${f.code}.`)) parts.push(`${pack.captionWords.code} ${f.code}.`)
  parts.push(pack.captionCta(ctx))
  return parts.join(' ').slice(0, 2200)
}

/**
 * The offline writer: a deterministic script from the brief's facts. Hook and CTA patterns rotate
 * with (product id, variant); points are catalog facts first, then sentences that claim nothing,
 * added or dropped until the spoken length lands on the target.
 */
export function templateScript(brief: StudioBrief): StudioScript {
  const { pack, note } = langPackOf(brief.voice.language)
  const tone = brief.voice.tone
  const f = briefFacts(brief, pack.code)
  const avoidWords = brief.voice.wordsToAvoid
  const avoid = avoidMatcher(avoidWords)
  const firstId = f.products[0]?.id ?? f.topic ?? f.shop
  const seed = hash32(`${firstId}|${tone}|${brief.source.kind}`)
  const variant = brief.variant
  const lead = f.products[0]
  const ctx: Ctx = { name: lead?.name ?? f.topic ?? f.shop, shop: f.shop, city: f.city, channel: f.channel, code: f.code, topic: f.topic }
  const lang = pack.code
  const target = wordsForSeconds(brief.voice.targetSeconds, lang) * AIM
  const ok = (line: Line) => !avoid(line.say)

  // Hook
  let hook: { text: string; id: string }
  const topicFits = f.topic && words(f.topic, lang) <= HOOK_MAX_WORDS && !avoid(f.topic)
  if (topicFits && f.topic)
    hook = {
      text: /[.!?]$/.test(f.topic) ? f.topic : `${f.topic}${QUESTION.test(f.topic) ? '?' : '.'}`,
      id: 'topic',
    }
  else if (
    brief.source.kind === 'collection' &&
    !avoid(pack.collectionHook(f.collectionTitle)) &&
    words(pack.collectionHook(f.collectionTitle), lang) <= HOOK_MAX_WORDS
  )
    hook = { text: pack.collectionHook(f.collectionTitle), id: 'collection' }
  else hook = pickHook(pack, tone, f, ctx, seed, variant, avoid)

  let cta = pickCta(pack, tone, ctx, seed, variant, avoid)
  const use = brief.voice.wordsToUse.filter((w) => !avoid(w)).slice(0, 2)

  // Value: the price line (single product), or the topic sentence, or a plain line.
  const value: Draft = { kind: 'value', lines: [], label: '' }
  if (f.topic && !topicFits) value.lines.push(pack.topicLine(f.topic))
  if (brief.source.kind === 'product' && lead) {
    const pl = pack.priceLine(lead, tone)
    if (pl && ok(pl)) value.lines.push(pl)
  }
  if (use[0]) value.lines.push({ say: pack.workInWord(use[0], f.shop), label: use[0] })
  // Points: per product for collections and topics with products, else the lead product's facts.
  const points: Draft[] = []
  // Lines still to place, each with the scene it must go to (a product's facts stay on its scene).
  const queue: { line: Line; to?: Draft }[] = []
  const shopLines = pack.shopLines(ctx).filter(ok)
  const perProduct = brief.source.kind !== 'product'
  if (!perProduct && lead) {
    const facts = [...pack.factLines(lead).filter(ok), ...shopLines]
    // Stock and variants lead; the code and city follow; the description comes after them.
    facts.sort((a, b) => Number(lead.descriptionLines.includes(a.say)) - Number(lead.descriptionLines.includes(b.say)))
    for (const line of facts) points.length < 2 ? points.push({ kind: 'point', lines: [line], label: line.label }) : queue.push({ line })
  } else {
    const own: { d: Draft; facts: Line[] }[] = []
    f.products.slice(0, 4).forEach((p, i) => {
      const intro = pack.productIntro(p, i)
      const d: Draft = {
        kind: 'point',
        lines: [ok(intro) ? intro : { say: `${p.name}.`, label: p.name }],
        label: p.name,
        visual: firstVisualOf(brief, p.id) ?? { kind: 'card' },
      }
      points.push(d)
      own.push({ d, facts: pack.factLines(p).filter(ok).slice(0, 3) })
    })
    for (const line of shopLines) queue.push({ line, to: value })
    for (let k = 0; k < 3; k++) for (const o of own) if (o.facts[k]) queue.push({ line: o.facts[k] as Line, to: o.d })
  }
  // Product scripts pad with type and shop lines first, then the advice-led topic lines.
  const general = new Set(pack.general.map((l) => l.say))
  const fillerPool = (
    f.products.length > 0
      ? [
          ...shuffled([...pack.filler[f.type], ...pack.general], seed + variant),
          ...shuffled(
            pack.topicGeneral.filter((l) => !general.has(l.say)),
            seed + variant + 1,
          ),
        ]
      : shuffled(pack.topicGeneral, seed + variant)
  ).filter(ok)
  if (value.lines.length === 0) value.lines.push(fillerPool.shift() as Line)
  value.label = lead && brief.source.kind === 'product' ? lead.name : (value.lines[0]?.label ?? '')
  while (points.length < 2) {
    const line = fillerPool.shift()
    if (!line) break
    points.push({ kind: 'point', lines: [line], label: line.label })
  }
  for (const line of fillerPool) queue.push({ line })

  const ctaDraft: Draft = {
    kind: 'cta',
    lines: [{ say: cta.text, label: pack.captionCta(ctx).replace(/[.!]$/, '') }],
    label: pack.captionCta(ctx).replace(/[.!]$/, ''),
  }
  if (use[1]) ctaDraft.lines.push({ say: pack.workInWord(use[1], f.shop), label: use[1] })
  const hookDraft: Draft = { kind: 'hook', lines: [{ say: hook.text, label: ctx.name }], label: ctx.name }

  const sceneWords = (d: Draft) => d.lines.reduce((m, l) => m + words(l.say, lang), 0)
  const total = () => [hookDraft, value, ...points, ctaDraft].reduce((n, d) => n + sceneWords(d), 0)

  // Trim when the facts alone run over (short targets): drop extra lines from the longest scene.
  while (total() > target * 1.06) {
    const candidates = [value, ...points, ctaDraft].filter((d) => d.lines.length > 1)
    if (candidates.length === 0) break
    const longest = candidates.sort((a, b) => sceneWords(b) - sceneWords(a))[0] as Draft
    longest.lines.pop()
  }
  // Still over: swap the longest free scene (not a product's own) for a shorter line, then take
  // the shortest call to action.
  for (let guard = 0; guard < 8 && total() > target * 1.06; guard++) {
    // the price line and the topic sentence stay; so does a product's own scene
    const longest = [value, ...points]
      .filter((d) => !d.visual && !(d === value && (brief.source.kind === 'product' || (f.topic && !topicFits))))
      .sort((a, b) => sceneWords(b) - sceneWords(a))[0]
    if (!longest) break
    const have = sceneWords(longest)
    const shorter = queue
      .map((q, i) => ({ q, i, w: words(q.line.say, lang) }))
      .filter((x) => !x.q.to && x.w < have)
      .sort((a, b) => a.w - b.w)[0]
    if (!shorter) break
    queue.splice(shorter.i, 1)
    queue.push(...longest.lines.map((line) => ({ line })))
    longest.lines = [shorter.q.line]
    longest.label = shorter.q.line.label
  }
  if (total() > target * 1.06) {
    const shortest = pack.ctas[tone]
      .map((p) => ({ id: p.id, text: p.make(ctx) }))
      .filter((c) => !avoid(c.text))
      .sort((a, b) => words(a.text, lang) - words(b.text, lang))[0]
    if (shortest && words(shortest.text, lang) < words(cta.text, lang)) {
      cta = shortest
      ;(ctaDraft.lines[0] as Line).say = shortest.text
    }
  }
  // Still over (a slow language, a long topic line): the shortest hook of the same kind.
  if (total() > target * 1.06 && hook.id !== 'topic' && hook.id !== 'collection') {
    const pool: Pattern[] = f.products.length > 0 ? [...pack.toneHooks[tone], ...pack.typeHooks[f.type]] : pack.plainHooks
    const shortest = pool
      .map((p) => ({ id: p.id, text: p.make({ ...ctx, name: shortenName(ctx.name, 2) }) }))
      .filter((h) => !avoid(h.text) && words(h.text, lang) <= HOOK_MAX_WORDS)
      .sort((a, b) => words(a.text, lang) - words(b.text, lang))[0]
    if (shortest && words(shortest.text, lang) < words(hook.text, lang)) {
      hook = shortest
      ;(hookDraft.lines[0] as Line).say = shortest.text
    }
  }
  // Pad: a product's own facts on its scene, new points up to the length's share (2 for 15 s …
  // 4 from 45 s), then more lines on the shortest scene, until the length lands on the target.
  const maxPoints = Math.min(4, Math.max(2, Math.round(brief.voice.targetSeconds / 15)))
  for (const { line, to } of queue) {
    const have = total()
    if (have >= target * 0.97) break
    const w = words(line.say, lang)
    // the aim sits 3 % under the target; a line may overshoot it up to 7 % over the target itself
    if (have + w > (target / AIM) * 1.07) continue
    const roomy = (d: Draft) => d.lines.map((l) => l.say).join(' ').length + line.say.length <= 380
    if (to) {
      if (roomy(to)) to.lines.push(line)
      continue
    }
    if (points.length < maxPoints && (!perProduct || f.products.length === 0)) points.push({ kind: 'point', lines: [line], label: line.label })
    else {
      const shortest = [value, ...points].filter(roomy).sort((a, b) => sceneWords(a) - sceneWords(b))[0]
      if (shortest) shortest.lines.push(line)
    }
  }

  const drafts = [hookDraft, value, ...points, ctaDraft]
  const scenes: ScriptScene[] = drafts.map((d, i) => {
    const id = d.kind === 'point' ? `point-${i - 1}` : d.kind
    const say = stripAvoided(d.lines.map((l) => l.say).join(' '), avoidWords)
    const visual: SceneVisual = d.visual ?? { kind: 'card' }
    return {
      id,
      kind: d.kind,
      say,
      onScreen: label(stripAvoided(d.label, avoidWords)),
      estSeconds: sceneSeconds(say, lang),
      visual,
    }
  })
  const caption = stripAvoided(
    captionOf(
      f,
      pack,
      ctx,
      scenes.map((s) => s.say),
    ),
    avoidWords,
  )
  return {
    language: note ? pack.code : brief.voice.language,
    targetSeconds: brief.voice.targetSeconds,
    scenes: assignVisuals(scenes, brief, new Set(drafts.flatMap((d, i) => (d.visual ? [i] : [])))),
    caption,
    hashtags: hashtagsOf(brief, f, pack, avoid),
    writer: `template:${tone}/${hook.id}+${cta.id}${note ? ` (${note})` : ''}`.slice(0, 80),
  }
}
