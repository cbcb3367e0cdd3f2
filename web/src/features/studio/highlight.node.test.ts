import { describe, expect, it } from 'vitest'
import type { SafetyHit } from '../../../../contracts/studio'
import { hitsOf, segmentsOf } from './highlight'

const hit = (start: number, end: number, rule = 'guarantee', field = 'scene:hook:say'): SafetyHit => ({
  rule,
  category: 'guarantee',
  decision: 'block',
  field,
  start,
  end,
  text: '',
  message: 'Promises a result the shop cannot guarantee',
})

describe('segmentsOf', () => {
  it('marks exactly the offending words and keeps the rest as plain text', () => {
    const text = 'Guaranteed to cure back pain in a week'
    const segs = segmentsOf(text, [hit(0, 10), hit(14, 18, 'health')])
    expect(segs.map((s) => [s.text, s.hits.length])).toEqual([
      ['Guaranteed', 1],
      [' to ', 0],
      ['cure', 1],
      [' back pain in a week', 0],
    ])
    expect(segs.map((s) => s.text).join('')).toBe(text)
  })

  it('splits overlapping hits so the shared words carry both reasons', () => {
    const segs = segmentsOf('abcdefgh', [hit(0, 5, 'a'), hit(3, 8, 'b')])
    expect(segs.map((s) => [s.text, s.hits.map((h) => h.rule)])).toEqual([
      ['abc', ['a']],
      ['de', ['a', 'b']],
      ['fgh', ['b']],
    ])
  })

  it('clamps hits that reach past the end of an edited text instead of losing them', () => {
    const segs = segmentsOf('short', [hit(2, 40)])
    expect(segs.map((s) => [s.text, s.hits.length])).toEqual([
      ['sh', 0],
      ['ort', 1],
    ])
  })

  it('returns the whole text as one plain run without hits, and for empty text', () => {
    expect(segmentsOf('hello', [])).toEqual([{ text: 'hello', start: 0, hits: [] }])
    expect(segmentsOf('', [hit(0, 3)])).toEqual([{ text: '', start: 0, hits: [] }])
  })

  it('picks the hits of one field', () => {
    const hits = [hit(0, 1, 'x', 'caption'), hit(0, 1, 'y', 'scene:hook:say')]
    expect(hitsOf(hits, 'caption').map((h) => h.rule)).toEqual(['x'])
    expect(hitsOf(undefined, 'caption')).toEqual([])
  })
})
