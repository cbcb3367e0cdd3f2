import type { CostLine, ScriptIssue, StudioBrief, StudioScript } from '../../../../contracts/studio'
import type { OpenAiAccess } from '../openai-access'

export type WrittenScript = {
  script: StudioScript
  cost: CostLine[]
  /** Set when OpenAI was asked but the offline template engine wrote the script instead, and why. */
  fallback?: string
}

/**
 * Writes the script of a brief: OpenAI structured outputs when keyed, else the template engine.
 * PLACEHOLDER until the script helper lands its engine (issue 14).
 */
export async function writeScript(_brief: StudioBrief, _o: { openai: OpenAiAccess; signal?: AbortSignal }): Promise<WrittenScript> {
  throw new Error('writeScript: not built yet')
}

/** Problems of a script against its brief (spoken length ±10 % of target, unsupported claims, avoided words). */
export function validateScript(_script: StudioScript, _brief: StudioBrief): ScriptIssue[] {
  throw new Error('validateScript: not built yet')
}

/** The caption chunks (2–6 words, split at punctuation) the voice speaks one at a time. */
export function voiceChunks(_script: StudioScript): { id: string; sceneId: string; text: string }[] {
  throw new Error('voiceChunks: not built yet')
}
