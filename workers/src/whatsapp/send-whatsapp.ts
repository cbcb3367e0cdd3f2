import { WhatsAppAPI } from 'whatsapp-api-js'
import {
  ActionButtons,
  ActionCTA,
  ActionList,
  Body,
  BodyComponent,
  BodyParameter,
  Button,
  Header,
  Image,
  Interactive,
  Language,
  ListSection,
  Row,
  Template,
  Text,
} from 'whatsapp-api-js/messages'
import { clip, type OutboundMessage, WHATSAPP_LIMITS } from '../bot/engine/outbound'
import type { Config } from '../config'

export type WhatsAppSecrets = { accessToken: string }

/** What one send came to: the message id, or why not (rate-limited with a delay, or a permanent error). */
export type SendOutcome =
  | { ok: true; id: string | null }
  | {
      ok: false
      retryAfterSeconds?: number
      permanent: boolean
      error: string /** Graph's error code, e.g. 131047 outside the 24-hour window. */
      code?: number
    }

/** Graph's error for free-form messages more than 24 hours after the user last wrote ("Re-engagement message"). */
export const OUTSIDE_WINDOW_CODE = 131047

/** The Graph API version every call of the hub uses (sends, and the number check when connecting). */
export const GRAPH_VERSION = 'v21.0'

type ClientMessage = ConstructorParameters<typeof WhatsAppAPI>[0] extends unknown ? Parameters<WhatsAppAPI['sendMessage']>[2] : never

/** A reply button, its title cut to WhatsApp's 20 characters. */
const waButton = (b: { id: string; title: string }) => new Button(b.id, clip(b.title, WHATSAPP_LIMITS.button))

/**
 * Renders an engine message as a whatsapp-api-js message class (its limits are checked by the
 * classes too). Button and row titles are cut here to WhatsApp's limits (20 / 24 characters).
 */
export function renderWhatsApp(m: OutboundMessage): ClientMessage {
  switch (m.kind) {
    case 'text':
      return new Text(m.text)
    case 'buttons':
      return new Interactive(new ActionButtons(...(m.buttons.map(waButton) as [Button, ...Button[]])), new Body(m.text))
    case 'list':
      return new Interactive(
        new ActionList(
          m.button,
          new ListSection(
            undefined,
            ...(m.rows.map((r) => new Row(r.id, clip(r.title, WHATSAPP_LIMITS.row), r.description && clip(r.description, WHATSAPP_LIMITS.rowDescription))) as [
              Row,
              ...Row[],
            ]),
          ),
        ),
        new Body(m.text),
        m.header ? new Header(m.header) : undefined,
      )
    case 'product':
      // A product card: the image as header, caption as body, up to three reply buttons.
      return new Interactive(
        new ActionButtons(...(m.buttons.map(waButton) as [Button, ...Button[]])),
        new Body(m.caption),
        m.imageUrl ? new Header(new Image(m.imageUrl)) : undefined,
      )
    case 'cta':
      return new Interactive(new ActionCTA(m.label, m.url), new Body(m.text))
    case 'template':
      return m.params.length
        ? new Template(
            m.name,
            new Language(m.language),
            new BodyComponent(...(m.params.map((p) => new BodyParameter(p)) as [BodyParameter, ...BodyParameter[]])),
          )
        : new Template(m.name, new Language(m.language))
  }
}

/**
 * Sends one message through whatsapp-api-js. The library hard-codes graph.facebook.com, so its
 * fetch ponyfill rewrites the origin to WHATSAPP_GRAPH_URL (a fake in tests) and keeps the HTTP
 * status and Retry-After that the library's return value does not expose.
 */
export async function sendWhatsApp(
  config: Pick<Config, 'WHATSAPP_GRAPH_URL'>,
  secrets: WhatsAppSecrets,
  phoneNumberId: string,
  to: string,
  message: OutboundMessage,
): Promise<SendOutcome> {
  let status = 0
  let retryAfter: string | null = null
  const base = config.WHATSAPP_GRAPH_URL.replace(/\/+$/, '')
  const api = new WhatsAppAPI({
    token: secrets.accessToken,
    secure: false,
    v: GRAPH_VERSION,
    ponyfill: {
      fetch: async (url: RequestInfo | URL, init?: RequestInit) => {
        const res = await fetch(String(url).replace('https://graph.facebook.com', base), init)
        status = res.status
        retryAfter = res.headers.get('retry-after')
        return res
      },
    },
  })
  let response: Record<string, unknown>
  try {
    response = (await api.sendMessage(phoneNumberId, to, renderWhatsApp(message))) as unknown as Record<string, unknown>
  } catch (err) {
    if (status === 0) return { ok: false, permanent: false, error: `network: ${err instanceof Error ? err.message : String(err)}` }
    response = {}
  }
  const error = response.error as { code?: number; message?: string } | undefined
  if (status >= 200 && status < 300 && !error) {
    const id = (response.messages as { id?: string }[] | undefined)?.[0]?.id ?? null
    return { ok: true, id }
  }
  // 130429: throughput limit of the number; 131056: too many messages to one user; 80007/4: app limits.
  if (status === 429 || [130429, 131056, 80007, 4].includes(error?.code ?? -1)) {
    const seconds = Number(retryAfter)
    return {
      ok: false,
      permanent: false,
      retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : 2,
      error: `rate limited (${error?.code ?? status})`,
    }
  }
  return {
    ok: false,
    permanent: status >= 400 && status < 500,
    error: `graph ${status}: ${error?.message ?? 'unknown error'} (${error?.code ?? '-'})`,
    ...(error?.code !== undefined ? { code: error.code } : {}),
  }
}
