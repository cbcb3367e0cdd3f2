import jsQR from 'jsqr'
import pg from 'pg'
import type { Browser } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DEMO_LOGIN } from '../../scripts/lib/seed'
import { DESKTOP, launchBrowser, PHONE, screenshot } from './browser'

const VIDEO_ID = '7301234567890123456'
const hub = () => inject('hubUrl')

/** Gives the seeded shop a ready TikTok video featuring the sneakers (the seed has products only). */
async function seedVideo() {
  const client = new pg.Client({ connectionString: inject('hubDatabaseUrl') })
  await client.connect()
  try {
    const { rows } = await client.query(
      `insert into videos (merchant_id, external_id, url, caption, status)
       select id, $1, 'https://www.tiktok.com/@demo/video/' || $1, 'New drop: Red Runner Sneakers 🔥 sizes 40–44', 'ready' from merchants where slug = 'demo'
       on conflict (merchant_id, platform, external_id) do update set status = 'ready' returning id, merchant_id`,
      [VIDEO_ID],
    )
    await client.query(
      `insert into product_videos (merchant_id, product_id, video_id) select $1, p.id, $2 from products p where p.merchant_id = $1 and p.slug = 'red-runner-sneakers' on conflict do nothing`,
      [rows[0].merchant_id, rows[0].id],
    )
    const ref = await client.query(`select ref from products where slug = 'red-runner-sneakers' and merchant_id = $1`, [rows[0].merchant_id])
    return { merchantId: rows[0].merchant_id as string, productRef: ref.rows[0].ref as string }
  } finally {
    await client.end()
  }
}

async function decodeQr(png: Buffer) {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data ?? null
}

