import { z } from 'zod'

/**
 * Channel-agnostic outbound messages: what the engine says. Each adapter renders them to its wire
 * format (WhatsApp interactive messages, Telegram inline keyboards). Text limits are WhatsApp's,
 * the stricter of the two. Button and row titles are the engine's full titles (up to
 * `TITLE_MAX`); each adapter cuts them to its own limit: WhatsApp 20 characters for a reply
 * button and 24 for a list row (`WHATSAPP_LIMITS`), Telegram keeps them (its buttons take long
 * text; only callback data is limited, to 64 bytes, which every id here fits).
 */
export const TITLE_MAX = 64
export const WHATSAPP_LIMITS = { button: 20, row: 24, rowDescription: 72 } as const
const button = z.object({ id: z.string().min(1).max(256), title: z.string().min(1).max(TITLE_MAX) })
const row = z.object({ id: z.string().min(1).max(200), title: z.string().min(1).max(TITLE_MAX), description: z.string().max(72).optional() })

export const outboundMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().min(1).max(4096) }),
  z.object({ kind: z.literal('buttons'), text: z.string().min(1).max(1024), buttons: z.array(button).min(1).max(3) }),
  z.object({
    kind: z.literal('list'),
    text: z.string().min(1).max(1024),
    button: z.string().min(1).max(20),
    header: z.string().max(60).optional(),
    rows: z.array(row).min(1).max(10),
  }),
  z.object({
    kind: z.literal('product'),
    imageUrl: z.string().url().optional(),
    caption: z.string().min(1).max(1024),
    buttons: z.array(button).min(1).max(3),
    url: z.string().url().optional(),
  }),
  z.object({ kind: z.literal('cta'), text: z.string().min(1).max(1024), label: z.string().min(1).max(20), url: z.string().url() }),
  /** An approved WhatsApp template (outside the 24-hour window); Telegram renders `fallbackText`. */
  z.object({
    kind: z.literal('template'),
    name: z.string().min(1),
    language: z.string().min(2),
    params: z.array(z.string()).max(10),
    fallbackText: z.string().min(1),
  }),
])
export type OutboundMessage = z.infer<typeof outboundMessageSchema>

/** Cuts a title to a channel limit with an ellipsis. */
export const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`)

/** The plain text of a message, for the transcript and for merging bubbles. */
export function outboundText(m: OutboundMessage): string {
  switch (m.kind) {
    case 'text':
      return m.text
    case 'buttons':
      return `${m.text}\n${m.buttons.map((b) => `[${b.title}]`).join(' ')}`
    case 'list':
      return `${m.text}\n${m.rows.map((r) => `• ${r.title}`).join('\n')}`
    case 'product':
      return m.caption
    case 'cta':
      return `${m.text}\n${m.url}`
    case 'template':
      return m.fallbackText
  }
}

/**
 * Merges consecutive plain texts into one bubble: WhatsApp asks for about one message per 6 s
 * per shopper, and three short bubbles read worse than one anyway.
 */
export function mergeBubbles(messages: OutboundMessage[]): OutboundMessage[] {
  const out: OutboundMessage[] = []
  for (const m of messages) {
    const prev = out[out.length - 1]
    if (m.kind === 'text' && prev?.kind === 'text' && prev.text.length + m.text.length < 4000) prev.text = `${prev.text}\n\n${m.text}`
    else out.push({ ...m })
  }
  return out
}
