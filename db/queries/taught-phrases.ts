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

/**
 * Teaches one phrase; the same wording (`key`, the folded text) taught again changes its intent
 * instead of adding a second row. A new wording is refused (`limited`) when the shop already has
 * `max`; the shop's advisory lock makes two requests racing for the last place take it once.
 */
export async function upsertTaughtPhrase(
  db: Database,
  values: { merchantId: string; text: string; key: string; intent: string },
  max: number,
): Promise<{ limited: true } | { limited: false; phrase: TaughtPhraseRow; created: boolean }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`taught-phrases:${values.merchantId}`}))`)
    const [counts] = await tx
      .select({ n: count(), same: sql<number>`count(*) filter (where ${botTaughtPhrases.key} = ${values.key})` })
      .from(botTaughtPhrases)
      .where(eq(botTaughtPhrases.merchantId, values.merchantId))
    if (Number(counts?.same ?? 0) === 0 && Number(counts?.n ?? 0) >= max) return { limited: true as const }
    const [row] = await tx
      .insert(botTaughtPhrases)
      .values(values)
      .onConflictDoUpdate({
        target: [botTaughtPhrases.merchantId, botTaughtPhrases.key],
        set: { text: values.text, intent: values.intent, updatedAt: new Date() },
      })
      .returning({ ...getTableColumns(botTaughtPhrases), created: sql<boolean>`(xmax = 0)` })
    if (!row) throw new Error('taught phrase was not written')
    const { created, ...phrase } = row
    return { limited: false as const, phrase, created }
  })
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
 * (`messages_unsure_idx` holds exactly these rows). Only texts short enough to teach as a phrase.
 */
export async function listUnsureMessages(db: Database, merchantId: string, options: { limit: number; sinceDays: number; maxChars: number }) {
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
             and char_length(btrim(m.text)) <= ${options.maxChars}
           order by lower(m.text), m.created_at desc
        ) latest
        order by "createdAt" desc
        limit ${options.limit}`,
  )
}
