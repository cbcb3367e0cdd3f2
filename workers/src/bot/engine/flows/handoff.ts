import type { Turn } from '../turn'

/** Hands the chat to a person: the bot stays quiet until the merchant hands it back. */
export function handoff(t: Turn) {
  t.result.handoff = true
  t.state.step = 'idle'
  t.say({ kind: 'text', text: 'Sure, a person from the shop will reply here shortly. The bot is paused until then.' })
}

/** "Ask a question" on a product card: remembers the product and hands the chat to a person. */
export function askAboutProduct(t: Turn, productId: string) {
  t.state.lastProductId = productId
  t.state.step = 'idle'
  t.result.handoff = true
  t.say({ kind: 'text', text: 'Type your question: a person from the shop will answer here shortly.' })
}

/** STOP: no more messages until the shopper writes START. */
export function optOut(t: Turn) {
  t.result.optedOut = true
  t.state.step = 'idle'
  t.say({ kind: 'text', text: 'Done: you will get no more messages from us here. Write START at any time to chat again.' })
}
