import { describe, expect, it } from 'vitest'
import { formatRef, parseRef } from './attribution-ref'

describe('attribution refs', () => {
  it('round-trips every source kind', () => {
    const refs = [
      { productRef: 'RRS12AB3', source: { kind: 'page' } },
      { productRef: 'RRS12AB3', source: { kind: 'video', videoExternalId: '7301234567890123456' } },
      { productRef: 'RRS12AB3', source: { kind: 'link', linkCode: 'k3Xz9Qa' } },
      { productRef: 'RRS12AB3', source: { kind: 'unknown' } },
    ] as const
    for (const ref of refs) expect(parseRef(formatRef(ref))).toEqual(ref)
  })

  it('finds the ref inside the prefilled WhatsApp message', () => {
    expect(parseRef("Hi! I'd like to order Red Runner Sneakers – Size 42 (ref RRS12AB3-Lk3Xz9Qa)")).toEqual({
      productRef: 'RRS12AB3',
      source: { kind: 'link', linkCode: 'k3Xz9Qa' },
    })
  })

  it('reads a Telegram /start payload and a bare ref', () => {
    expect(parseRef('/start RRS12AB3-P')).toEqual({ productRef: 'RRS12AB3', source: { kind: 'page' } })
    expect(parseRef('rrs12ab3-V12345')).toEqual({ productRef: 'RRS12AB3', source: { kind: 'video', videoExternalId: '12345' } })
  })

  it('keeps short link codes case-sensitive but product refs case-insensitive', () => {
    expect(parseRef('ref: abcd1234-LaBcDeF1')).toEqual({ productRef: 'ABCD1234', source: { kind: 'link', linkCode: 'aBcDeF1' } })
  })

  it('returns null for messages without a ref or with a malformed one', () => {
    expect(parseRef('hello, do you have this in red?')).toBeNull()
    expect(parseRef('ref RRS12AB3-X123')).toBeNull()
    expect(parseRef('ref RRS12AB3-Pextra')).toBeNull()
    expect(parseRef('')).toBeNull()
    expect(parseRef(null)).toBeNull()
  })

  it('fits a Telegram start payload (≤ 64 chars of A-Za-z0-9_-)', () => {
    const ref = formatRef({ productRef: 'ABCDEFGHIJKLMNOP', source: { kind: 'video', videoExternalId: 'x'.repeat(32) } })
    expect(ref.length).toBeLessThanOrEqual(64)
    expect(ref).toMatch(/^[A-Za-z0-9_-]+$/)
  })

  it('refuses to format a ref outside the grammar', () => {
    expect(() => formatRef({ productRef: 'no spaces', source: { kind: 'page' } })).toThrow()
    expect(() => formatRef({ productRef: 'ABCD1234', source: { kind: 'link', linkCode: 'bad-code' } })).toThrow()
  })
})
