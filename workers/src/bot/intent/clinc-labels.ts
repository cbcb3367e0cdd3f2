// How CLINC150 (clinc/oos-eval, CC BY 3.0, ../shared/data/chat) maps onto our intents, and the fixed
// dev/test split of its val data. Used only to train and evaluate; see scripts/lib/intent-data.ts.

import type { Intent } from './intents'

/**
 * Almost all of CLINC150 is an assistant's work (weather, timers, banking, travel, small talk)
 * that a shop bot does not do: `out_of_scope`. `greeting` and `order_status` map onto ours. Left
 * out (null): `order` ("order more paper towels": an errand for an assistant) and `cancel`
 * ("cancel that"), neither clearly shop nor not.
 */
export function clincIntent(label: string): Intent | null {
  if (label === 'greeting') return 'greeting'
  if (label === 'order_status') return 'order_status'
  if (label === 'order' || label === 'cancel') return null
  return 'out_of_scope'
}

/** FNV-1a of the sentence: even → dev (tuned on), odd → test (held out). */
export function splitHash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}
