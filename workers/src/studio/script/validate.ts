import type { ScriptIssue, StudioBrief, StudioScript } from '../../../../contracts/studio'
import { spokenSeconds, spokenWordCount } from '../../../../contracts/studio-spoken'
import { currencyExponent } from '../../ingest/caption/currencies'
import { findDiscountCodes, findDiscountPercents } from '../../ingest/caption/discounts'
import { findPrices } from '../../ingest/caption/prices'
import { scarcityBacked, scarcityClaims } from '../safety/scarcity'
import { avoidMatcher, HOOK_MAX_WORDS } from './template-engine'

const DISCOUNT_WORDS = /\b(?:discount|on sale|sale price|promo|coupon|voucher|punguzo|desconto|descuento|oferta|rebaja|promoção|promoción)\b/iu

function fieldsOf(script: StudioScript): { sceneId: string | null; text: string }[] {
  return [
    ...script.scenes.flatMap((s) => [
      { sceneId: s.id, text: s.say },
      { sceneId: s.id, text: s.onScreen },
    ]),
    { sceneId: null, text: script.caption },
  ]
}

/** Amounts (major units) the brief backs: each price, each old price, and the saving between them. */
function backedAmounts(brief: StudioBrief): number[] {
  const out: number[] = []
  for (const p of brief.products) {
    const exp = currencyExponent(p.currency ?? 'USD')
    if (p.priceMinor !== null) out.push(p.priceMinor / 10 ** exp)
    if (p.compareAtMinor !== null) out.push(p.compareAtMinor / 10 ** exp)
    if (p.priceMinor !== null && p.compareAtMinor !== null && p.compareAtMinor > p.priceMinor) out.push((p.compareAtMinor - p.priceMinor) / 10 ** exp)
  }
  return out
}

function backedPercents(brief: StudioBrief): number[] {
  return brief.products.flatMap((p) =>
    p.priceMinor !== null && p.compareAtMinor !== null && p.compareAtMinor > p.priceMinor ? [((p.compareAtMinor - p.priceMinor) / p.compareAtMinor) * 100] : [],
  )
}

const near = (a: number, b: number) => Math.abs(a - b) <= Math.max(0.01, 0.005 * Math.abs(b))

/**
 * Problems of a script against its brief: spoken length outside ±10 % of the target, broken
 * structure (hook ≤ 3 s first, 2–4 points, CTA last), prices, discounts and stock claims the
 * catalog does not back, and the shop's avoided words.
 */
export function validateScript(script: StudioScript, brief: StudioBrief): ScriptIssue[] {
  const issues: ScriptIssue[] = []
  const lang = script.language
  const target = brief.voice.targetSeconds
  const seconds = script.scenes.reduce((n, s) => n + spokenSeconds(s.say, lang), 0)
  if (seconds > target * 1.1)
    issues.push({ code: 'too_long', sceneId: null, message: `Spoken length is about ${seconds.toFixed(1)} s; the target is ${target} s (±10 %).` })
  if (seconds < target * 0.9)
    issues.push({ code: 'too_short', sceneId: null, message: `Spoken length is about ${seconds.toFixed(1)} s; the target is ${target} s (±10 %).` })

  const first = script.scenes[0]
  const last = script.scenes[script.scenes.length - 1]
  if (first?.kind !== 'hook') issues.push({ code: 'structure', sceneId: first?.id ?? null, message: 'The first scene must be the hook.' })
  else if (spokenWordCount(first.say, lang) > HOOK_MAX_WORDS)
    issues.push({
      code: 'structure',
      sceneId: first.id,
      message: `The hook takes more than 3 s to say (${spokenWordCount(first.say, lang)} words; at most ${HOOK_MAX_WORDS}).`,
    })
  if (last?.kind !== 'cta') issues.push({ code: 'structure', sceneId: last?.id ?? null, message: 'The last scene must be the call to action.' })
  const points = script.scenes.filter((s) => s.kind === 'point').length
  if (points < 2 || points > 4) issues.push({ code: 'structure', sceneId: null, message: `A script has 2–4 points; this one has ${points}.` })
  const hooks = script.scenes.filter((s) => s.kind === 'hook').length
  const ctas = script.scenes.filter((s) => s.kind === 'cta').length
  if (hooks > 1 || ctas > 1) issues.push({ code: 'structure', sceneId: null, message: 'A script has one hook and one call to action.' })

  const amounts = backedAmounts(brief)
  const percents = backedPercents(brief)
  const code = brief.shop.discountCode?.trim().toUpperCase() ?? null
  const defaultCurrency = brief.products.find((p) => p.currency)?.currency ?? 'USD'
  const stocks = brief.products.map((p) => p.stock)
  const anyDiscount = percents.length > 0 || code !== null
  const avoid = brief.voice.wordsToAvoid.map((w) => ({ w, test: avoidMatcher([w]) }))
  const seen = new Set<string>()
  const push = (issue: ScriptIssue) => {
    const key = `${issue.code}|${issue.sceneId}|${issue.message}`
    if (!seen.has(key)) {
      seen.add(key)
      issues.push(issue)
    }
  }

  for (const { sceneId, text } of fieldsOf(script)) {
    if (!text) continue
    for (const p of findPrices(text, { defaultCurrency })) {
      const values = p.maxAmount !== undefined ? [p.amount, p.maxAmount] : [p.amount]
      for (const v of values)
        if (!amounts.some((a) => near(v, a)))
          push({
            code: 'unsupported_price',
            sceneId,
            message: `"${p.raw.trim()}" is not a price in the catalog${amounts.length ? '' : ' (these products have no price)'}.`,
          })
    }
    for (const d of findDiscountPercents(text))
      if (!percents.some((x) => Math.abs(x - d.percent) <= 1))
        push({ code: 'unsupported_discount', sceneId, message: `${d.percent} % off is not backed by the catalog's prices.` })
    for (const c of findDiscountCodes(text))
      if (c.code.toUpperCase() !== code) push({ code: 'unsupported_discount', sceneId, message: `Code "${c.code}" is not the shop's discount code.` })
    if (!anyDiscount && DISCOUNT_WORDS.test(text))
      push({ code: 'unsupported_discount', sceneId, message: 'The script mentions a discount the catalog does not have.' })
    for (const c of scarcityClaims(text))
      if (!scarcityBacked(c, stocks))
        push({
          code: 'unsupported_stock',
          sceneId,
          message: c.count !== null ? `"${c.text}" does not match the stock count.` : `"${c.text}" claims scarcity the stock does not show.`,
        })
    for (const a of avoid) if (a.test(text)) push({ code: 'avoided_word', sceneId, message: `Uses "${a.w}", which the shop avoids.` })
  }
  for (const tag of script.hashtags)
    for (const a of avoid)
      if (a.test(tag.slice(1)) || tag.slice(1).toLowerCase() === a.w.toLowerCase().replace(/[^\p{L}\p{N}_]+/gu, ''))
        push({ code: 'avoided_word', sceneId: null, message: `Hashtag ${tag} uses "${a.w}", which the shop avoids.` })
  return issues
}
