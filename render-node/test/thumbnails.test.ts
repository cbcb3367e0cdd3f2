import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import sharp from 'sharp'
import { thumbHashToRGBA } from 'thumbhash'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { escapeXml, layoutLines, textWidthEm } from '../src/media/text'
import { sendJob, startNode, type TestNode } from './helpers'

let node: TestNode
let cover: Buffer
beforeAll(async () => {
  node = await startNode()
  // a landscape photo with one bright subject off-centre: attention cropping should keep it
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1000"><rect width="100%" height="100%" fill="#334155"/><circle cx="1200" cy="500" r="220" fill="#f97316"/><rect x="100" y="100" width="200" height="120" fill="#64748b"/></svg>`
  cover = await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer()
})
afterAll(() => node.close())

/** Mean absolute difference of two same-size image regions, 0..255. */
async function regionDiff(a: Buffer, b: Buffer, region: { left: number; top: number; width: number; height: number }) {
  const [pa, pb] = await Promise.all([a, b].map((img) => sharp(img).extract(region).removeAlpha().raw().toBuffer()))
  let sum = 0
  for (let i = 0; i < pa.length; i++) sum += Math.abs(pa[i] - pb[i])
  return sum / pa.length
}

describe('thumbnails job', () => {
  it('makes 9:16 and square crops at three widths in WebP, AVIF and JPEG, with a thumbhash per crop', async () => {
    const reply = await sendJob(node.url, { type: 'thumbnails', input: 'cover' }, { cover })
    expect(reply.status).toBe(200)
    const names = reply.result!.outputs.map((o) => o.name).sort()
    expect(names).toHaveLength(18)
    const expected: Array<[string, number, number, string]> = [
      ['portrait-320', 320, 568, ''],
      ['portrait-640', 640, 1136, ''],
      ['portrait-1080', 1080, 1920, ''],
      ['square-200', 200, 200, ''],
      ['square-400', 400, 400, ''],
      ['square-800', 800, 800, ''],
    ]
    for (const [base, width, height] of expected) {
      for (const [ext, format] of [
        ['webp', 'webp'],
        ['avif', 'heif'],
        ['jpg', 'jpeg'],
      ]) {
        const file = reply.files.get(`${base}.${ext}`)
        expect(file, `${base}.${ext}`).toBeDefined()
        const meta = await sharp(file!).metadata()
        expect([meta.format, meta.width, meta.height]).toEqual([format, width, height])
        if (ext === 'avif') expect(meta.compression).toBe('av1')
      }
    }
    const hashes = reply.result!.meta.thumbhash as Record<string, string>
    for (const crop of ['portrait', 'square']) {
      const decoded = thumbHashToRGBA(Buffer.from(hashes[crop], 'base64'))
      expect(decoded.w * decoded.h).toBeGreaterThan(0)
    }
    expect(Buffer.from(hashes.portrait, 'base64').byteLength).toBeLessThan(40)
  })

  it('keeps the salient subject in the 9:16 crop (attention strategy)', async () => {
    const reply = await sendJob(node.url, { type: 'thumbnails', input: 'cover', crops: ['portrait'], formats: ['jpeg'] }, { cover })
    const { channels } = await sharp(reply.files.get('portrait-320.jpg')!).stats()
    // the orange circle fills much of the crop: red above blue (a centre crop is bluish: the background)
    expect(channels[0].mean).toBeGreaterThan(channels[2].mean + 20)
  })

  it('draws the title and the price badge where the overlay goes, and nowhere else', async () => {
    const job = { type: 'thumbnails', input: 'cover', crops: ['portrait'], formats: ['webp'] }
    const plain = await sendJob(node.url, job, { cover })
    const overlaid = await sendJob(node.url, { ...job, overlay: { title: 'Linen summer dress', price: '€49.90' } }, { cover })
    const [a, b] = [plain.files.get('portrait-640.webp')!, overlaid.files.get('portrait-640.webp')!]
    expect(await regionDiff(a, b, { left: 40, top: 1020, width: 560, height: 80 })).toBeGreaterThan(20) // title
    expect(await regionDiff(a, b, { left: 500, top: 30, width: 110, height: 50 })).toBeGreaterThan(40) // price badge
    expect(await regionDiff(a, b, { left: 40, top: 300, width: 200, height: 200 })).toBeLessThan(3) // untouched middle
  })

  it('renders titles in any script, escapes markup and ellipsizes long titles', async () => {
    const title = `Платье Φόρεμα فستان पोशाक 连衣裙 ドレス <b>&"'</b> ${'very long words '.repeat(12)}`
    const reply = await sendJob(
      node.url,
      { type: 'thumbnails', input: 'cover', crops: ['square'], formats: ['jpeg'], overlay: { title, price: '₹ 1 999' } },
      { cover },
    )
    expect(reply.status).toBe(200)
    expect(await sharp(reply.files.get('square-800.jpg')!).metadata()).toMatchObject({ width: 800, height: 800 })
  })

  it('produces byte-identical images on a second run (stable content-addressed keys)', async () => {
    const job = { type: 'thumbnails', input: 'cover', overlay: { title: 'Same bytes every time', price: '$10' } }
    const [first, second] = [await sendJob(node.url, job, { cover }), await sendJob(node.url, job, { cover })]
    const hashes = (r: typeof first) => Object.fromEntries(r.result!.outputs.map((o) => [o.name, o.sha256]))
    expect(hashes(second)).toEqual(hashes(first))
    expect(second.result!.meta.thumbhash).toEqual(first.result!.meta.thumbhash)
  })
})

