/**
 * Text from a shopper, made safe to store: Postgres refuses U+0000 in `text` and `jsonb` (and a
 * lone surrogate `\uD800` in `jsonb`), which would fail the write of a message nobody can resend.
 * NUL is removed; a lone surrogate (half of a pair, as a truncating client may send) becomes
 * U+FFFD, the replacement character. Well-formed text is returned unchanged.
 */
export function safeText(s: string): string {
  return s.replace(/\u0000/g, '').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
}

/** `safeText` applied to every string (keys too) of a JSON-like value: an inbound event, a payload. */
export function safeStrings<T>(value: T): T {
  if (typeof value === 'string') return safeText(value) as T
  if (Array.isArray(value)) return value.map(safeStrings) as T
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[safeText(k)] = safeStrings(v)
    return out as T
  }
  return value
}
