import { createRequire } from 'node:module'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser, screenshot } from './browser'

/**
 * The design-system walk: every page of the dashboard and the public pages, at a phone (390×844)
 * and a laptop (1366×900), in light and dark mode. Each page must render its heading, must not
 * scroll sideways, and must pass axe-core with no serious or critical violation; each is
 * screenshotted (screenshots/tmp/design-*, reviewed copies in docs/screenshots/).
 */
const hub = () => inject('hubUrl')
const require = createRequire(import.meta.url)
const AXE = require.resolve('axe-core/axe.min.js')

const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 900 } },
} as const

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

async function axe(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ path: AXE })
  return page.evaluate(async () => {
    // axe is injected as a global script
    const { axe } = window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: Violation[] }> } }
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v: Violation) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })),
    }))
  })
}

const photo = (hue: number) =>
  sharp({ create: { width: 800, height: 800, channels: 3, background: { r: hue, g: 120, b: 255 - hue } } })
    .jpeg()
    .toBuffer()

describe('every page on the design system, phone and desktop, light and dark', () => {
  let browser: Browser
  let shop: { slug: string; productId: string; productSlug: string }
  let cookies: Awaited<ReturnType<BrowserContext['cookies']>>

  beforeAll(async () => {
    browser = await launchBrowser()
    const ctx = await browser.newContext()
    const page = await ctx.newPage()
    const stamp = Date.now().toString(36)
    const signup = await page.request.post(`${hub()}/api/auth/signup`, {
      data: { name: 'Wanjiru Kamau', email: `design-${stamp}@shop.test`, password: 'design-walk-2026', shopName: `Kicks Nairobi ${stamp}` },
    })
    expect(signup.status()).toBe(201)
    const me = (await signup.json()) as { merchant: { slug: string } }
    const products = [
      {
        title: 'Air Max 90 White/Green',
        priceMinor: 480000,
        currency: 'KES',
        status: 'published',
        tags: ['sneakers'],
        category: 'Shoes',
        description: 'Sizes 40–45.',
      },
      {
        title: 'Samba OG Classic',
        priceMinor: 650000,
        currency: 'KES',
        status: 'published',
        tags: ['sneakers'],
        category: 'Shoes',
        description: 'Leather upper.',
      },
      { title: 'Crew Socks (3 pack)', priceMinor: 90000, currency: 'KES', status: 'draft', tags: ['socks'], category: 'Accessories', description: '' },
    ]
    const ids: { id: string; slug: string }[] = []
    for (const [i, p] of products.entries()) {
      const r = await page.request.post(`${hub()}/api/products`, { data: p })
      expect(r.status()).toBe(201)
      const created = (await r.json()) as { id: string; slug: string }
      ids.push(created)
      const up = await page.request.post(`${hub()}/api/products/${created.id}/images`, {
        multipart: { file: { name: `p${i}.jpg`, mimeType: 'image/jpeg', buffer: await photo(40 + i * 80) } },
      })
      expect(up.status()).toBe(201)
    }
    shop = { slug: me.merchant.slug, productId: ids[0].id, productSlug: ids[0].slug }
    cookies = await ctx.cookies()
    await ctx.close()
  })
  afterAll(async () => {
    await browser?.close()
  })

  const dashboardPages = () => [
    { path: '/', name: 'home', heading: /Welcome/ },
    { path: '/products', name: 'products', heading: 'Products' },
    { path: `/products/${shop.productId}`, name: 'product-editor', heading: 'Air Max 90 White/Green' },
    { path: `/products/${shop.productId}/media`, name: 'product-media', heading: /Media of/ },
    { path: '/products/new', name: 'product-new', heading: 'New product' },
    { path: '/products/import', name: 'csv-import', heading: 'Import products from CSV' },
    { path: '/import', name: 'tiktok-import', heading: /Import/ },
    { path: '/import/proposals', name: 'proposals', heading: /proposals/i },
    { path: '/settings/categories', name: 'categories', heading: /Categories/ },
    { path: '/activity', name: 'activity', heading: 'Activity' },
    { path: '/storefront', name: 'storefront-settings', heading: /Storefront/ },
    { path: '/links', name: 'links', heading: /Links/ },
    { path: '/analytics', name: 'analytics', heading: /Analytics/ },
    { path: '/inbox', name: 'inbox', heading: 'Inbox' },
    { path: '/orders', name: 'orders', heading: 'Orders' },
    { path: '/channels', name: 'channels', heading: /channels/i },
    { path: '/settings', name: 'settings', heading: /Settings/ },
    { path: '/settings/webhooks', name: 'webhooks', heading: 'Webhooks' },
    { path: '/status', name: 'status', heading: /System status/ },
    { path: '/publishing', name: 'publishing', heading: 'Publishing' },
    { path: '/settings/publishing', name: 'publishing-accounts', heading: 'Publishing accounts' },
  ]
  const publicPages = () => [
    { path: `/@${shop.slug}`, name: 'storefront', heading: /Kicks Nairobi/ },
    { path: `/@${shop.slug}/p/${shop.productSlug}`, name: 'storefront-product', heading: 'Air Max 90 White/Green' },
  ]

  for (const size of ['phone', 'desktop'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      it(`walks every page at ${size} size in ${theme} mode with no serious axe violation`, { timeout: 240_000 }, async () => {
        // bypassCSP: axe is injected as a script; the hub's CSP (script-src 'self') would block it.
        const ctx = await browser.newContext({ ...SIZES[size], colorScheme: theme, bypassCSP: true })
        await ctx.addCookies(cookies)
        await ctx.addInitScript((t) => localStorage.setItem('linkhub-theme', t), theme)
        const page = await ctx.newPage()
        const errors: string[] = []
        page.on('pageerror', (e) => errors.push(e.message))
        const problems: string[] = []
        const pages = [...dashboardPages(), ...(theme === 'light' ? publicPages() : [])]
        for (const p of pages) {
          await page.goto(`${hub()}${p.path}`)
          const h1 = page.getByRole('heading', { level: 1, name: p.heading }).first()
          const shown = await h1.waitFor({ timeout: 30_000 }).then(
            () => true,
            () => false,
          )
          if (!shown) {
            problems.push(`${p.name}: no heading ${p.heading}`)
            await screenshot(page, `design-${p.name}-${size}-${theme}-broken`)
            continue
          }
          // Judge the page once its data has arrived (skeletons and spinners carry aria-busy or are gone).
          await expect
            .poll(() => page.locator('[aria-busy="true"], [role="status"][aria-label^="Loading"]').count(), { timeout: 10_000 })
            .toBe(0)
            .catch(() => problems.push(`${p.name}: still loading after 10 s`))
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
          if (overflow > 1) problems.push(`${p.name}: scrolls sideways by ${overflow}px`)
          for (const v of await axe(page)) {
            if (v.impact === 'serious' || v.impact === 'critical')
              problems.push(`${p.name}: ${v.id} (${v.impact}) ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`)
          }
          await screenshot(page, `design-${p.name}-${size}-${theme}`)
        }
        await ctx.close()
        expect(errors).toEqual([])
        expect(problems).toEqual([])
      })
    }
  }

  it('moves around the dashboard with the keyboard: skip link, ⌘K palette to a product, visible focus', async () => {
    const ctx = await browser.newContext(SIZES.desktop)
    await ctx.addCookies(cookies)
    const page = await ctx.newPage()
    await page.goto(`${hub()}/`)
    await page.getByRole('heading', { level: 1 }).first().waitFor()
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Skip to content' })
    await expect.poll(() => skip.evaluate((el) => el === document.activeElement)).toBe(true)
    // The focused element shows an outline (the focus ring from the tokens).
    expect(await skip.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none')

    await page.keyboard.press('Control+k')
    const box = page.getByPlaceholder('Jump to a page, product, order or chat…')
    await box.waitFor()
    await box.fill('samba')
    await page.getByRole('option', { name: /Samba OG Classic/ }).waitFor({ timeout: 10_000 })
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/products\/[0-9a-f-]{36}$/)
    await page.getByRole('heading', { level: 1, name: 'Samba OG Classic' }).waitFor()
    // Exactly one navigation entry is current.
    expect(await page.locator('aside [aria-current="page"]').count()).toBe(1)
    expect(await page.locator('aside [aria-current="page"]').textContent()).toBe('Products')
    await ctx.close()
  })
})
