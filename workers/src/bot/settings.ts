import { z } from 'zod'

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
  /** Approved WhatsApp templates, used outside the 24-hour window. `order_update` takes {{1}} order number, {{2}} status. */
  templates: z.object({ orderUpdate: templateSchema.optional() }).default({}),
  /** Where the merchant hears of new orders on their own chat. */
  notify: z
    .object({
      whatsapp: z
        .string()
        .regex(/^\d{6,15}$/, 'a phone number in international format, digits only')
        .optional()
        .or(z.literal('').transform(() => undefined)),
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
