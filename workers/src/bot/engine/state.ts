import { z } from 'zod'

export const cartLineSchema = z.object({
  productId: z.uuid(),
  variantId: z.uuid().nullable(),
  title: z.string(),
  unitPriceMinor: z.number().int().nonnegative(),
  currency: z.string().length(3),
  quantity: z.number().int().min(1).max(99),
  /** What the shopper asked for that the product has no variant for ("Size 42"); kept on the order line. */
  note: z.string().max(200).optional(),
})
export type CartLine = z.infer<typeof cartLineSchema>

/** `conversations.state`: where the shopper is in the dialogue, and their cart. */
export const conversationStateSchema = z.object({
  step: z
    .enum(['idle', 'checkout_name', 'checkout_delivery', 'checkout_zone', 'checkout_address', 'checkout_payment', 'checkout_confirm', 'ask_question'])
    .default('idle'),
  cart: z.array(cartLineSchema).max(50).default([]),
  checkout: z
    .object({
      key: z.string(),
      name: z.string().optional(),
      method: z.enum(['delivery', 'pickup']).optional(),
      /** The delivery zone picked (when the merchant charges per zone) and the fee that applies. */
      zone: z.string().optional(),
      deliveryFeeMinor: z.number().int().nonnegative().optional(),
      address: z.string().optional(),
      payment: z.string().optional(),
    })
    .optional(),
  lastProductId: z.uuid().optional(),
  /** Messages in a row the classifier read as out of scope; the second one offers a person. */
  outOfScopeStreak: z.number().int().min(0).max(1000).optional(),
  /** Attribution of the conversation: ref string and the ids it resolved to. */
  attribution: z.object({ ref: z.string(), productId: z.uuid().optional(), videoId: z.uuid().optional(), linkId: z.uuid().optional() }).optional(),
})
export type ConversationState = z.infer<typeof conversationStateSchema>

/** Stored state, validated; anything unreadable starts over rather than failing the shopper. */
export function readState(raw: unknown): ConversationState {
  const parsed = conversationStateSchema.safeParse(raw ?? {})
  return parsed.success ? parsed.data : conversationStateSchema.parse({})
}

/** Leaves any checkout: back to idle, the checkout's answers dropped (the cart is kept). */
export function endCheckout(state: ConversationState) {
  state.step = 'idle'
  state.checkout = undefined
}
