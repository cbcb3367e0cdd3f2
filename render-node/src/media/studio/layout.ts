// Where everything sits on a studio frame, and the caption files (ASS for burning in, SRT for the
// platforms). One layout serves drawing and the quality check, so "captions inside the safe
// area" is checked against the boxes really drawn.
import type { StudioOverlayLayout } from '../image'
import { layoutLines, normalizeText, textWidthEm } from '../text'

export type Box = { left: number; top: number; right: number; bottom: number }

/**
 * TikTok's (and Reels', Shorts') UI covers the top ~10 % (tabs), the bottom ~20 % (caption,
 * music, nav bar) and the right ~12 % (like, comment, share column). Text stays inside the rest.
 */
export function safeArea(width: number, height: number): Box {
  return { left: Math.round(width * 0.04), top: Math.round(height * 0.1), right: Math.round(width * 0.88), bottom: Math.round(height * 0.8) }
}

export type StudioLayout = StudioOverlayLayout & {
  safe: Box
  caption: { fontSize: number; pad: number; marginV: number; maxLines: number }
  headline: { fontSize: number; pad: number; marginV: number; maxLines: number }
}

/** The studio layout for a W×H (9:16) frame; every size is a share of the width, so drafts and delivery look alike. */
export function studioLayout(width: number, height: number): StudioLayout {
  const u = width / 100
  const safe = safeArea(width, height)
  const captionFont = Math.round(6.2 * u)
  const captionPad = Math.round(1.4 * u)
  const headlineFont = Math.round(6.6 * u)
  const headlinePad = Math.round(1.6 * u)
  const logoBox = Math.round(14 * u)
  return {
    safe,
    logo: { left: safe.left + Math.round(u), top: safe.top + Math.round(u), box: logoBox },
    disclosure: { left: safe.left + Math.round(u), top: safe.top + logoBox + Math.round(2.5 * u), fontSize: Math.round(2.8 * u) },
    // the badge's right edge stays left of the right-hand UI column
    badge: { right: safe.right - Math.round(u), top: safe.top + Math.round(2 * u), fontSize: Math.round(6.4 * u) },
    cta: { centerY: Math.round(height * 0.56), fontSize: Math.round(7.6 * u) },
    qr: { centerX: Math.round((safe.left + safe.right) / 2), top: Math.round(height * 0.3), size: Math.round(28 * u) },
    // bottom of the caption box 1 % of the width above the bottom UI zone
    caption: { fontSize: captionFont, pad: captionPad, marginV: height - safe.bottom + captionPad + Math.round(u), maxLines: 2 },
    headline: { fontSize: headlineFont, pad: headlinePad, marginV: safe.top + logoBox + Math.round(9 * u), maxLines: 2 },
  }
}

/** libass makes a line (ascent + descent) as tall as the font size; 1.05 leaves room for the line gap. */
const LINE = 1.05
/**
 * So an em is about 0.73 of the ASS font size for Noto Sans (ascent + descent = 1.36 em); widths
 * are estimated at 0.8, on the wide side like `textWidthEm` itself, so real boxes are never wider.
 */
const ASS_EM = 0.8

/** Breaks text into the lines libass will draw (we break, libass does not: WrapStyle 2). */
function linesFor(text: string, style: { fontSize: number; pad: number; maxLines: number }, safe: Box): string[] {
  return layoutLines(text, { maxWidth: safe.right - safe.left - style.pad * 2, fontSize: style.fontSize * ASS_EM, maxLines: style.maxLines })
}

/** The box a cue is drawn in (text plus the opaque box's padding), from the same line breaks as the ASS file. */
function boxOf(lines: string[], style: { fontSize: number; pad: number; marginV: number }, safe: Box, height: number, anchor: 'top' | 'bottom'): Box {
  const w = Math.max(...lines.map((l) => textWidthEm(l))) * style.fontSize * ASS_EM + style.pad * 2
  const h = lines.length * style.fontSize * LINE + style.pad * 2
  const centre = (safe.left + safe.right) / 2
  const top = anchor === 'bottom' ? height - style.marginV + style.pad - h : style.marginV - style.pad
  return { left: Math.round(centre - w / 2), top: Math.round(top), right: Math.round(centre + w / 2), bottom: Math.round(top + h) }
}

export type Cue = { startSeconds: number; endSeconds: number; text: string }
export type Headline = { startSeconds: number; endSeconds: number; text: string }

