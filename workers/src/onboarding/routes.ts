// GET /api/onboarding – the first-run checklist of the dashboard's home page
import { z } from '@hono/zod-openapi'
import { createRouter, json, memberRoute } from '../lib/openapi'
import { merchantIdOf } from '../middleware/auth'
import { getOnboarding } from './get-onboarding'

const stepSchema = z.object({
  id: z.enum(['import', 'approve', 'storefront', 'channel', 'share']),
  title: z.string().openapi({ example: 'Import your TikTok videos' }),
  done: z.boolean(),
  href: z.string().openapi({ description: 'The dashboard path where the step is done', example: '/import' }),
  detail: z.string().openapi({ description: 'What is done so far, or what to do next', example: '3 videos imported.' }),
})

export const onboardingSchema = z
  .object({
    steps: z.array(stepSchema).openapi({ description: 'In the order a merchant goes: import, approve, storefront, channel, share' }),
    done: z.number().int(),
    total: z.number().int(),
    complete: z.boolean(),
    shopUrl: z.string().openapi({ description: 'The public link-in-bio page', example: 'http://127.0.0.1:8787/@demo' }),
  })
  .openapi('Onboarding')

const getOnboardingRoute = memberRoute('viewer', {
  method: 'get',
  path: '/',
  tags: ['Shop'],
  summary: 'The first-run checklist: import, approve, storefront, WhatsApp, share, each done or not',
  description:
    "Worked out from the shop's data each time: videos imported, products published, storefront settings saved, a chat channel connected, a short link made or the shop page opened.",
  responses: { 200: json(onboardingSchema, 'The checklist') },
})

export const onboardingRoutes = createRouter().openapi(getOnboardingRoute, async (c) =>
  c.json(await getOnboarding(c.var.db, { merchantId: merchantIdOf(c), appUrl: c.var.config.APP_URL }), 200),
)
