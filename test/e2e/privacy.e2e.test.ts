import { readFileSync } from 'node:fs'
import { strFromU8, unzipSync } from 'fflate'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DESKTOP, launchBrowser, PHONE, screenshot, seriousViolations } from './browser'

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

  it('requests an export in settings, watches it finish, downloads a zip with the shop’s products; schedules and cancels the shop’s deletion', async () => {
    const context = await browser.newContext({ ...DESKTOP, acceptDownloads: true, bypassCSP: true })
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

    // The section works on a phone too, in light and dark mode, without serious axe violations.
    for (const theme of ['light', 'dark'] as const) {
      const phone = await browser.newContext({ ...PHONE, colorScheme: theme, bypassCSP: true, storageState: await context.storageState() })
      await phone.addInitScript((t) => localStorage.setItem('linkhub-theme', t), theme)
      const small = await phone.newPage()
      await small.goto(`${hub()}/settings`)
      await expect.poll(() => small.getByRole('link', { name: 'Download zip' }).count(), { timeout: 15_000 }).toBe(1)
      const overflow = await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(overflow).toBeLessThanOrEqual(1)
      expect(await seriousViolations(small)).toEqual([])
      await screenshot(small, `privacy-settings-phone-${theme}`)
      await phone.close()
    }

    // Delete the shop: the name and password are asked; the storefront goes at once; cancel brings it back.
    const me = (await (await page.request.get(`${hub()}/api/shop`)).json()) as { slug: string }
    expect((await page.request.get(`${hub()}/@${me.slug}`)).status()).toBe(200)
    await page.getByRole('button', { name: 'Delete shop…' }).click()
    const dialog = page.getByRole('dialog')
    const confirm = dialog.getByRole('button', { name: 'Delete shop in 7 days' })
    await dialog.getByLabel('Your password').fill('privacy-walk-2026')
    expect(await confirm.isDisabled()).toBe(true)
    await dialog.getByLabel(/Type the shop name/).fill(`Efua Bags ${stamp}`)
    expect(await seriousViolations(page)).toEqual([])
    await confirm.click()
    await expect.poll(() => page.getByTestId('deletion-scheduled').count(), { timeout: 15_000 }).toBe(1)
    expect((await page.request.get(`${hub()}/@${me.slug}`)).status()).toBe(404)
    await screenshot(page, 'privacy-deletion-scheduled-desktop')
    await page.getByRole('button', { name: 'Cancel deletion' }).click()
    await expect.poll(() => page.getByRole('button', { name: 'Delete shop…' }).count(), { timeout: 15_000 }).toBe(1)
    expect((await page.request.get(`${hub()}/@${me.slug}`)).status()).toBe(200)
    await context.close()
  })
})
