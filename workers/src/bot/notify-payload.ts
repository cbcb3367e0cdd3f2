import { z } from 'zod'

/**
 * `bot.notify-merchant`: the alert text, and the order it is about (the new-order template's
 * parameters, used outside WhatsApp's 24-hour window: {{1}} number, {{2}} customer, {{3}} total).
 */
export const notifyMerchantPayloadSchema = z.object({
  text: z.string().min(1).max(1000),
  order: z.object({ number: z.string().min(1).max(40), customer: z.string().max(200), total: z.string().min(1).max(60) }).optional(),
})
