// Text layout for SVG overlays: XML escaping, width estimates, wrapping and ellipsizing.
// librsvg draws (and shapes, and lays out right-to-left) each line; we only decide where lines
// break, from per-character width estimates that err on the wide side.

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
const words = new Intl.Segmenter(undefined, { granularity: 'word' })

/** Escapes text for an SVG text node or attribute, and drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[\ud800-\udfff]/g, (c, i: number, s: string) => {
      // keep well-formed surrogate pairs, drop lone halves
      const code = c.charCodeAt(0)
      if (code <= 0xdbff) return /[\udc00-\udfff]/.test(s[i + 1] ?? '') ? c : ''
      return /[\ud800-\udbff]/.test(s[i - 1] ?? '') ? c : ''
    })
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u
const NARROW = /[ilj.,:;'!|()[\]{}\-\s]/
const COMBINING = /^\p{M}+$/u

/** Estimated advance of a string in em at bold weight (CJK and emoji 1 em, Latin about 0.6). */
export function textWidthEm(text: string): number {
  let w = 0
  for (const { segment } of graphemes.segment(text)) {
    if (COMBINING.test(segment)) continue
    const ch = segment
    w += WIDE.test(ch) ? 1.0 : NARROW.test(ch) ? 0.32 : /[A-Z0-9MW@%#€$]/.test(ch) ? 0.72 : 0.62
  }
  return w
}

/** Collapses whitespace (including newlines) to single spaces. */
export function normalizeText(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/**
 * Breaks `text` into at most `maxLines` lines that fit `maxWidth` at `fontSize`, breaking at
 * word boundaries (dictionary-based for CJK and Thai), or inside a word that alone is too long;
 * the last line ends in "…" when text is left over.
 */
export function layoutLines(text: string, o: { maxWidth: number; fontSize: number; maxLines: number }): string[] {
  const maxEm = o.maxWidth / o.fontSize
  const tokens = [...words.segment(normalizeText(text))].map((s) => s.segment)
  const lines: string[] = []
  let line = ''
  let i = 0
  while (i < tokens.length && lines.length < o.maxLines) {
    const token = tokens[i]
    const candidate = line + token
    if (textWidthEm(candidate.trimEnd()) <= maxEm) {
      line = candidate
      i++
      continue
    }
    if (line.trim() === '') {
      // a single word wider than the line: split it by grapheme
      const gs = [...graphemes.segment(token)].map((g) => g.segment)
      let part = ''
      let k = 0
      while (k < gs.length && textWidthEm(part + gs[k]) <= maxEm) part += gs[k++]
      if (k === 0) part = gs[k++] // never loop forever on a giant glyph
      lines.push(part)
      tokens[i] = gs.slice(k).join('')
      if (tokens[i] === '') i++
      line = ''
      continue
    }
    lines.push(line.trim())
    line = ''
  }
  if (line.trim() && lines.length < o.maxLines) lines.push(line.trim())
  const rest = tokens.slice(i).join('').trim()
  if (rest && lines.length > 0) lines[lines.length - 1] = ellipsize(`${lines[lines.length - 1]} ${rest}`, maxEm)
  return lines.filter(Boolean)
}

/** Cuts text to fit `maxEm` with a trailing "…" (never inside a grapheme cluster). */
export function ellipsize(text: string, maxEm: number): string {
  if (textWidthEm(text) <= maxEm) return text
  const gs = [...graphemes.segment(text)].map((g) => g.segment)
  while (gs.length && textWidthEm(`${gs.join('').trimEnd()}…`) > maxEm) gs.pop()
  return `${gs.join('').trimEnd()}…`
}
