import type { Turn } from '../turn'
import { MENU_BUTTONS } from './menu'

/** After this many out-of-scope messages in a row the bot offers a person instead of the menu. */
export const OFFER_PERSON_AFTER = 2

/**
 * A message the classifier reads as not a shop question ("what's the weather tomorrow"): say so
 * briefly and offer the menu; on the second in a row, offer a person from the shop.
 * `streak` counts this message too.
 */
export function outOfScope(t: Turn, streak: number) {
  t.state.outOfScopeStreak = streak
  if (streak >= OFFER_PERSON_AFTER) {
    t.say({
      kind: 'buttons',
      text: `I still can't help with that here. Would you like a person from ${t.deps.merchant.name} to reply?`,
      buttons: [
        { id: 'human', title: 'Talk to a person' },
        { id: 'browse', title: 'Browse products' },
      ],
    })
    return
  }
  t.say({
    kind: 'buttons',
    text: `Sorry, that's not something I can help with. I can help you shop at ${t.deps.merchant.name}: find products, prices, delivery and your orders.`,
    buttons: MENU_BUTTONS,
  })
}
