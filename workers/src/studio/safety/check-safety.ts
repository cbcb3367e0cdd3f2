import type { BriefProduct, CostLine, SafetyItem, SafetyVerdict, StudioScript } from '../../../../contracts/studio'
import type { OpenAiAccess } from '../openai-access'

/**
 * Checks every text a video carries (script lines, on-screen text, caption, hashtags): offline
 * rules always, OpenAI moderation too when keyed. PLACEHOLDER until the safety helper lands it.
 */
export async function checkSafety(
  _items: SafetyItem[],
  _o: { products: BriefProduct[]; allowlist: string[]; language: string; openai: OpenAiAccess; signal?: AbortSignal },
): Promise<{ verdict: SafetyVerdict; cost: CostLine[] }> {
  throw new Error('checkSafety: not built yet')
}

/** The items of a script, with field names the editor maps back (`scene:<id>:say`, `scene:<id>:onScreen`, `caption`, `hashtags`). */
export function safetyItemsOf(_script: StudioScript): SafetyItem[] {
  throw new Error('safetyItemsOf: not built yet')
}
