import pg from 'pg'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DESKTOP, launchBrowser, PHONE, screenshot } from './browser'

const hub = () => inject('hubUrl')
const fake = () => inject('hubFakes').tiktok
const post = (url: string, body: unknown) => fetch(url, { method: 'POST', body: JSON.stringify(body) })

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: inject('hubDatabaseUrl') })
  await client.connect()
  try {
    return (await client.query(text, params)).rows as T[]
  } finally {
    await client.end()
  }
}

describe('importing TikTok links in a browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('pastes a mixed list, shows per-line results and live progress, and approves two proposals into products with the copied cover', async () => {
    const stamp = Date.now().toString().slice(-8)
    const [longId, shortId] = [`72000${stamp}000001`, `72000${stamp}000002`]
    const shortCode = `ZM${stamp}`
    await post(`${fake()}/__videos`, [
      { id: longId, user: 'ade.kicks', caption: 'New drop 🔥 Red Runner Sneakers now ₦45,000 (was ₦55,000). Sizes 40-45. DM to order! #sneakers #lagos' },
      { id: shortId, user: 'ade.kicks', caption: 'Ankara wrap dress 😍 only ₦12,000, S/M/L. Use code ANKARA10 for 10% off. #ankara #fashion' },
    ])
    await post(`${fake()}/__shortlinks`, { [shortCode]: `https://www.tiktok.com/@ade.kicks/video/${shortId}?_r=1&_t=abc` })

    const context = await browser.newContext(DESKTOP)
    const page = await context.newPage()
    // Sign up through the UI (the accounts engineer's sign-up page).
    const email = `ingest-${stamp}@shop.test`
    await page.goto(`${hub()}/signup`)
    await page.getByLabel('Your name').fill('Ade')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill('ade-kicks-2026')
    await page.getByLabel('Shop name').fill(`Ade Kicks ${stamp}`)
    await page.getByRole('button', { name: 'Create shop' }).click()
    await page.waitForURL(`${hub()}/`)

    await page
      .getByRole('link', { name: /Import from TikTok/ })
      .first()
      .click()
    await page.waitForURL(/\/import$/)
    await screenshot(page, 'ingest-paste-empty-desktop')
    await page
      .getByLabel('TikTok links, one per line')
      .fill(
        [
          `https://www.tiktok.com/@ade.kicks/video/${longId}?is_from_webapp=1&sender_device=pc`,
          `https://vm.tiktok.com/${shortCode}/`,
          `https://www.tiktok.com/@ade.kicks/video/${longId}`,
          'https://example.com/not-tiktok',
          'http://127.0.0.1/@x/video/1234567890123',
        ].join('\n'),
      )
    await page.getByRole('button', { name: 'Import 5 links' }).click()
    await page.waitForURL(/\/import\/batches\//)

    // Refusals are answered at once, with their reason; the rest arrive live.
    await expect.poll(() => page.getByTestId('line-4').getAttribute('data-status'), { timeout: 15_000 }).toBe('rejected')
    expect(await page.getByTestId('line-4').textContent()).toContain('not a TikTok link (example.com)')
    expect(await page.getByTestId('line-5').textContent()).toContain('private address 127.0.0.1')
    expect(await page.getByTestId('line-3').textContent()).toContain('same video as line 1')
    await expect.poll(() => page.getByTestId('line-1').getAttribute('data-status'), { timeout: 30_000 }).toBe('proposed')
    await expect.poll(() => page.getByTestId('line-2').getAttribute('data-status'), { timeout: 30_000 }).toBe('proposed')
    await expect.poll(() => page.getByTestId('batch-summary').textContent(), { timeout: 15_000 }).toContain('Finished')
    await screenshot(page, 'ingest-batch-desktop')

    await page.getByRole('link', { name: /Review 2 proposals/ }).click()
    await page.waitForURL(/\/import\/proposals/)
    await expect.poll(() => page.getByTestId('proposal').count(), { timeout: 15_000 }).toBe(2)
    await expect
      .poll(
        () =>
          page
            .locator('.proposal img')
            .first()
            .evaluate((img) => (img as HTMLImageElement).naturalWidth),
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0)
    await screenshot(page, 'ingest-proposals-desktop')

    const phone = await browser.newContext(PHONE)
    const phonePage = await phone.newPage()
    await phonePage.goto(`${hub()}/login`)
    await phonePage.getByLabel('Email').fill(email)
    await phonePage.getByLabel('Password').fill('ade-kicks-2026')
    await phonePage.getByRole('button', { name: 'Log in', exact: true }).click()
    await phonePage.waitForURL(`${hub()}/`)
    await phonePage.goto(page.url())
    await expect
      .poll(() => phonePage.getByTestId('proposal').count(), { timeout: 15_000 })
      .toBe(2)
      .catch(async (err) => {
        await screenshot(phonePage, 'ingest-proposals-phone-failed')
        throw err
      })
    await screenshot(phonePage, 'ingest-proposals-phone')
    await phonePage.goto(`${hub()}/import`)
    await expect.poll(() => phonePage.locator('.ingest-batches li').count(), { timeout: 15_000 }).toBe(1)
    await screenshot(phonePage, 'ingest-paste-phone')
    await phone.close()

    // What the caption says beyond title and price: codes, calls to action, sizes as variants, currency (issue 11).
    const dress = page.getByTestId('proposal').filter({ hasText: 'Ankara' })
    expect(await dress.getByTestId('proposal-codes').inputValue()).toBe('ANKARA10')
    expect(
      await dress
        .getByTestId('proposal-variants')
        .getByLabel(/^Size \d$/)
        .count(),
    ).toBe(3)
    expect(await dress.getByLabel('Currency').inputValue()).toBe('NGN')
    const runner = page.getByTestId('proposal').filter({ hasText: 'Red Runner' })
    expect(await runner.getByTestId('proposal-ctas').textContent()).toContain('DM to order')
    await runner.getByRole('button', { name: 'Approve & publish' }).click()
    await expect.poll(() => page.getByTestId('proposal').count(), { timeout: 15_000 }).toBe(1)
    // The product approved a moment ago is offered in the merge list without a reload.
    await expect
      .poll(() => page.getByTestId('proposal').first().getByLabel('Or merge into an existing product').locator('option').allTextContents(), {
        timeout: 15_000,
      })
      .toContain('Red Runner Sneakers')
    await page.getByTestId('proposal').first().getByRole('button', { name: 'Approve & publish' }).click()
    await expect.poll(() => page.getByTestId('proposal').count(), { timeout: 15_000 }).toBe(0)
    await screenshot(page, 'ingest-proposals-done-desktop')

    const products = await sql<{
      title: string
      price_minor: string
      compare_at_minor: string | null
      currency: string
      tags: string[]
      status: string
      cover_key: string
      videos: number
    }>(
      `select p.title, p.price_minor, p.compare_at_minor, p.currency, p.tags, p.status, a.key as cover_key,
              (select count(*)::int from product_videos pv where pv.product_id = p.id) as videos
         from products p join merchants m on m.id = p.merchant_id join users u on u.email = $1
         join product_media pm on pm.product_id = p.id join media_assets a on a.id = pm.asset_id
        where exists (select 1 from memberships ms where ms.user_id = u.id and ms.merchant_id = m.id) order by p.price_minor`,
      [email],
    )
    expect(products).toHaveLength(2)
    expect(products[0]).toMatchObject({ price_minor: '1200000', currency: 'NGN', status: 'published', videos: 1 })
    expect(products[1]).toMatchObject({ title: 'Red Runner Sneakers', price_minor: '4500000', compare_at_minor: '5500000', currency: 'NGN', videos: 1 })
    expect(products[1].tags).toContain('sneakers')
    const cover = await fetch(`${hub()}/media/${products[1].cover_key}`)
    expect(cover.status).toBe(200)
    expect(cover.headers.get('content-type')).toBe('image/jpeg')
    await context.close()
  })
})