const metaOf = (html: string, key: string) => html.match(new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`))?.[1] ?? null

describe('storefront, short links, QR and analytics in a browser', () => {
  let browser: Browser
  let merchant: { merchantId: string; productRef: string }
  beforeAll(async () => {
    merchant = await seedVideo()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('serves every public page with its OG tags to a client without JavaScript', async () => {
    for (const path of ['/@demo', '/@demo/p/red-runner-sneakers', '/@demo/p/wireless-earbuds-pro']) {
      const res = await fetch(`${hub()}${path}`, { headers: { 'user-agent': 'WhatsApp/2.23.20.0' } })
      expect(res.status, path).toBe(200)
      const html = await res.text()
      expect(metaOf(html, 'og:url')).toBe(`${hub()}${path}`)
      expect(metaOf(html, 'og:title')).toBeTruthy()
      expect(metaOf(html, 'og:description')).toBeTruthy()
      expect(metaOf(html, 'og:image')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
      expect(metaOf(html, 'twitter:card')).toBe('summary_large_image')
      expect(html).toContain(`<link rel="canonical" href="${hub()}${path}"`)
      // One og:title only: the SPA shell's placeholder tags are replaced, not duplicated.
      expect(html.match(/property="og:title"/g)).toHaveLength(1)
    }
    const product = await (await fetch(`${hub()}/@demo/p/red-runner-sneakers`)).text()
    expect(metaOf(product, 'og:title')).toContain('Red Runner Sneakers')
    expect(metaOf(product, 'product:price:amount')).toBe('450000')
    expect(metaOf(product, 'product:price:currency')).toBe('NGN')
    expect(product).toContain('Order on WhatsApp') // server-rendered, visible without JS
    const og = await fetch(metaOf(product, 'og:image') as string)
    expect(og.status).toBe(200)
    expect(og.headers.get('content-type')).toMatch(/^image\//)
  })

  it('walks a shopper from the link-in-bio page through a video to the WhatsApp order link', async () => {
    const context = await browser.newContext({
      ...PHONE,
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
    })
    // wa.me is outside this machine: answer it locally and keep the URL the button opened.
    const opened: string[] = []
    await context.route('https://wa.me/**', (route) => {
      opened.push(route.request().url())
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>WhatsApp</h1>' })
    })
    await context.route('https://www.tiktok.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<body style="background:#000"></body>' }),
    )
    const page = await context.newPage()
    await page.goto(`${hub()}/@demo`)
    await expect.poll(() => page.getByTestId('sf-product').count(), { timeout: 15_000 }).toBe(4)
    await screenshot(page, 'storefront-link-in-bio-phone')

    await page.getByTestId('sf-video').first().click()
    const sheet = page.getByRole('dialog', { name: 'Products in this video' })
    await expect.poll(() => sheet.getByTestId('sf-product').count(), { timeout: 15_000 }).toBe(1)
    await screenshot(page, 'storefront-video-sheet-phone')
    await sheet.getByTestId('sf-product').click()
    await page.waitForURL(/\/@demo\/p\/red-runner-sneakers\?src=V/)
    await expect.poll(() => page.getByTestId('order-whatsapp').count(), { timeout: 15_000 }).toBe(1)
    await page.getByText('Size 42').click()
    await screenshot(page, 'storefront-product-phone')

    const ref = `${merchant.productRef}-V${VIDEO_ID}`
    const href = (await page.getByTestId('order-whatsapp').getAttribute('href')) ?? ''
    const wa = new URL(href)
    expect(wa.origin + wa.pathname).toBe('https://wa.me/2348000000000')
    expect(wa.searchParams.get('text')).toBe(`Hi! I'd like to order Red Runner Sneakers – Size 42 (ref ${ref})`)
    expect(await page.getByTestId('order-telegram').getAttribute('href')).toBe(`https://t.me/demo_shop_bot?start=${ref}`)
    await page.getByTestId('order-whatsapp').click()
    await expect.poll(() => opened.length, { timeout: 15_000 }).toBe(1)
    expect(new URL(opened[0]).searchParams.get('text')).toContain(`(ref ${ref})`)
    await context.close()
  })

  it('shows the photo, title, price, code and order button of a product in the first screen on a phone and a desktop (issue 11)', async () => {
    const api = await browser.newContext(DESKTOP)
    const login = await api.request.post(`${hub()}/api/auth/login`, { data: { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password } })
    expect(login.ok()).toBe(true)
    const slug = `tall-cover-${Date.now().toString(36)}`
    const created = await api.request.post(`${hub()}/api/products`, {
      data: {
        title: 'Air Max 90 Tall Cover',
        slug,
        status: 'published',
        currency: 'NGN',
        description: 'A product whose only photo is a full-size portrait TikTok cover.',
        promoCodes: ['KICKS10'],
        variants: ['40', '41', '42', '43', '44', '45'].map((size) => ({ options: { size }, priceMinor: 4_800_000 })),
      },
    })
    expect(created.status()).toBe(201)
    const { id } = (await created.json()) as { id: string }
    // A TikTok cover as it is copied: 1080×1920, far wider than a phone's column.
    const cover = await sharp({ create: { width: 1080, height: 1920, channels: 3, background: '#e11d48' } })
      .jpeg()
      .toBuffer()
    const upload = await api.request.post(`${hub()}/api/products/${id}/images`, { headers: { 'content-type': 'image/jpeg' }, data: cover })
    expect(upload.status()).toBe(201)
    await api.close()

    for (const [name, options] of [
      ['phone', PHONE],
      ['desktop', { viewport: { width: 1366, height: 900 } }],
    ] as const) {
      const context = await browser.newContext(options)
      await context.route('https://www.tiktok.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<body></body>' }))
      const page = await context.newPage()
      await page.goto(`${hub()}/@demo/p/${slug}`)
      await expect.poll(() => page.getByTestId('order-whatsapp').count(), { timeout: 15_000 }).toBe(1)
      await page
        .locator('.sf-gallery img')
        .first()
        .evaluate((img: HTMLImageElement) => img.decode().catch(() => undefined))
      const height = options.viewport.height
      const width = options.viewport.width
      const price = await page.getByTestId('sf-price').boundingBox()
      const order = await page.getByTestId('order-whatsapp').boundingBox()
      const photo = await page.locator('.sf-gallery img').first().boundingBox()
      const title = await page.getByRole('heading', { level: 1 }).boundingBox()
      await screenshot(page, `storefront-product-first-screen-${name}`)
      expect(photo, name).not.toBeNull()
      expect(price, name).not.toBeNull()
      expect(order, name).not.toBeNull()
      // The photo fits the column (not drawn at 1080 px and cropped) and everything to order is above the fold.
      expect(photo?.width ?? 0, name).toBeLessThanOrEqual(width)
      expect((photo?.x ?? -1) >= 0, name).toBe(true)
      expect((title?.y ?? height) + (title?.height ?? 0), name).toBeLessThanOrEqual(height)
      expect((price?.y ?? height) + (price?.height ?? 0), name).toBeLessThanOrEqual(height)
      expect((order?.y ?? height) + (order?.height ?? 0), name).toBeLessThanOrEqual(height)
      expect(await page.getByTestId('sf-promo').textContent(), name).toContain('KICKS10')
      await context.close()
    }
  })

  it('makes a password-protected short link whose QR code scans and leads to the product', async () => {
    const desk = await browser.newContext(DESKTOP)
    const login = await desk.request.post(`${hub()}/api/auth/login`, { data: { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password } })
    expect(login.ok()).toBe(true)
    const products = (await (await desk.request.get(`${hub()}/api/products?q=sneakers`)).json()) as { items: { id: string; slug: string }[] }
    const sneakers = products.items.find((p) => p.slug === 'red-runner-sneakers')
    const created = await desk.request.post(`${hub()}/api/links`, {
      data: { productId: sneakers?.id, title: 'Poster', password: 'lagos-2026', utm: { campaign: 'poster' } },
    })
    expect(created.status()).toBe(201)
    const { link } = (await created.json()) as { link: { id: string; code: string } }

    const page = await desk.newPage()
    await page.goto(`${hub()}/links`)
    const row = page.getByTestId('link-row').filter({ hasText: `/l/${link.code}` })
    await row.getByRole('button', { name: 'QR' }).click()
    await expect
      .poll(() => page.getByTestId('qr-image').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 15_000 })
      .toBeGreaterThan(0)
    await screenshot(page, 'links-qr-desktop')
    const png = await desk.request.get(`${hub()}/api/links/${link.id}/qr.png?scale=8`)
    const scanned = await decodeQr(await png.body())
    expect(scanned).toBe(`${hub()}/l/${link.code}?qr=1`)
    await page.close()

    const phone = await browser.newContext(PHONE)
    const shopper = await phone.newPage()
    await shopper.goto(scanned as string)
    await expect.poll(() => shopper.getByRole('heading', { name: 'This link is protected' }).count(), { timeout: 15_000 }).toBe(1)
    await shopper.getByLabel('Password').fill('wrong-one')
    await shopper.getByRole('button', { name: 'Continue' }).click()
    await expect.poll(() => shopper.getByRole('alert').textContent(), { timeout: 15_000 }).toContain('not right')
    await screenshot(shopper, 'short-link-password-phone')
    await shopper.getByLabel('Password').fill('lagos-2026')
    await shopper.getByRole('button', { name: 'Continue' }).click()
    await shopper.waitForURL(/\/@demo\/p\/red-runner-sneakers\?/)
    const landed = new URL(shopper.url())
    expect(landed.searchParams.get('src')).toBe(`L${link.code}`)
    expect(landed.searchParams.get('utm_campaign')).toBe('poster')
    expect(landed.searchParams.get('utm_medium')).toBe('qr')
    const orderUrl = new URL((await shopper.getByTestId('order-whatsapp').getAttribute('href')) ?? '')
    expect(orderUrl.searchParams.get('text')).toContain(`(ref ${merchant.productRef}-L${link.code})`)
    await phone.close()

    // The dashboard now shows those visits, clicks and taps.
    const dash = await desk.newPage()
    await dash.goto(`${hub()}/analytics`)
    await expect.poll(async () => Number(await dash.getByTestId('total-order-taps').textContent()), { timeout: 15_000 }).toBeGreaterThanOrEqual(1)
    expect(Number(await dash.getByTestId('total-views').textContent())).toBeGreaterThanOrEqual(3)
    expect(Number(await dash.getByTestId('total-clicks').textContent())).toBeGreaterThanOrEqual(1)
    await expect.poll(() => dash.locator('td', { hasText: link.code }).count(), { timeout: 15_000 }).toBe(1)
    await dash.waitForTimeout(300)
    await screenshot(dash, 'analytics-desktop')
    const narrow = await browser.newPage({ ...PHONE, storageState: await desk.storageState() })
    await narrow.goto(`${hub()}/analytics`)
    await expect.poll(() => narrow.getByTestId('total-views').count(), { timeout: 15_000 }).toBe(1)
    await screenshot(narrow, 'analytics-phone')
    await narrow.close()
    await desk.close()
  })
})
