import { insertMessage } from '../../../db/queries/conversations'
import type { Conversation } from '../../../db/schema'
import type { Database } from '../../../db/types'

import { enqueueJob } from '../queues/enqueue-job'
import { mergeBubbles, type OutboundMessage, outboundText } from './engine/outbound'

export type OutboundOptions = {
  author?: 'bot' | 'merchant' | 'system'
  inReplyTo?: string
  /** Order updates may go out as an approved template when the 24-hour window is closed. */
  template?: OutboundMessage & { kind: 'template' }
  /** The opt-out confirmation itself is the one message sent to an opted-out shopper. */
  allowOptedOut?: boolean
  callbackQueryId?: string
}

/** Stores one outbound message (its parts merged into as few bubbles as possible), without sending it. */
export async function storeOutbound(
  db: Database,
  conversation: Pick<Conversation, 'id' | 'merchantId'>,
  parts: OutboundMessage[],
  options: OutboundOptions = {},
) {
  const merged = mergeBubbles(parts)
  return insertMessage(db, {
    merchantId: conversation.merchantId,
    conversationId: conversation.id,
    direction: 'outbound',
    type: merged.length === 1 ? merged[0].kind : 'batch',
    text: merged.map(outboundText).join('\n\n'),
    status: 'queued',
    author: options.author ?? 'bot',
    payload: { parts: merged, sentParts: 0, ...options },
  })
}

/** Puts a stored outbound message on the OUTBOX queue (once: the dedupe key is the message id). */
export async function enqueueOutbound(deps: { db: Database; env: Env }, merchantId: string, messageId: string, delaySeconds?: number, attempt = 0) {
  await enqueueJob(deps, { type: 'outbox.send', merchantId, payload: { messageId, attempt }, dedupeKey: `outbox:${messageId}:${attempt}`, delaySeconds })
}

/** Stores and enqueues: the dashboard reply box and order updates go through here. */
export async function sendToConversation(
  deps: { db: Database; env: Env },
  conversation: Pick<Conversation, 'id' | 'merchantId'>,
  parts: OutboundMessage[],
  options: OutboundOptions = {},
) {
  const message = await storeOutbound(deps.db, conversation, parts, options)
  if (message) await enqueueOutbound(deps, conversation.merchantId, message.id)
  return message
}
