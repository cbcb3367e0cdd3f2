import { z } from 'zod'

/** The fixed intent vocabulary of the shopping bot. Order matters only for tie-breaking (earlier wins). */
export const INTENTS = [
  'greeting',
  'browse_catalog',
  'search_product',
  'product_question',
  'price_question',
  'availability_question',
  'offers_question',
  'payment_question',
  'delivery_question',
  'order_status',
  'cancel_order',
  'return_exchange',
  'store_location',
  'human_handoff',
  'opt_out',
  'out_of_scope',
] as const

export const intentSchema = z.enum(INTENTS)
export type Intent = z.infer<typeof intentSchema>

/** Entities pulled out of a message; absent ones are left out, never null. */
export const messageEntitiesSchema = z.object({
  query: z.string().min(1).optional(),
  size: z.string().min(1).optional(),
  colour: z.string().min(1).optional(),
  /** Upper bound in the shopper's own units (no currency conversion). */
  maxPrice: z.number().nonnegative().optional(),
  minPrice: z.number().nonnegative().optional(),
  orderRef: z.string().min(1).optional(),
})
export type MessageEntities = z.infer<typeof messageEntitiesSchema>

export const ENTITY_KEYS = ['query', 'size', 'colour', 'maxPrice', 'minPrice', 'orderRef'] as const

export const messageUnderstandingSchema = z.object({
  intent: intentSchema,
  /** 0..1; below the caller's threshold the rules are "unsure". */
  confidence: z.number().min(0).max(1),
  entities: messageEntitiesSchema,
})
export type MessageUnderstanding = z.infer<typeof messageUnderstandingSchema>
