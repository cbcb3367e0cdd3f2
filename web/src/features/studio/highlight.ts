import type { SafetyHit } from '../../../../contracts/studio'

/** A run of a field's text: plain, or covered by one or more safety hits. */
export type Segment = { text: string; start: number; hits: SafetyHit[] }

/**
 * Cuts a field's text into runs at every hit boundary, so the editor can mark exactly the
 * offending words (hits may overlap: two rules on one phrase). Offsets outside the text (a hit
 * on an older version of the field) are clamped rather than dropped, so nothing disappears.
 */
export function segmentsOf(text: string, hits: readonly SafetyHit[]): Segment[] {
  const inRange = hits
    .map((h) => ({ h, start: Math.max(0, Math.min(h.start, text.length)), end: Math.max(0, Math.min(h.end, text.length)) }))
    .filter((x) => x.end > x.start)
  const cuts = new Set<number>([0, text.length])
  for (const x of inRange) {
    cuts.add(x.start)
    cuts.add(x.end)
  }
  const points = [...cuts].sort((a, b) => a - b)
  const out: Segment[] = []
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]]
    const covering = inRange.filter((x) => x.start <= a && x.end >= b).map((x) => x.h)
    const prev = out[out.length - 1]
    // Neighbouring runs with the same hits (or none) are one run.
    if (prev && sameHits(prev.hits, covering)) prev.text += text.slice(a, b)
    else out.push({ text: text.slice(a, b), start: a, hits: covering })
  }
  return out.length ? out : [{ text, start: 0, hits: [] }]
}

const sameHits = (a: SafetyHit[], b: SafetyHit[]) => a.length === b.length && a.every((h, i) => h === b[i])

/** The hits of one field (`scene:<id>:say`, `scene:<id>:onScreen`, `caption`, `hashtags`). */
export const hitsOf = (hits: readonly SafetyHit[] | undefined, field: string) => (hits ?? []).filter((h) => h.field === field)
