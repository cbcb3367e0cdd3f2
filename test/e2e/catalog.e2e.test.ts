import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DESKTOP, launchBrowser, PHONE, screenshot } from './browser'

const hub = () => inject('hubUrl')
const stamp = Date.now().toString(36)

async function signUp(context: BrowserContext, who: string) {
  const page = await context.newPage()
  await page.goto(`${hub()}/signup`)
  await page.getByLabel('Your name').fill(who)
  await page.getByLabel('Email').fill(`${who.toLowerCase()}-${stamp}@shop.test`)
  await page.getByLabel('Password').fill('catalog-walk-2026')
  await page.getByLabel('Shop name').fill(`${who} Styles ${stamp}`)
  await page.getByRole('button', { name: 'Create shop' }).click()
  await page.waitForURL(`${hub()}/`)
  return page
}

/** A catalog export with each image reduced to its content hash (keys differ per shop by design). */
const normalise = (csv: string) => csv.replace(/https?:\/\/[^\s",]+\/m\/[0-9a-f-]+\/([0-9a-f]{64})\.(\w+)/g, 'IMG:$1.$2')

describe('merchant catalog walk in a browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('signs up, creates a product with two variants and an image, finds it misspelled, publishes, exports, and imports into a second shop', async () => {
    const a = await browser.newContext({ ...DESKTOP, acceptDownloads: true })
    const page = await signUp(a, 'Amara')
    await screenshot(page, 'catalog-home-desktop')

    // An empty catalog says what to do.
    await page
      .getByRole('link', { name: /Products/ })
      .first()
      .click()
    await expect.poll(() => page.getByText('No products yet').count(), { timeout: 15_000 }).toBe(1)
    await screenshot(page, 'catalog-products-empty-desktop')

    // Create a product with two variants.
    await page.getByRole('link', { name: 'Add your first product' }).click()
    await page.waitForURL(/\/products\/new$/)
    await page.getByLabel('Title', { exact: true }).fill('Ankara Wrap Dress')
    await page.getByLabel('Description', { exact: true }).fill('Hand-finished wax print wrap dress.')
    await page.getByLabel('Tags').fill('ankara, dress')
    await page.getByLabel('Category').fill('fashion')
    await page.getByRole('button', { name: 'Add variant' }).click()
    await page.getByRole('button', { name: 'Add variant' }).click()
    await page.getByLabel('Option 1 name').fill('size')
    const rows = page.getByTestId('variant-row')
    await rows.nth(0).getByLabel('size').fill('M')
    await rows.nth(0).getByLabel(/Price/).fill('45.00')
    await rows.nth(0).getByLabel('SKU').fill('AWD-M')
    await rows.nth(0).getByLabel('Stock').fill('5')
    await rows.nth(1).getByLabel('size').fill('L')
    await rows.nth(1).getByLabel(/Price/).fill('49.50')
    await rows.nth(1).getByLabel('SKU').fill('AWD-L')
    await rows.nth(1).getByLabel('Stock').fill('2')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.waitForURL(/\/products\/[0-9a-f-]{36}$/)
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 15_000 }).toContain('Saved')

    // Upload an image; its thumbnails are rendered by the render node.
    const png = await sharp({ create: { width: 600, height: 800, channels: 3, background: { r: 200, g: 60, b: 40 } } })
      .png()
      .toBuffer()
    await page.getByTestId('image-input').setInputFiles({ name: 'dress.png', mimeType: 'image/png', buffer: png })
    await expect.poll(() => page.getByTestId('product-image').count(), { timeout: 15_000 }).toBe(1)
    await expect
      .poll(() => page.getByTestId('product-image').textContent(), { timeout: 30_000 })
      .toContain('thumbnails ready')
      .catch(async (err) => {
        const id = page.url().split('/').pop()
        console.error('DEBUG', await (await page.request.get(`${hub()}/api/products/${id}`)).text())
        const { default: pg } = await import('pg')
        const c = new pg.Client({ connectionString: inject('hubDatabaseUrl') })
        await c.connect()
        console.error(
          'DEBUG jobs',
          JSON.stringify((await c.query("select type, status, attempts, error, payload->'after' as after from jobs order by created_at desc limit 5")).rows),
        )
        await c.end()
        throw err
      })
    await screenshot(page, 'catalog-editor-desktop')

    // A misspelled search finds it.
    await page
      .getByRole('link', { name: /Products/ })
      .first()
      .click()
    await page.getByLabel('Search products').fill('ankra dres')
    await expect.poll(() => page.getByTestId('products-table').getAttribute('data-settled'), { timeout: 15_000 }).toBe('true')
    await expect.poll(() => page.getByTestId('product-row').count(), { timeout: 15_000 }).toBe(1)
    expect(await page.getByTestId('product-row').textContent()).toContain('Ankara Wrap Dress')

    // Bulk-publish from the table.
    await page.getByLabel('Select all').check()
    await page.getByRole('button', { name: 'Publish', exact: true }).click()
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 15_000 }).toContain('1 product updated')
    await expect.poll(() => page.getByTestId('product-row').locator('.pill').textContent(), { timeout: 15_000 }).toBe('published')
    await screenshot(page, 'catalog-products-desktop')

    // Export CSV.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()])
    const csvPath = await download.path()
    const csv = readFileSync(csvPath, 'utf8')
    expect(csv).toContain('ankara-wrap-dress')
    expect(csv).toContain('49.50')

    // Import into a second shop, through the preview.
    const b = await browser.newContext(DESKTOP)
    const pageB = await signUp(b, 'Bisi')
    await pageB.goto(`${hub()}/products/import`)
    await pageB.getByTestId('csv-input').setInputFiles({ name: 'catalog.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await expect.poll(() => pageB.getByTestId('import-preview').textContent(), { timeout: 15_000 }).toContain('1 new, 0 updated, 0 unchanged')
    await screenshot(pageB, 'catalog-import-preview-desktop')
    await pageB.getByRole('button', { name: 'Import 1 product' }).click()
    await expect.poll(() => pageB.getByTestId('import-done').textContent(), { timeout: 20_000 }).toContain('1 new')
    await pageB.getByRole('link', { name: 'See products' }).click()
    await pageB.waitForURL(/\/products$/)
    await expect
      .poll(() => pageB.getByTestId('product-row').count(), { timeout: 15_000 })
      .toBe(1)
      .catch(async (err) => {
        await screenshot(pageB, 'catalog-debug-b-products')
        console.error('DEBUG', await pageB.locator('body').textContent())
        throw err
      })
    expect(await pageB.getByTestId('product-row').textContent()).toContain('Ankara Wrap Dress')

    // The same catalog: shop B's export equals shop A's (images compared by content).
    const exportB = await pageB.request.get(`${hub()}/api/products/export.csv`)
    expect(normalise(await exportB.text())).toBe(normalise(csv))
    await a.close()

    // Shop B on a phone: product table and editor.
    const phone = await browser.newContext(PHONE)
    const pp = await phone.newPage()
    await pp.goto(`${hub()}/login`)
    await pp.getByLabel('Email').fill(`bisi-${stamp}@shop.test`)
    await pp.getByLabel('Password').fill('catalog-walk-2026')
    await pp.getByRole('button', { name: 'Log in', exact: true }).click()
    await pp.waitForURL(`${hub()}/`)
    await screenshot(pp, 'catalog-home-phone')
    // Phones: a bottom bar, and every page in the "More" sheet.
    await pp.getByRole('button', { name: 'More pages' }).click()
    const sheet = pp.getByRole('navigation', { name: 'All pages' })
    await sheet.waitFor()
    await screenshot(pp, 'catalog-nav-phone')
    await sheet.getByRole('link', { name: 'Products', exact: true }).click()
    await expect.poll(() => pp.getByTestId('product-row').count(), { timeout: 15_000 }).toBe(1)
    await screenshot(pp, 'catalog-products-phone')
    await pp.getByTestId('product-row').getByRole('link').click()
    await expect.poll(() => pp.getByTestId('variant-row').count(), { timeout: 15_000 }).toBe(2)
    await screenshot(pp, 'catalog-editor-phone')
    await pp.goto(`${hub()}/settings`)
    await expect.poll(() => pp.getByTestId('member-row').count(), { timeout: 15_000 }).toBe(1)
    await screenshot(pp, 'catalog-settings-phone')
    await phone.close()

    // The log-in page explains a wrong password.
    const anon = await browser.newContext(PHONE)
    const lp = await anon.newPage()
    await lp.goto(`${hub()}/products`)
    await lp.waitForURL(/\/login\?next=/)
    await lp.getByLabel('Email').fill(`bisi-${stamp}@shop.test`)
    await lp.getByLabel('Password').fill('wrong password')
    await lp.getByRole('button', { name: 'Log in', exact: true }).click()
    await expect.poll(() => lp.getByRole('alert').textContent(), { timeout: 15_000 }).toContain('Wrong email or password')
    await screenshot(lp, 'catalog-login-error-phone')
    await anon.close()
    await b.close()
  }, 240_000)
})
