import type { Database } from '../../../db/types'
import type { Config } from '../config'
import { openAiAccessOf } from '../studio/openai-access'
import { classifyMessage } from './intent/classify-message'
import type { PhraseMatcher } from './intent/taught-phrases'
import { MIN_RULE_CONFIDENCE, type Understanding, understandMessage } from './intent/understand-message'

/**
 * Reads a shopper's free text for the bot: the shop's taught phrases, the rules and the learned
 * model; only when those are unsure, the LLM — with the shop's own OpenAI key (studio settings)
 * or the hub's, and never when neither is set. The key is looked up only for unsure messages.
 */
export async function understandShopperText(
  deps: { db: Database; config: Pick<Config, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_MODEL' | 'ENCRYPTION_KEY' | 'SECRETS_KEYS'> },
  merchantId: string,
  text: string,
  taught: PhraseMatcher,
): Promise<Understanding> {
  const classified = classifyMessage(text, { taught })
  const { taught: phrase, ...quick } = classified
  if (phrase) return { ...quick, source: 'taught', taughtPhrase: phrase }
  if (quick.confidence >= MIN_RULE_CONFIDENCE) return { ...quick, source: 'rules', fallbackReason: 'rules_confident' }
  const access = await openAiAccessOf(deps, merchantId)
  const ai = access ? { apiKey: access.apiKey, baseURL: access.baseURL, model: access.model } : undefined
  return understandMessage(text, ai, { taught, classified })
}
