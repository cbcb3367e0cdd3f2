/**
 * Attribution references: the code a shopper carries from a public page, short link, QR code or
 * video into WhatsApp / Telegram, so the bot can attribute the conversation (and the order that
 * follows) to where the shopper came from.
 *
 * Grammar (only `A-Za-z0-9-`, so it is a valid Telegram `start` payload — max 64 chars — and
 * survives being pasted into any chat):
 *
 *   <productRef>[-<source>]
 *   productRef := [A-Z0-9]{4,16}          products.ref (upper-case; parsed case-insensitively)
 *   source     := P                       the storefront (link-in-bio or product page)
 *              |  V<videoExternalId>      a TikTok video (videos.external_id, [A-Za-z0-9]{1,32})
 *              |  L<linkCode>             a short link / its QR code (short_links.code, base62, case-sensitive)
 *
 * Examples: `RRS12AB3`, `RRS12AB3-P`, `RRS12AB3-V7301234567890123456`, `RRS12AB3-Lk3Xz9Qa`.
 *
 * wa.me text: "Hi! I'd like to order Red Runner Sneakers (ref RRS12AB3-Lk3Xz9Qa)"; `parseRef` finds
 * the ref after the word "ref" anywhere in a message, or takes a bare ref (a t.me `/start` payload).
 */

export type RefSource = { kind: 'page' } | { kind: 'video'; videoExternalId: string } | { kind: 'link'; linkCode: string } | { kind: 'unknown' }

export type AttributionRef = { productRef: string; source: RefSource }

const PRODUCT_REF = /^[A-Z0-9]{4,16}$/
const SOURCE_CODE = /^[A-Za-z0-9]{1,32}$/

/** Builds the ref string. Throws on a product ref or source code outside the grammar (a bug, not user input). */
export function formatRef(ref: AttributionRef): string {
  const productRef = ref.productRef.toUpperCase()
  if (!PRODUCT_REF.test(productRef)) throw new Error(`invalid product ref: ${ref.productRef}`)
  switch (ref.source.kind) {
    case 'page':
      return `${productRef}-P`
    case 'video':
      if (!SOURCE_CODE.test(ref.source.videoExternalId)) throw new Error(`invalid video id for a ref: ${ref.source.videoExternalId}`)
      return `${productRef}-V${ref.source.videoExternalId}`
    case 'link':
      if (!SOURCE_CODE.test(ref.source.linkCode)) throw new Error(`invalid link code for a ref: ${ref.source.linkCode}`)
      return `${productRef}-L${ref.source.linkCode}`
    default:
      return productRef
  }
}

// A ref after the word "ref" (optionally "ref:", "ref #", "(ref X)"), or the whole text being one ref.
const IN_TEXT = /\bref\s*[:#]?\s*([A-Za-z0-9]{4,16}(?:-[PVL][A-Za-z0-9]{0,32})?)(?![A-Za-z0-9-])/i
const BARE = /^\s*\/?(?:start\s+)?([A-Za-z0-9]{4,16}(?:-[PVL][A-Za-z0-9]{0,32})?)\s*$/i

/**
 * Finds and decodes a ref in a chat message ("... (ref RRS12AB3-P)"), a Telegram `/start <ref>`
 * command, or a bare ref. Returns null when there is none or it does not follow the grammar.
 */
export function parseRef(text: string | null | undefined): AttributionRef | null {
  if (!text) return null
  const raw = text.match(IN_TEXT)?.[1] ?? text.match(BARE)?.[1]
  if (!raw) return null
  return decode(raw)
}

function decode(raw: string): AttributionRef | null {
  const dash = raw.indexOf('-')
  const productRef = (dash === -1 ? raw : raw.slice(0, dash)).toUpperCase()
  if (!PRODUCT_REF.test(productRef)) return null
  if (dash === -1) return { productRef, source: { kind: 'unknown' } }
  const kind = raw[dash + 1]
  const code = raw.slice(dash + 2)
  // The kind letter is case-sensitive so a lower-case word ("ref abcd-list") is not misread.
  if (kind === 'P') return code === '' ? { productRef, source: { kind: 'page' } } : null
  if (!SOURCE_CODE.test(code)) return null
  if (kind === 'V') return { productRef, source: { kind: 'video', videoExternalId: code } }
  if (kind === 'L') return { productRef, source: { kind: 'link', linkCode: code } }
  return null
}
