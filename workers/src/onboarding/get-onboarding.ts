import { countOf } from '../../../contracts/count-of'
import { getOnboardingFacts, type OnboardingFacts } from '../../../db/queries/onboarding'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'

export type OnboardingStep = { id: StepId; title: string; done: boolean; href: string; detail: string }
export type StepId = 'import' | 'approve' | 'storefront' | 'channel' | 'share'

/** The first-run checklist, in the order a merchant goes: each step worked out from the shop's own data. */
export function onboardingSteps(f: OnboardingFacts, appUrl: string): OnboardingStep[] {
  const shopUrl = `${appUrl}/@${f.shopSlug}`
  const whatsapp = f.channels.find((c) => c.kind === 'whatsapp')
  const telegram = f.channels.find((c) => c.kind === 'telegram')
  const connected = whatsapp ?? telegram
  return [
    {
      id: 'import',
      title: 'Import your TikTok videos',
      done: f.videos > 0,
      href: '/import',
      detail: f.videos > 0 ? `${countOf(f.videos, 'video')} imported.` : 'Paste links to your TikTok videos; each one becomes a product to approve.',
    },
    {
      id: 'approve',
      title: 'Approve your products',
      done: f.publishedProducts > 0,
      href: f.pendingProposals > 0 ? '/import/proposals' : '/products',
      detail:
        f.publishedProducts > 0
          ? `${countOf(f.publishedProducts, 'product')} live${f.pendingProposals > 0 ? `, ${countOf(f.pendingProposals, 'proposal')} waiting` : ''}.`
          : f.pendingProposals > 0
            ? `${countOf(f.pendingProposals, 'proposal')} from your videos ${f.pendingProposals === 1 ? 'is' : 'are'} waiting: check the title and price, then approve.`
            : 'Approve the products read from your videos (or add one by hand) to put them in your shop.',
    },
    {
      id: 'storefront',
      title: 'Set up your storefront',
      done: f.storefrontSaved,
      href: '/storefront',
      detail: f.storefrontSaved ? `Your shop is at ${shopUrl}.` : 'Choose a theme, your header and which products lead your link-in-bio page.',
    },
    {
      id: 'channel',
      title: 'Connect WhatsApp',
      done: connected !== undefined,
      href: '/channels',
      detail: connected
        ? `${connected.kind === 'whatsapp' ? 'WhatsApp' : 'Telegram'} connected${connected.displayName ? ` (${connected.displayName})` : ''}: shoppers can order in chat.`
        : 'Connect your WhatsApp Business number (or a Telegram bot) so shoppers can order in chat.',
    },
    {
      id: 'share',
      title: 'Share your link',
      done: f.shortLinks > 0 || f.shopPageViews > 0,
      href: '/links',
      detail:
        f.shortLinks > 0
          ? `${countOf(f.shortLinks, 'short link')} made. Put ${shopUrl} in your TikTok bio.`
          : f.shopPageViews > 0
            ? `Your link-in-bio has been opened. Make short links and QR codes to see which post brings shoppers.`
            : `Put ${shopUrl} in your TikTok bio, or make a short link or QR code for a product.`,
    },
  ]
}

/** GET /api/onboarding: the checklist of the merchant's shop. */
export async function getOnboarding(db: Database, input: { merchantId: string; appUrl: string }) {
  const facts = await getOnboardingFacts(db, input.merchantId)
  if (!facts) throw new AppError('not_found', 'no such shop')
  const steps = onboardingSteps(facts, input.appUrl)
  const done = steps.filter((s) => s.done).length
  return { steps, done, total: steps.length, complete: done === steps.length, shopUrl: `${input.appUrl}/@${facts.shopSlug}` }
}
