import { sql } from 'drizzle-orm'
import type { Database } from '../types'
import { rowsOf } from '../types'

/** What the first-run checklist is computed from: counts of the shop's own data, in one query. */
export type OnboardingFacts = {
  shopSlug: string
  videos: number
  pendingProposals: number
  publishedProducts: number
  storefrontSaved: boolean
  channels: { kind: 'whatsapp' | 'telegram'; displayName: string }[]
  shortLinks: number
  shopPageViews: number
}

export async function getOnboardingFacts(db: Database, merchantId: string): Promise<OnboardingFacts | null> {
  const rows = await rowsOf<OnboardingFacts>(
    db,
    sql`
    select m.slug as "shopSlug",
      (select count(*)::int from videos v where v.merchant_id = m.id) as videos,
      (select count(*)::int from product_proposals pp where pp.merchant_id = m.id and pp.status = 'pending') as "pendingProposals",
      (select count(*)::int from products p where p.merchant_id = m.id and p.status = 'published') as "publishedProducts",
      (m.settings ? 'storefront') as "storefrontSaved",
      coalesce((select json_agg(json_build_object('kind', c.kind, 'displayName', c.display_name) order by c.created_at)
                from channels c where c.merchant_id = m.id and c.enabled), '[]'::json) as channels,
      (select count(*)::int from short_links l where l.merchant_id = m.id) as "shortLinks",
      (select count(*)::int from (select 1 from events e where e.merchant_id = m.id and e.type = 'page_view' limit 1) x) as "shopPageViews"
    from merchants m where m.id = ${merchantId}`,
  )
  return rows[0] ?? null
}
