import type { Turn } from '../turn'

/** The three ways on from almost any reply. */
export const MENU_BUTTONS = [
  { id: 'browse', title: 'Browse products' },
  { id: 'cart', title: 'My cart' },
  { id: 'human', title: 'Talk to a person' },
]

/** The welcome: the merchant's own greeting, or one naming the shop and the shopper. */
export function greet(t: Turn, name: string | undefined) {
  const hello =
    t.deps.settings.greeting ||
    `Hi${name ? ` ${name}` : ''}! Welcome to ${t.deps.merchant.name}. What are you looking for today? You can type a product, e.g. "red sneakers under 5000".`
  t.say({ kind: 'buttons', text: hello, buttons: MENU_BUTTONS })
}

/** A photo, voice note, sticker or anything else that is not text. */
export function cannotRead(t: Turn) {
  t.say({ kind: 'buttons', text: 'Thanks! I can only read text here. Tell me what you are looking for, or talk to a person.', buttons: MENU_BUTTONS })
}

/** A location shared while no checkout is waiting for an address. */
export function locationOutsideCheckout(t: Turn) {
  t.say({ kind: 'text', text: 'Thanks for the location. Start a checkout from your cart and I will use it for delivery.' })
}

/** A product question that names no product. */
export function askWhichProduct(t: Turn) {
  t.say({ kind: 'buttons', text: 'Which product do you mean? Type its name, e.g. "red sneakers under 5000".', buttons: MENU_BUTTONS })
}

/** Nothing understood. */
export function notUnderstood(t: Turn) {
  t.say({
    kind: 'buttons',
    text: 'Sorry, I didn\'t get that. Type what you\'re looking for (e.g. "red sneakers under 5000"), or pick an option:',
    buttons: MENU_BUTTONS,
  })
}
