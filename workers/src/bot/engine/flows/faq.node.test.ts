import { describe, expect, it } from 'vitest'
import { fakeShop, texts, turnOf } from '../fake-shop'
import { answerDelivery, answerLocation, answerPayment } from './faq'

describe('FAQ', () => {
  it('answers from the shop settings when there are no FAQ texts', () => {
    const t = turnOf(fakeShop({ settings: { paymentMethods: ['cash_on_delivery', 'bank_transfer'], deliveryMethods: ['delivery', 'pickup'] } }).deps)
    answerPayment(t)
    answerDelivery(t)
    answerLocation(t)
    expect(texts(t.result.replies)).toEqual([
      'We accept: Cash on delivery, Bank transfer.',
      'We offer delivery and pickup. Ask a person for delivery times and costs.',
      'We sell online. A person can tell you where to pick up your order.',
    ])
  })

  it("uses the merchant's own answers when set", () => {
    const faq = { payment: 'Pay by M-Pesa.', delivery: 'Same day in Lagos.', location: '12 Marina, Lagos.' }
    const t = turnOf(fakeShop({ settings: { faq } }).deps)
    answerPayment(t)
    answerDelivery(t)
    answerLocation(t)
    expect(t.result.replies).toEqual([
      { kind: 'text', text: 'Pay by M-Pesa.' },
      { kind: 'text', text: 'Same day in Lagos.' },
      { kind: 'text', text: '12 Marina, Lagos.' },
    ])
  })
})
