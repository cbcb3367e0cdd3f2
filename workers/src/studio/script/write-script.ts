import type { CostLine, ScriptIssue, StudioBrief, StudioScript } from '../../../../contracts/studio'
import type { OpenAiAccess } from '../openai-access-type'
import { voiceChunks as chunksOf, type VoiceChunk } from './chunks'
import { llmScript } from './openai-writer'
import { templateScript } from './template-engine'
import { validateScript as validate } from './validate'

export { spokenSeconds, spokenWordCount } from '../../../../contracts/studio-spoken'

export type WrittenScript = {
  script: StudioScript
  cost: CostLine[]
  /** Set when OpenAI was asked but the offline template engine wrote the script instead, and why. */
  fallback?: string
}

/**
 * Writes the script of a brief: OpenAI structured outputs when keyed, validated against the
 * catalog; the deterministic template engine when offline, or when the model's script fails the
 * validator or the call fails (`fallback` says why).
 */
export async function writeScript(brief: StudioBrief, o: { openai: OpenAiAccess; signal?: AbortSignal; backoffMs?: number }): Promise<WrittenScript> {
  const offline = (): StudioScript => templateScript(brief)
  const templateCost: CostLine = { step: 'script', provider: 'template', unit: 'requests', quantity: 1, usd: 0 }
  if (!o.openai) return { script: offline(), cost: [templateCost] }
  const attempt = await llmScript(brief, o.openai, { signal: o.signal, backoffMs: o.backoffMs })
  if (!attempt.script) return { script: offline(), cost: [...attempt.cost, templateCost], fallback: attempt.error ?? 'no script' }
  const issues = validate(attempt.script, brief)
  if (issues.length > 0) {
    const why = issues
      .slice(0, 3)
      .map((i) => `${i.code}${i.sceneId ? ` (${i.sceneId})` : ''}: ${i.message}`)
      .join('; ')
    return { script: offline(), cost: [...attempt.cost, templateCost], fallback: `invalid script: ${why}`.slice(0, 500) }
  }
  return { script: attempt.script, cost: attempt.cost }
}

/** Problems of a script against its brief (spoken length ±10 % of target, unsupported claims, avoided words). */
export function validateScript(script: StudioScript, brief: StudioBrief): ScriptIssue[] {
  return validate(script, brief)
}

/** The caption chunks (2–6 words, split at punctuation) the voice speaks one at a time. */
export function voiceChunks(script: StudioScript): { id: string; sceneId: string; text: string }[] {
  return chunksOf(script) satisfies VoiceChunk[]
}
