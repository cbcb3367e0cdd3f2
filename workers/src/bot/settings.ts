import { z } from 'zod'
import { optionalE164PhoneSchema } from '../accounts/schemas'

export const PAYMENT_METHODS = ['cash_on_delivery', 'mobile_money', 'bank_transfer'] as const
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]
export const PAYMENT_LABELS: Record<PaymentMethod, string> = {
  cash_on_delivery: 'Cash on delivery',
  mobile_money: 'Mobile money',
  bank_transfer: 'Bank transfer',
}

const templateSchema = z.object({ name: z.string().min(1).max(512), language: z.string().min(2).max(15).default('en') })

/** `merchants.settings.bot`: what the bot answers and offers, edited in the dashboard. */
export const botSettingsSchema = z.object({
  greeting: z.string().max(500).default(''),
  faq: z
    .object({
      delivery: z.string().max(1000).default(''),
      payment: z.string().max(1000).default(''),
      location: z.string().max(1000).default(''),
    })
    .default({ delivery: '', payment: '', location: '' }),
  paymentMethods: z.array(z.enum(PAYMENT_METHODS)).min(1).default(['cash_on_delivery']),
  deliveryMethods: z
    .array(z.enum(['delivery', 'pickup']))
    .min(1)
    .default(['delivery', 'pickup']),
  /**
   * What the shopper is told to do when they pick a payment method (till / paybill number, bank
   * account), sent when chosen and again with the order number after placing the order.
   */
  paymentInstructions: z
    .object({
      cash_on_delivery: z.string().trim().max(1000).default(''),
      mobile_money: z.string().trim().max(1000).default(''),
      bank_transfer: z.string().trim().max(1000).default(''),
    })
    .default({ cash_on_delivery: '', mobile_money: '', bank_transfer: '' }),
  /**
   * Delivery fee in the shop currency's minor units: one flat fee, or a fee per zone (the shopper
   * picks a zone; zones win over the flat fee). Pickup is free. Shown before confirming, stored on
   * the order (`orders.delivery_fee_minor`) and included in its total.
   */
  deliveryFee: z
    .object({
      flatMinor: z.number().int().min(0).max(1_000_000_000).default(0),
      zones: z
        .array(z.object({ name: z.string().trim().min(1).max(60), feeMinor: z.number().int().min(0).max(1_000_000_000) }))
        .max(10)
        .default([]),
    })
    .default({ flatMinor: 0, zones: [] }),
  /**
   * Approved WhatsApp templates, used outside the 24-hour window. `orderUpdate` takes {{1}} order
   * number, {{2}} status; `newOrder` (the merchant's new-order alert, default `new_order`) takes
   * {{1}} order number, {{2}} customer, {{3}} total.
   */
  templates: z
    .object({ orderUpdate: templateSchema.optional(), newOrder: templateSchema.default({ name: 'new_order', language: 'en' }) })
    .default({ newOrder: { name: 'new_order', language: 'en' } }),
  /** Where the merchant hears of new orders on their own chat. */
  notify: z
    .object({
      /** The merchant's own WhatsApp number, E.164 ("+254 712 345 678" is stored as "+254712345678"). */
      whatsapp: optionalE164PhoneSchema,
      telegramChatId: z
        .string()
        .regex(/^-?\d{1,20}$/, 'a numeric Telegram chat id')
        .optional()
        .or(z.literal('').transform(() => undefined)),
    })
    .default({}),
})
export type BotSettings = z.infer<typeof botSettingsSchema>

/** The merchant's bot settings with defaults filled; invalid stored values fall back to defaults. */
export function readBotSettings(settings: Record<string, unknown> | null | undefined): BotSettings {
  const parsed = botSettingsSchema.safeParse(settings?.bot ?? {})
  return parsed.success ? parsed.data : botSettingsSchema.parse({})
}
