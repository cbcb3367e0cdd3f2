import type { CostLine, ScriptIssue, StudioBrief, StudioScript } from '../../../contracts/studio'
import type { OpenAiAccess } from './openai-access'
import { checkSafety, safetyItemsOf } from './safety/check-safety'
import { validateScript } from './script/write-script'

/** Issues the merchant must fix before the video is made; length is only advice (the voice sets real timing). */
export const BLOCKING_ISSUES = new Set<ScriptIssue['code']>(['unsupported_price', 'unsupported_discount', 'unsupported_stock', 'avoided_word', 'structure'])

export const blockingIssues = (issues: ScriptIssue[]) => issues.filter((i) => BLOCKING_ISSUES.has(i.code))

/**
 * The two checks every script goes through before rendering (and after each edit): the
 * validator against the catalog facts of its brief, and the safety check of every text it carries.
 */
export async function checkScript(brief: StudioBrief, script: StudioScript, openai: OpenAiAccess, signal?: AbortSignal) {
  const issues = validateScript(script, brief)
  const { verdict, cost } = await checkSafety(safetyItemsOf(script), {
    products: brief.products,
    allowlist: brief.voice.safetyAllowlist,
    language: brief.voice.language,
    openai,
    signal,
  })
  return { issues, verdict, cost: cost as CostLine[] }
}