/** Inside `outer`, edges included. */
export function inside(inner: Box, outer: Box): boolean {
  return inner.left >= outer.left && inner.right <= outer.right && inner.top >= outer.top && inner.bottom <= outer.bottom
}

/** ASS time: h:mm:ss.cc. Voice chunks start on whole 10 ms steps, so cue times stay exact. */
function assTime(seconds: number): string {
  const cs = Math.max(0, Math.round(seconds * 100))
  const h = Math.floor(cs / 360000)
  const m = Math.floor((cs % 360000) / 6000)
  const s = Math.floor((cs % 6000) / 100)
  return `${h}:${pad2(m)}:${pad2(s)}.${pad2(cs % 100)}`
}

/** SRT time: hh:mm:ss,mmm. */
function srtTime(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000))
  return `${pad2(Math.floor(ms / 3600000))}:${pad2(Math.floor((ms % 3600000) / 60000))}:${pad2(Math.floor((ms % 60000) / 1000))},${String(ms % 1000).padStart(3, '0')}`
}

const pad2 = (n: number) => String(n).padStart(2, '0')

/** ASS colour &HAABBGGRR from #rrggbb and an opacity 0..1. */
function assColour(hex: string, opacity = 1): string {
  const a = Math.round((1 - opacity) * 255)
  return `&H${[a, Number.parseInt(hex.slice(5, 7), 16), Number.parseInt(hex.slice(3, 5), 16), Number.parseInt(hex.slice(1, 3), 16)].map((v) => v.toString(16).padStart(2, '0').toUpperCase()).join('')}`
}

/** Text for an ASS event: override braces and backslashes would become tags, so they are replaced. */
function assText(lines: string[]): string {
  return lines.map((l) => l.replace(/\\/g, '∖').replace(/\{/g, '(').replace(/\}/g, ')')).join('\\N')
}

export type CaptionFiles = { ass: string; srt: string; captionBoxes: Box[]; headlineBoxes: Box[] }

/**
 * The ASS file burned into the video (voice captions bottom-centre on the brand colour; each
 * scene's on-screen text near the top) and the SRT of the same cues, plus the boxes each
 * caption and headline occupies, for the quality check.
 */
export function captionFiles(
  cues: Cue[],
  headlines: Headline[],
  o: { width: number; height: number; layout: StudioLayout; brandColor: string; captionText: string },
): CaptionFiles {
  const { width, height, layout } = o
  const { safe, caption, headline } = layout
  const marginL = safe.left
  const marginR = width - safe.right
  const style = (name: string, s: { fontSize: number; pad: number; marginV: number }, align: number, primary: string, box: string) =>
    `Style: ${name},Noto Sans,${s.fontSize},${primary},${primary},${box},${box},-1,0,0,0,100,100,0,0,3,${s.pad},0,${align},${marginL},${marginR},${s.marginV},1`
  const captionLines = cues.map((c) => linesFor(c.text, caption, safe))
  const headlineLines = headlines.map((h) => linesFor(h.text, headline, safe))
  const ass = [
    '[Script Info]',
    'ScriptType: v4.00+',
    `PlayResX: ${width}`,
    `PlayResY: ${height}`,
    'WrapStyle: 2',
    'ScaledBorderAndShadow: yes',
    'YCbCr Matrix: TV.709',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    style('Caption', caption, 2, assColour(o.captionText), assColour(o.brandColor, 0.88)),
    style('Headline', headline, 8, assColour('#ffffff'), assColour('#000000', 0.55)),
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
    ...headlines.map((h, i) => `Dialogue: 1,${assTime(h.startSeconds)},${assTime(h.endSeconds)},Headline,,0,0,0,,{\\fad(200,200)}${assText(headlineLines[i])}`),
    ...cues.map((c, i) => `Dialogue: 0,${assTime(c.startSeconds)},${assTime(c.endSeconds)},Caption,,0,0,0,,${assText(captionLines[i])}`),
    '',
  ].join('\n')
  const srt = cues.map((c, i) => `${i + 1}\n${srtTime(c.startSeconds)} --> ${srtTime(c.endSeconds)}\n${normalizeText(c.text)}\n`).join('\n')
  return {
    ass,
    srt,
    captionBoxes: captionLines.map((l) => boxOf(l, caption, safe, height, 'bottom')),
    headlineBoxes: headlineLines.map((l) => boxOf(l, headline, safe, height, 'top')),
  }
}
