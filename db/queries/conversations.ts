import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { type Conversation, conversations, type Message, messages } from '../schema'
import type { Database } from '../types'

/** Finds or creates the conversation of one shopper on one channel of a merchant. */
export async function upsertConversation(
  db: Database,
  input: { merchantId: string; channel: 'whatsapp' | 'telegram'; externalUserId: string; name?: string },
): Promise<{ conversation: Conversation; created: boolean }> {
  const [created] = await db
    .insert(conversations)
    .values({ merchantId: input.merchantId, channel: input.channel, externalUserId: input.externalUserId, name: input.name ?? '' })
    .onConflictDoNothing()
    .returning()
  if (created) return { conversation: created, created: true }
  const [row] = await db
    .select()
    .from(conversations)
    .where(
      and(eq(conversations.merchantId, input.merchantId), eq(conversations.channel, input.channel), eq(conversations.externalUserId, input.externalUserId)),
    )
  return { conversation: row, created: false }
}

/** Locks one conversation row for the rest of the transaction: serialises one shopper's messages. */
export async function lockConversation(db: Database, id: string): Promise<Conversation> {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id)).for('update')
  return row
}

export async function getConversation(db: Database, merchantId: string, id: string): Promise<Conversation | undefined> {
  const [row] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.merchantId, merchantId), eq(conversations.id, id)))
  return row
}

export async function updateConversation(
  db: Database,
  id: string,
  patch: Partial<Pick<Conversation, 'state' | 'handoff' | 'optedOut' | 'unread' | 'ref' | 'name' | 'lastInboundAt' | 'lastMessageAt'>>,
) {
  await db.update(conversations).set(patch).where(eq(conversations.id, id))
}

/** Records on a shopper's message what the bot understood of it (the inbox shows it, and lets the merchant correct it). */
export async function noteUnderstanding(db: Database, messageId: string, understood: Record<string, unknown>) {
  await db
    .update(messages)
    .set({ payload: sql`${messages.payload} || jsonb_build_object('understood', ${JSON.stringify(understood)}::jsonb)` })
    .where(eq(messages.id, messageId))
}

/** Stores a message; an inbound message whose provider id was stored before is not stored twice. */
export async function insertMessage(
  db: Database,
  input: {
    merchantId: string
    conversationId: string
    direction: 'inbound' | 'outbound'
    type: string
    text: string
    payload?: Record<string, unknown>
    externalId?: string | null
    status?: string
    author?: string
  },
): Promise<Message | null> {
  const [row] = await db
    .insert(messages)
    .values({
      ...input,
      payload: input.payload ?? {},
      externalId: input.externalId ?? null,
      // now() is the transaction's start: an inbound message and its reply share one transaction, so the transcript needs wall time.
      createdAt: sql`clock_timestamp()`,
    })
    .onConflictDoNothing()
    .returning()
  return row ?? null
}

/** Whether a message with this platform id is already stored for the merchant (a redelivered webhook). */
export async function hasMessageWithExternalId(db: Database, merchantId: string, externalId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.merchantId, merchantId), eq(messages.externalId, externalId)))
    .limit(1)
  return Boolean(row)
}

export async function getMessage(db: Database, id: string): Promise<Message | undefined> {
  const [row] = await db.select().from(messages).where(eq(messages.id, id))
  return row
}

/**
 * Claims a stored outbound message for sending (`queued` → `sending`); false when someone else
 * already has it (the OUTBOX job, or another delivery of the same turn).
 */
export async function claimQueuedMessage(db: Database, id: string): Promise<boolean> {
  const rows = await db
    .update(messages)
    .set({ status: 'sending' })
    .where(and(eq(messages.id, id), eq(messages.status, 'queued')))
    .returning({ id: messages.id })
  return rows.length > 0
}

export async function updateMessage(db: Database, id: string, patch: Partial<Pick<Message, 'status' | 'externalId' | 'payload'>>) {
  await db.update(messages).set(patch).where(eq(messages.id, id))
}

/** Applies a WhatsApp delivery status (sent/delivered/read/failed) to the outbound message it names. */
export async function setMessageStatusByExternalId(db: Database, externalId: string, status: string) {
  await db
    .update(messages)
    .set({ status })
    .where(and(eq(messages.externalId, externalId), eq(messages.direction, 'outbound')))
}

export type ConversationSummary = Conversation & { lastText: string | null }

/** The inbox: newest activity first, with the last message's text. */
export async function listConversations(db: Database, merchantId: string, limit = 100): Promise<ConversationSummary[]> {
  const rows = await db
    .select({
      conversation: conversations,
      // Qualified by hand: inside a raw subquery drizzle would print the bare column name.
      lastText: sql<string | null>`(select m.text from messages m where m.conversation_id = "conversations"."id" order by m.created_at desc limit 1)`,
    })
    .from(conversations)
    .where(eq(conversations.merchantId, merchantId))
    .orderBy(sql`${conversations.lastMessageAt} desc nulls last`, desc(conversations.createdAt))
    .limit(limit)
  return rows.map((r) => ({ ...r.conversation, lastText: r.lastText }))
}

export async function listMessages(db: Database, merchantId: string, conversationId: string, limit = 500): Promise<Message[]> {
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.merchantId, merchantId), eq(messages.conversationId, conversationId)))
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .limit(limit)
}
