import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { toCaptionLine } from './format-caption-line'
import { parseCaption } from './parse-caption'
import { captionLineSchema, captionUnderstandingSchema } from './schemas'

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '../../../..')

type Fixture = {
  id: string
  currency?: string
  text: string
  expected: { prices: Array<{ amount: number; currency: string; compareAt?: boolean }>; ctas: string[]; codes: string[] }
}
const fixtures = readFileSync(path.join(here, 'fixtures/captions-multicurrency.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Fixture)

describe('parseCaption', () => {
  it('returns the rich result, valid against its schema', () => {
    const result = parseCaption('Ankara set 😍 ₦15,000 only (was ₦20,000)! Sizes S, M, L. Use code ANKARA10, DM to order #lagos', {
      defaultCurrency: 'NGN',
    })
    expect(captionUnderstandingSchema.parse(result)).toEqual(result)
    expect(result).toMatchObject({
      prices: [
        { amount: 15000, amountMinor: 1500000, currency: 'NGN', role: 'current' },
        { amount: 20000, amountMinor: 2000000, currency: 'NGN', role: 'compare_at' },
      ],
      codes: ['ANKARA10'],
      sizes: ['S', 'M', 'L'],
      hashtags: ['lagos'],
      sentiment: 'positive',
      category: 'apparel',
      source: 'rules',
    })
  })

  it('gives the same answer every time', () => {
    const text = fixtures[0]?.text ?? ''
    expect(parseCaption(text)).toEqual(parseCaption(text))
  })

  it('finds the primary price of at least 90% of the hand-labelled multi-currency captions', () => {
    let correct = 0
    for (const f of fixtures) {
      const line = toCaptionLine(f.id, parseCaption(f.text, { defaultCurrency: f.currency ?? 'USD' }))
      const got = line.prices.find((p) => !p.compareAt)
      const want = f.expected.prices.find((p) => !p.compareAt)
      if (got && want ? got.currency === want.currency && Math.abs(got.amount - want.amount) < 0.01 : !got && !want) correct++
    }
    expect(correct / fixtures.length).toBeGreaterThanOrEqual(0.9)
  })

  it('formats the CLI line with the contract keys first and in order', () => {
    const line = toCaptionLine('p1', parseCaption('was $40 now $25, link in bio', { defaultCurrency: 'USD' }))
    expect(Object.keys(line).slice(0, 7)).toEqual(['id', 'prices', 'ctas', 'codes', 'products', 'sentiment', 'tags'])
    expect(captionLineSchema.parse(line).prices).toEqual([
      { amount: 25, currency: 'USD' },
      { amount: 40, currency: 'USD', compareAt: true },
    ])
  })
})

describe('parse-captions CLI', () => {
  it('prints one line per input and an error line for bad input without stopping', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'KSh 1,500 only, link in bio', currency: 'KES' }),
      'not json',
      JSON.stringify({ id: 'b' }),
      JSON.stringify({ id: 'c', text: 'use code SAVE20, $12 each' }),
    ].join('\n')
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = execFile(
        process.execPath,
        ['--import', 'tsx', path.join(repoRoot, 'scripts/parse-captions.ts')],
        { cwd: repoRoot, env: { ...process.env, OPENAI_API_KEY: '' } },
        (err, out) => (err ? reject(err) : resolve(out)),
      )
      child.stdin?.end(`${input}\n`)
    })
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines).toHaveLength(4)
    expect(lines[0]).toMatchObject({ id: 'a', prices: [{ amount: 1500, currency: 'KES' }], ctas: ['link_in_bio'] })
    expect(lines[1]).toMatchObject({ id: null, error: 'invalid JSON' })
    expect(lines[2]).toMatchObject({ id: 'b', error: expect.stringContaining('text') })
    expect(lines[3]).toMatchObject({ id: 'c', prices: [{ amount: 12, currency: 'USD' }], codes: ['SAVE20'] })
  })
})
