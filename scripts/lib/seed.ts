import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { eq } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import * as schema from '../../db/schema'
import { hashPassword } from '../../workers/src/auth/password'

export const DEMO_LOGIN = { email: 'demo@linkhub.test', password: 'demo-shop-2026', shop: 'demo' }

type SeedProduct = {
  slug: string
  title: string
  description: string
  priceMinor: number
  compareAtMinor?: number
  category: string
  tags: string[]
  stock: number | null
  variants?: { title: string; options: Record<string, string>; priceMinor: number; stock: number | null; sku: string }[]
}

const PRODUCTS: SeedProduct[] = [
  {
    slug: 'red-runner-sneakers',
    title: 'Red Runner Sneakers',
    description: 'Lightweight running sneakers with a breathable mesh upper.',
    priceMinor: 450000,
    compareAtMinor: 550000,
    category: 'shoes',
    tags: ['sneakers', 'running', 'red'],
    stock: null,
    variants: [40, 41, 42, 43, 44].map((size) => ({
      title: `Size ${size}`,
      options: { size: String(size) },
      priceMinor: 450000,
      stock: 5,
      sku: `RRS-${size}`,
    })),
  },
  {
    slug: 'ankara-wrap-dress',
    title: 'Ankara Wrap Dress',
    description: 'Hand-sewn wrap dress in bold ankara print. Fits true to size.',
    priceMinor: 1200000,
    category: 'apparel',
    tags: ['dress', 'ankara', 'fashion'],
    stock: null,
    variants: ['S', 'M', 'L'].map((size) => ({ title: size, options: { size }, priceMinor: 1200000, stock: 3, sku: `AWD-${size}` })),
  },
  {
    slug: 'shea-butter-glow-cream',
    title: 'Shea Butter Glow Cream',
    description: 'Raw shea butter whipped with vitamin E. 250 ml jar.',
    priceMinor: 350000,
    category: 'beauty',
    tags: ['skincare', 'shea', 'cream'],
    stock: 40,
  },
  {
    slug: 'wireless-earbuds-pro',
    title: 'Wireless Earbuds Pro',
    description: 'Noise-cancelling earbuds, 24 h battery with the case.',
    priceMinor: 1899900,
    compareAtMinor: 2499900,
    category: 'electronics',
    tags: ['earbuds', 'audio', 'bluetooth'],
    stock: 12,
  },
]

/**
 * Seeds the demo shop (idempotent: a second run changes nothing). The demo owner can log in
 * with DEMO_LOGIN.
 */
export async function seedDemo(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 })
  const db = drizzle(pool, { schema })
  try {
    const [existing] = await db.select().from(schema.merchants).where(eq(schema.merchants.slug, DEMO_LOGIN.shop))
    if (existing) return { merchantId: existing.id, created: false }
    return await db.transaction(async (tx) => {
      const [merchant] = await tx
        .insert(schema.merchants)
        .values({
          slug: DEMO_LOGIN.shop,
          name: 'Demo Shop',
          defaultCurrency: 'NGN',
          bio: 'Sneakers, fashion and beauty from Lagos. Order on WhatsApp!',
          settings: {
            whatsappNumber: '2348000000000',
            telegramBot: 'demo_shop_bot',
            payments: ['cash_on_delivery', 'bank_transfer', 'mobile_money'],
            faq: { delivery: 'We deliver across Lagos in 1–2 days (₦2,000) and nationwide in 3–5 days.', location: '12 Allen Avenue, Ikeja, Lagos.' },
          },
        })
        .returning()
      const [user] = await tx
        .insert(schema.users)
        .values({ email: DEMO_LOGIN.email, name: 'Demo Owner', passwordHash: await hashPassword(DEMO_LOGIN.password) })
        .returning()
      await tx.insert(schema.memberships).values({ merchantId: merchant.id, userId: user.id, role: 'owner' })
      for (const p of PRODUCTS) {
        const [product] = await tx
          .insert(schema.products)
          .values({
            merchantId: merchant.id,
            slug: p.slug,
            title: p.title,
            description: p.description,
            status: 'published',
            priceMinor: p.priceMinor,
            compareAtMinor: p.compareAtMinor,
            currency: merchant.defaultCurrency,
            category: p.category,
            tags: p.tags,
            stock: p.stock,
          })
          .returning()
        for (const [position, v] of (p.variants ?? []).entries()) {
          await tx.insert(schema.productVariants).values({ merchantId: merchant.id, productId: product.id, position, ...v })
        }
      }
      return { merchantId: merchant.id, created: true }
    })
  } finally {
    await pool.end()
  }
}

const SEED_IMAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../seed-images')

async function hubJson<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/**
 * Gives the demo products their photos through the running hub, as a merchant would: logs in as
 * the demo owner and uploads `scripts/seed-images/<slug>.jpg` with `POST /api/products/{id}/images`,
 * so the file goes to R2 and the render node makes its thumbnails. Idempotent: a product that has
 * an image already (or has no file here) is left alone, so a second run uploads nothing.
 */
export async function seedDemoPhotos(hubUrl: string): Promise<{ uploaded: string[] }> {
  const login = await fetch(`${hubUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_LOGIN.email, password: DEMO_LOGIN.password }),
  })
  await hubJson(login, 'demo login')
  const session = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('lh_session='))
  if (!session) throw new Error('demo login set no session cookie')
  const headers = { cookie: session }
  const page = await hubJson<{ items: { id: string; slug: string; image: unknown }[] }>(
    await fetch(`${hubUrl}/api/products?limit=100`, { headers }),
    'listing the demo products',
  )
  const uploaded: string[] = []
  for (const product of page.items) {
    if (product.image || !PRODUCTS.some((p) => p.slug === product.slug)) continue
    let bytes: Uint8Array<ArrayBuffer>
    try {
      bytes = new Uint8Array(await readFile(path.join(SEED_IMAGES, `${product.slug}.jpg`)))
    } catch {
      continue
    }
    await hubJson(
      await fetch(`${hubUrl}/api/products/${product.id}/images`, { method: 'POST', headers: { ...headers, 'content-type': 'image/jpeg' }, body: bytes }),
      `uploading the photo of ${product.slug}`,
    )
    uploaded.push(product.slug)
  }
  await fetch(`${hubUrl}/api/auth/logout`, { method: 'POST', headers }).then((r) => r.arrayBuffer())
  return { uploaded }
}
