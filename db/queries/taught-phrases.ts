// Phrases a merchant taught the bot (workers/src/bot/taught-routes.ts, workers/src/bot/intent/taught-phrases.ts).
import { and, asc, count, eq, getTableColumns, sql } from 'drizzle-orm'
import { botTaughtPhrases, type TaughtPhraseRow } from '../schema'
import { type Database, rowsOf } from '../types'

/** A shop's taught phrases, oldest first (the order they were taught). */
export async function listTaughtPhrases(db: Database, merchantId: string): Promise<TaughtPhraseRow[]> {
  return db
    .select()
    .from(botTaughtPhrases)
    .where(eq(botTaughtPhrases.merchantId, merchantId))
    .orderBy(asc(botTaughtPhrases.createdAt), asc(botTaughtPhrases.id))
}

export async function countTaughtPhrases(db: Database, merchantId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(botTaughtPhrases).where(eq(botTaughtPhrases.merchantId, merchantId))
  return Number(row?.n ?? 0)
}

/**
 * Teaches one phrase; the same wording (`key`, the folded text) taught again changes its intent
 * instead of adding a second row. `created` tells the two apart (Postgres' `xmax = 0` on insert).
 */
export async function upsertTaughtPhrase(
  db: Database,
  values: { merchantId: string; text: string; key: string; intent: string },
): Promise<{ phrase: TaughtPhraseRow; created: boolean }> {
  const [row] = await db
    .insert(botTaughtPhrases)
    .values(values)
    .onConflictDoUpdate({
      target: [botTaughtPhrases.merchantId, botTaughtPhrases.key],
      set: { text: values.text, intent: values.intent, updatedAt: new Date() },
    })
    .returning({ ...getTableColumns(botTaughtPhrases), created: sql<boolean>`(xmax = 0)` })
  if (!row) throw new Error('taught phrase was not written')
  const { created, ...phrase } = row
  return { phrase, created }
}

/** Forgets one phrase; false when the shop has no such phrase (another shop's id included). */
export async function deleteTaughtPhrase(db: Database, merchantId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(botTaughtPhrases)
    .where(and(eq(botTaughtPhrases.id, id), eq(botTaughtPhrases.merchantId, merchantId)))
    .returning({ id: botTaughtPhrases.id })
  return rows.length > 0
}

/**
 * Recent shopper texts the bot was unsure of (confidence under 0.55) or took for out of scope, and
 * no taught phrase decided: what a merchant would teach next. Newest first, one per wording
 * (`messages_unsure_idx` holds exactly these rows).
 */
export async function listUnsureMessages(db: Database, merchantId: string, options: { limit: number; sinceDays: number }) {
  return rowsOf<{ id: string; conversationId: string; text: string; intent: string; confidence: number; createdAt: string }>(
    db,
    sql`select * from (
          select distinct on (lower(m.text)) m.id, m.conversation_id as "conversationId", m.text,
                 m.payload->'understood'->>'intent' as intent, (m.payload->'understood'->>'confidence')::float8 as confidence,
                 m.created_at as "createdAt"
            from messages m
           where m.merchant_id = ${merchantId}
             and m.created_at > now() - make_interval(days => ${options.sinceDays})
             and m.direction = 'inbound' and m.payload ? 'understood' and (m.payload->'understood'->>'source' <> 'taught')
             and (((m.payload->'understood'->>'confidence')::float8 < 0.55) or m.payload->'understood'->>'intent' = 'out_of_scope')
           order by lower(m.text), m.created_at desc
        ) latest
        order by "createdAt" desc
        limit ${options.limit}`,
  )
}