describe('overlay text layout', () => {
  it('escapes XML special characters and drops characters XML forbids', () => {
    expect(escapeXml(`<script>&"'\u0007`)).toBe('&lt;script&gt;&amp;&quot;&apos;')
  })

  it('wraps at word boundaries and ellipsizes what does not fit', () => {
    const lines = layoutLines('The quick brown fox jumps over the lazy dog again and again and again', { maxWidth: 300, fontSize: 30, maxLines: 2 })
    expect(lines).toHaveLength(2)
    expect(lines[1].endsWith('…')).toBe(true)
    for (const l of lines) expect(textWidthEm(l) * 30).toBeLessThanOrEqual(300)
  })

  it('breaks CJK text without spaces and splits a single over-long word', () => {
    const cjk = layoutLines('这是一件非常漂亮的夏季连衣裙适合海边度假穿着', { maxWidth: 200, fontSize: 20, maxLines: 3 })
    expect(cjk.length).toBeGreaterThan(1)
    for (const l of cjk) expect(textWidthEm(l) * 20).toBeLessThanOrEqual(200)
    const long = layoutLines('Supercalifragilisticexpialidocious', { maxWidth: 120, fontSize: 20, maxLines: 2 })
    expect(long).toHaveLength(2)
  })

  it('never cuts inside a Devanagari grapheme cluster', () => {
    const [line] = layoutLines('नमस्ते दुनिया नमस्ते दुनिया नमस्ते', { maxWidth: 100, fontSize: 20, maxLines: 1 })
    expect(line.endsWith('…')).toBe(true)
    expect(/\p{M}…$/u.test(line) || /[^\p{M}]…$/u.test(line)).toBe(true)
    expect(line.normalize('NFC')).toBe(line)
  })
})

describe('fonts', () => {
  it('the render node font set covers Latin, Cyrillic, Greek, Arabic, Devanagari and CJK', async () => {
    const conf = fileURLToPath(new URL('../fonts/fonts.conf', import.meta.url))
    for (const lang of ['en', 'ru', 'el', 'ar', 'hi', 'zh-cn', 'ja', 'ko']) {
      const { stdout } = await promisify(execFile)('fc-list', [`:lang=${lang}`, 'family'], { env: { ...process.env, FONTCONFIG_FILE: conf } })
      expect(stdout.trim().length, `a font for ${lang}`).toBeGreaterThan(0)
    }
  })
})
