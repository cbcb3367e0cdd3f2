import type { ProductFacts, ProductType } from './facts'
import { type Channel, type Ctx, type LangPack, type Line, type Pattern, type Tone, variantKind } from './lang'

/**
 * A language's templates written as plain strings with {name}, {shop}, {channel}, {price},
 * {was}, {n}, {list}, {code}, {city}, {w} slots, and a label after " | " for on-screen text.
 */
export type LangSpec = {
  code: string
  channel: Record<Channel, string>
  and: string
  toneHooks: Record<Tone, string[]>
  typeHooks: Record<ProductType, string[]>
  plainHooks: string[]
  ctas: Record<Tone, string[]>
  price: { was: string; premium: string; plain: string; urgent?: string }
  variants: { few: string; many: string; kinds: Record<'sizes' | 'colours' | 'options', string> }
  stock: { one: string; many: string }
  discountCode: string
  city: string
  intro: { order: string[]; withPrice: string; plain: string }
  filler: Record<ProductType, string[]>
  general: string[]
  topicGeneral: string[]
  workInWord: string
  captionCta: string
  collection: { titled: string; plain: string }
  defaultTags: Record<ProductType, string[]>
  captionWords: { was: string; code: string }
}

function fill(t: string, v: Record<string, string | number | null | undefined>): string {
  return t.replace(/\{(\w+)\}/g, (_, k: string) => String(v[k] ?? ''))
}

function line(t: string, v: Record<string, string | number | null | undefined> = {}): Line {
  const [say, label] = t.split(' | ')
  const s = fill(say as string, v)
  return { say: s, label: label ? fill(label, v) : s.replace(/[.!?]+$/, '') }
}

function patterns(list: string[], channelOf: (c: Channel) => string): Pattern[] {
  return list.map((t, i) => ({
    id: `p${i + 1}`,
    make: (c: Ctx) => fill(t, { name: c.name, shop: c.shop, city: c.city, channel: channelOf(c.channel), code: c.code }),
  }))
}

export function packFromSpec(spec: LangSpec): LangPack {
  const channel = (c: Channel) => spec.channel[c]
  const join = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${spec.and} ${items[items.length - 1]}`)
  const byTone = (m: Record<Tone, string[]>, prefix: string) =>
    Object.fromEntries(
      Object.entries(m).map(([tone, list]) => [tone, patterns(list, channel).map((p) => ({ ...p, id: `${prefix}-${tone}-${p.id}` }))]),
    ) as Record<Tone, Pattern[]>
  const byType = (m: Record<ProductType, string[]>) =>
    Object.fromEntries(Object.entries(m).map(([type, list]) => [type, patterns(list, channel).map((p) => ({ ...p, id: `${type}-${p.id}` }))])) as Record<
      ProductType,
      Pattern[]
    >
  return {
    code: spec.code,
    toneHooks: byTone(spec.toneHooks, 'hook'),
    typeHooks: byType(spec.typeHooks),
    plainHooks: patterns(spec.plainHooks, channel).map((p) => ({ ...p, id: `plain-${p.id}` })),
    ctas: byTone(spec.ctas, 'cta'),
    channel,
    priceLine(p: ProductFacts, tone) {
      if (!p.price) return null
      const t = p.was ? spec.price.was : tone === 'premium' ? spec.price.premium : tone === 'urgent' && spec.price.urgent ? spec.price.urgent : spec.price.plain
      return { ...line(t, { price: p.price, was: p.was }), label: p.name }
    },
    factLines(p) {
      const out: Line[] = []
      if (p.variantCount >= 2) {
        const kind = spec.variants.kinds[variantKind(p.variants)]
        const t = p.variantCount > 3 ? spec.variants.many : spec.variants.few
        out.push(line(t, { n: p.variantCount, kind, list: join(p.variants.slice(0, 3)) }))
      }
      if (p.lowStock !== null) out.push(line(p.lowStock === 1 ? spec.stock.one : spec.stock.many, { n: p.lowStock }))
      for (const d of p.descriptionLines) out.push({ say: d, label: p.name })
      return out
    },
    shopLines(c) {
      const out: Line[] = []
      if (c.code) out.push(line(spec.discountCode, { code: c.code }))
      if (c.city) out.push(line(spec.city, { city: c.city }))
      return out
    },
    productIntro(p, i) {
      const lead = spec.intro.order[Math.min(i, spec.intro.order.length - 1)] as string
      return { ...line(p.price ? spec.intro.withPrice : spec.intro.plain, { lead, name: p.name, price: p.price }), label: p.name }
    },
    filler: Object.fromEntries(Object.entries(spec.filler).map(([k, v]) => [k, v.map((t) => line(t))])) as Record<ProductType, Line[]>,
    general: spec.general.map((t) => line(t)),
    topicGeneral: spec.topicGeneral.map((t) => line(t)),
    workInWord: (w, shop) => fill(spec.workInWord, { w, shop }),
    topicLine: (t) => ({ say: `${t.replace(/[.!?]+$/, '')}.`, label: t.slice(0, 60) }),
    captionCta: (c) => fill(spec.captionCta, { channel: channel(c.channel) }),
    collectionHook: (title) => (title ? fill(spec.collection.titled, { title }) : spec.collection.plain),
    defaultTags: spec.defaultTags,
    captionWords: spec.captionWords,
  }
}
