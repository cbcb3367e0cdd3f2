import { describe, expect, it } from 'vitest'
import { choices, fakeShop, texts, turnOf } from '../fake-shop'
import { askWhichProduct, cannotRead, greet, locationOutsideCheckout, MENU_BUTTONS, notUnderstood } from './menu'

describe('menu', () => {
  it('greets by name with the shop name and the menu', () => {
    const t = turnOf(fakeShop().deps)
    greet(t, 'Ada')
    greet(t, '')
    expect(texts(t.result.replies)).toEqual([
      'Hi Ada! Welcome to Ada Kicks. What are you looking for today? You can type a product, e.g. "red sneakers under 5000".',
      'Hi! Welcome to Ada Kicks. What are you looking for today? You can type a product, e.g. "red sneakers under 5000".',
    ])
    expect(choices(t.result.replies[0])).toEqual(['browse', 'cart', 'human'])
  })

  it("uses the merchant's greeting when set", () => {
    const t = turnOf(fakeShop({ settings: { greeting: 'Karibu! What can we find for you?' } }).deps)
    greet(t, 'Ada')
    expect(t.result.replies).toEqual([{ kind: 'buttons', text: 'Karibu! What can we find for you?', buttons: MENU_BUTTONS }])
  })

  it('has a reply for media, a stray location, a vague product question and anything not understood', () => {
    const t = turnOf(fakeShop().deps)
    cannotRead(t)
    locationOutsideCheckout(t)
    askWhichProduct(t)
    notUnderstood(t)
    expect(texts(t.result.replies)).toEqual([
      'Thanks! I can only read text here. Tell me what you are looking for, or talk to a person.',
      'Thanks for the location. Start a checkout from your cart and I will use it for delivery.',
      'Which product do you mean? Type its name, e.g. "red sneakers under 5000".',
      'Sorry, I didn\'t get that. Type what you\'re looking for (e.g. "red sneakers under 5000"), or pick an option:',
    ])
    expect(t.result.replies.map((m) => m.kind)).toEqual(['buttons', 'text', 'buttons', 'buttons'])
  })
})
