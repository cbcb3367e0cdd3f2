import { type StudioBrief, studioBriefSchema } from '../../../../contracts/studio'

export const DRESS_ID = '7d4c1f0e-9a1b-4c2d-8e3f-1a2b3c4d5e6f'
export const PHONE_ID = '2b7e0d4a-3c5f-4e8a-9b1c-6d2f8a4e1c3b'

type BriefInput = Parameters<typeof studioBriefSchema.parse>[0]

/** A product brief like the Workflow's brief step builds (a discounted dress with low stock), with overrides. */
export function dressBrief(over: Partial<BriefInput> & { voice?: Record<string, unknown> } = {}): StudioBrief {
  return studioBriefSchema.parse({
    source: { kind: 'product', productId: DRESS_ID },
    shop: { name: 'Mama Ada Styles', orderChannel: 'whatsapp', city: 'Nairobi', discountCode: 'ADA10', storefrontUrl: null },
    products: [
      {
        id: DRESS_ID,
        title: 'Ankara Wrap Dress - handmade',
        description: 'Made from soft cotton print. Ties at the waist for a flattering fit.',
        priceMinor: 450000,
        compareAtMinor: 550000,
        currency: 'KES',
        priceText: 'KSh 4,500',
        stock: 3,
        variants: ['S', 'M', 'L', 'XL'],
        category: 'fashion',
        tags: ['dress', 'ankara'],
        imageKeys: ['p/dress-1.jpg', 'p/dress-2.jpg'],
        coverKeys: ['c/dress-cover.jpg'],
      },
    ],
    ...over,
    voice: { tone: 'friendly', targetSeconds: 30, ...(over.voice ?? {}) },
  })
}

/** A plain product: no discount, untracked stock, no code, no photos. */
export function phoneBrief(voice: Record<string, unknown> = {}): StudioBrief {
  return studioBriefSchema.parse({
    source: { kind: 'product', productId: PHONE_ID },
    shop: { name: 'Kilimani Gadgets', orderChannel: 'telegram', city: null, discountCode: null, storefrontUrl: null },
    products: [
      {
        id: PHONE_ID,
        title: 'Wireless Earbuds Pro',
        description: null,
        priceMinor: 250000,
        compareAtMinor: null,
        currency: 'KES',
        priceText: 'KSh 2,500',
        stock: null,
        variants: [],
        category: 'electronics',
        tags: ['earbuds'],
      },
    ],
    voice: { tone: 'friendly', targetSeconds: 30, ...voice },
  })
}
