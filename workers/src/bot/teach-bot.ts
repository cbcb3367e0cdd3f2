// Teaching the bot: what a merchant says shoppers mean by their own words (issue 13). The phrases
// live in Postgres (db/queries/taught-phrases.ts); each isolate keeps the built matcher of a shop
// for 30 s, and a change in this isolate forgets it at once (other isolates within the 30 s).
import { LRUCache } from 'lru-cache'
import { TAUGHT_PHRASE_MAX_CHARS } from '../../../contracts/taught-phrases'
import { writeAudit } from '../../../db/queries/audit'
import { deleteTaughtPhrase, listTaughtPhrases, listUnsureMessages, upsertTaughtPhrase } from '../../../db/queries/taught-phrases'
import type { TaughtPhraseRow } from '../../../db/schema'
import type { Database } from '../../../db/types'
import type { Actor } from '../catalog/actor'
import { AppError } from '../errors'
import { type Intent, intentSchema } from './intent/intents'
import { tokenise } from './intent/normalise'
import { createPhraseMatcher, type PhraseMatcher, TAUGHT } from './intent/taught-phrases'

/** Phrases per shop: enough for every wording a shop's shoppers use; each message is compared with all. */
export const MAX_TAUGHT_PHRASES = 1000

const matchers = new LRUCache<string, PhraseMatcher>({ max: 2_000, ttl: 30_000 })
/** Changes made in this isolate; a matcher read from rows older than a change is used, not kept. */
let changes = 0
const forgetMatcher = (merchantId: string) => {
  changes++
  matchers.delete(merchantId)
}

/** The shop's taught phrases as a matcher, from the isolate's memory when it has them. */
export async function taughtMatcherFor(db: Database, merchantId: string): Promise<PhraseMatcher> {
  const kept = matchers.get(merchantId)
  if (kept) return kept
  const seen = changes
  const rows = await listTaughtPhrases(db, merchantId)
  const matcher = createPhraseMatcher(rows.flatMap((r) => (intentSchema.safeParse(r.intent).success ? [{ text: r.text, intent: r.intent as Intent }] : [])))
  // A teach or forget that landed while the rows were read would be hidden for 30 s by keeping this one.
  if (seen === changes) matchers.set(merchantId, matcher)
  return matcher
}

/** The folded words of a phrase: two wordings that fold alike ("EMI?" and "emi") are one phrase. */
export const phraseKey = (text: string) => tokenise(text).join(' ')

export const taughtPhraseView = (r: TaughtPhraseRow) => ({
  id: r.id,
  text: r.text,
  intent: intentSchema.parse(r.intent),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
})

export async function teachPhrase(db: Database, actor: Actor, input: { text: string; intent: Intent }) {
  const text = input.text.trim().replace(/\s+/g, ' ')
  const key = phraseKey(text)
  if (!key) throw new AppError('bad_request', 'That phrase has no words the bot can read: write it as a shopper would.')
  const taught = await upsertTaughtPhrase(db, { merchantId: actor.merchantId, text, key, intent: input.intent }, MAX_TAUGHT_PHRASES)
  if (taught.limited)
    throw new AppError('conflict', `The bot already knows ${MAX_TAUGHT_PHRASES.toLocaleString('en')} phrases; forget some before teaching more.`)
  const { phrase, created } = taught
  forgetMatcher(actor.merchantId)
  await writeAudit(db, {
    merchantId: actor.merchantId,
    userId: actor.userId,
    ...(created ? { action: 'bot.phrase.teach' } : { action: 'bot.phrase.reteach' }),
    entity: 'bot_taught_phrase',
    entityId: phrase.id,
    // The intent only: the text may be a shopper's words, and the audit log outlives a forgotten phrase.
    changes: { intent: input.intent },
  })
  return { phrase: taughtPhraseView(phrase), created }
}

export async function forgetPhrase(db: Database, actor: Actor, id: string) {
  if (!(await deleteTaughtPhrase(db, actor.merchantId, id))) throw new AppError('not_found', 'no such taught phrase')
  forgetMatcher(actor.merchantId)
  await writeAudit(db, { merchantId: actor.merchantId, userId: actor.userId, action: 'bot.phrase.forget', entity: 'bot_taught_phrase', entityId: id })
}

export async function listTaught(db: Database, merchantId: string) {
  return (await listTaughtPhrases(db, merchantId)).map(taughtPhraseView)
}

/**
 * What to teach next: the last 30 days' shopper texts the bot was unsure of or took for out of
 * scope, newest first, without those a taught phrase now reads (taught since, or the same wording).
 */
export async function unsureMessages(db: Database, merchantId: string, limit = 20) {
  const [rows, matcher] = await Promise.all([
    listUnsureMessages(db, merchantId, { limit: limit * 3, sinceDays: 30, maxChars: TAUGHT_PHRASE_MAX_CHARS }),
    taughtMatcherFor(db, merchantId),
  ])
  return rows
    .filter((r) => intentSchema.safeParse(r.intent).success && (matcher(r.text)?.similarity ?? 0) < TAUGHT.SURE)
    .slice(0, limit)
    .map((r) => ({
      id: r.id,
      conversationId: r.conversationId,
      text: r.text,
      intent: r.intent as Intent,
      confidence: Math.round(Number(r.confidence) * 100) / 100,
      createdAt: new Date(r.createdAt).toISOString(),
    }))
}
