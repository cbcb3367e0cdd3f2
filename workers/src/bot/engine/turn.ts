import type { Understanding } from '../intent/understand-message'
import type { BotSettings } from '../settings'
import type { OutboundMessage } from './outbound'
import type { BotPorts } from './ports'
import type { ConversationState } from './state'

/** What a turn runs with: the shop, the conversation, the merchant's bot settings and the ports. */
export type TurnDeps = BotPorts & {
  merchant: { id: string; slug: string; name: string; defaultCurrency: string }
  conversation: { id: string; name: string; channel: string; externalUserId: string }
  settings: BotSettings
  /** The hub's public origin, without a trailing slash. */
  appUrl: string
  /** Reads a shopper's free text (the shop's taught phrases, rules, model, the LLM when unsure); the rules alone when absent. */
  understand?: (text: string) => Promise<Understanding>
}

/** What the bot understood of the shopper's text, kept on their message for the inbox. */
export type Understood = Pick<Understanding, 'intent' | 'confidence' | 'source' | 'taughtPhrase'>

export type TurnEvent = { type: 'chat_started' | 'order_placed'; productId?: string; videoId?: string; linkId?: string; orderId?: string; ref?: string }

/** What a turn decided: replies, the new state, and side effects the caller records. */
export type TurnResult = {
  state: ConversationState
  replies: OutboundMessage[]
  handoff?: boolean
  optedOut?: boolean
  ref?: string
  /** Analytics events to record (chat_started, order_placed). */
  events: TurnEvent[]
  /** Set when the turn read the shopper's text as an intent. */
  understood?: Understood
  /** A new order: the merchant is told on their own chat. */
  placedOrder?: { id: string; number: string; summary: string; total: string; customer: string }
}

/** One turn in progress, handed to every flow: `state` is `result.state`, `say` appends a reply. */
export type Turn = {
  deps: TurnDeps
  result: TurnResult
  state: ConversationState
  say: (m: OutboundMessage) => void
}

/** List rows per page; the tenth row is "More…" (WhatsApp allows 10 rows in all). */
export const PAGE = 9

/** Starts a turn on a copy of the stored state (the caller's state is never changed). */
export function newTurn(deps: TurnDeps, state: ConversationState): Turn {
  const result: TurnResult = { state: structuredClone(state), replies: [], events: [] }
  return { deps, result, state: result.state, say: (m) => void result.replies.push(m) }
}
