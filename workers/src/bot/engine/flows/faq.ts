import { PAYMENT_LABELS } from '../../settings'
import type { Turn } from '../turn'

/** How to pay: the merchant's answer, or the payment methods they take. */
export function answerPayment(t: Turn) {
  const { faq, paymentMethods } = t.deps.settings
  const methods = paymentMethods.map((m) => PAYMENT_LABELS[m]).join(', ')
  t.say({ kind: 'text', text: faq.payment || `We accept: ${methods}.` })
}

/** Delivery: the merchant's answer, or the delivery methods they offer. */
export function answerDelivery(t: Turn) {
  const { faq, deliveryMethods } = t.deps.settings
  t.say({ kind: 'text', text: faq.delivery || `We offer ${deliveryMethods.join(' and ')}. Ask a person for delivery times and costs.` })
}

/** Where the shop is. */
export function answerLocation(t: Turn) {
  t.say({ kind: 'text', text: t.deps.settings.faq.location || 'We sell online. A person can tell you where to pick up your order.' })
}
