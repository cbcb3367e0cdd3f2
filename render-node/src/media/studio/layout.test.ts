import { describe, expect, it } from 'vitest'
import { captionFiles, inside, studioLayout } from './layout'

describe('studio caption layout', () => {
  for (const [width, height] of [
    [540, 960],
    [1080, 1920],
  ]) {
    it(`keeps even a long caption and headline inside the safe area at ${width}×${height}`, () => {
      const layout = studioLayout(width, height)
      const long = 'This canvas tote carries a laptop, your lunch, a water bottle and a jacket with room to spare'
      const files = captionFiles([{ startSeconds: 0, endSeconds: 2, text: long }], [{ startSeconds: 0, endSeconds: 2, text: long }], {
        width,
        height,
        layout,
        brandColor: '#111827',
        captionText: '#ffffff',
      })
      expect(inside(files.captionBoxes[0], layout.safe)).toBe(true)
      expect(inside(files.headlineBoxes[0], layout.safe)).toBe(true)
      // at most two lines, the rest ellipsized
      const line = files.ass.split('\n').find((l) => l.includes(',Caption,'))!
      expect(line.split('\\N')).toHaveLength(2)
      expect(line.endsWith('…')).toBe(true)
      // the caption sits above the bottom UI zone, the headline below the top one
      expect(files.captionBoxes[0].bottom).toBeLessThanOrEqual(height * 0.8)
      expect(files.headlineBoxes[0].top).toBeGreaterThanOrEqual(height * 0.1)
    })
  }

  it('writes cue times exactly: SRT in milliseconds, ASS in centiseconds, and escapes ASS override braces', () => {
    const files = captionFiles([{ startSeconds: 61.23, endSeconds: 3723.5, text: 'Hi {\\b1}there' }], [], {
      width: 540,
      height: 960,
      layout: studioLayout(540, 960),
      brandColor: '#facc15',
      captionText: '#111111',
    })
    expect(files.srt).toBe('1\n00:01:01,230 --> 01:02:03,500\nHi {\\b1}there\n')
    const line = files.ass.split('\n').find((l) => l.startsWith('Dialogue: 0,'))!
    expect(line).toBe('Dialogue: 0,0:01:01.23,1:02:03.50,Caption,,0,0,0,,Hi (∖b1)there')
    // the caption box takes the brand colour (ASS is &HAABBGGRR)
    expect(files.ass).toMatch(/Style: Caption,Noto Sans,\d+,&H00111111,&H00111111,&H1F15CCFA,/)
  })
})
