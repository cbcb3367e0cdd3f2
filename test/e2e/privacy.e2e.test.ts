import { readFileSync } from 'node:fs'
import { strFromU8, unzipSync } from 'fflate'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DESKTOP, launchBrowser, PHONE, screenshot } from './browser'

const hub = () => inject('hubUrl')
const stamp = Date.now().toString(36)

describe('data & privacy in a browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('requests an export in settings, watches it finish, and downloads a zip with the shop’s products', async () => {
    const context = await browser.newContext({ ...DESKTOP, acceptDownloads: true })
    const page = await context.newPage()
    await page.goto(`${hub()}/signup`)
    await page.getByLabel('Your name').fill('Efua')
    await page.getByLabel('Email').fill(`efua-${stamp}@shop.test`)
    await page.getByLabel('Password').fill('privacy-walk-2026')
    await page.getByLabel('Shop name').fill(`Efua Bags ${stamp}`)
    await page.getByRole('button', { name: 'Create shop' }).click()
    await page.waitForURL(`${hub()}/`)
    for (const title of ['Kente Tote', 'Raffia Clutch']) {
      const res = await page.request.post(`${hub()}/api/products`, { data: { title, priceMinor: 250000, currency: 'GHS' } })
      expect(res.status()).toBe(201)
    }

    await page.goto(`${hub()}/settings`)
    await expect.poll(() => page.getByRole('heading', { name: 'Data & privacy' }).count(), { timeout: 15_000 }).toBe(1)
    await page.getByRole('button', { name: 'Export all data' }).click()
    // The progress bar, then the finished export with its download link.
    const download = page.getByRole('link', { name: 'Download zip' })
    await expect.poll(() => download.count(), { timeout: 60_000 }).toBe(1)
    await expect.poll(() => page.getByTestId('export-progress').count()).toBe(0)
    await expect.poll(() => page.getByRole('button', { name: 'Export all data' }).isEnabled()).toBe(true)
    await screenshot(page, 'privacy-settings-desktop')

    const [file] = await Promise.all([page.waitForEvent('download'), download.click()])
    expect(file.suggestedFilename()).toMatch(/^linkhub-export-.*\.zip$/)
    const zip = unzipSync(new Uint8Array(readFileSync(await file.path())))
    const products = JSON.parse(strFromU8(zip['products.json'])) as { title: string; price_minor: number; currency: string }[]
    expect(products.map((p) => p.title).sort()).toEqual(['Kente Tote', 'Raffia Clutch'])
    expect(products[0]).toMatchObject({ price_minor: 250000, currency: 'GHS' })
    expect(strFromU8(zip['products.csv'])).toContain('Kente Tote')
    expect(Object.keys(zip)).toEqual(
      expect.arrayContaining(['orders.json', 'conversations.json', 'short_links.json', 'events.json', 'media.json', 'manifest.json']),
    )

    // The section works on a phone too.
    const phone = await browser.newContext({ ...PHONE, storageState: await context.storageState() })
    const small = await phone.newPage()
    await small.goto(`${hub()}/settings`)
    await expect.poll(() => small.getByRole('link', { name: 'Download zip' }).count(), { timeout: 15_000 }).toBe(1)
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await screenshot(small, 'privacy-settings-phone')
    await phone.close()
    await context.close()
  })
})
