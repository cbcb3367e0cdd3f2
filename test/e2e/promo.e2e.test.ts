import type { Browser } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DESKTOP, launchBrowser, screenshot } from './browser'

/** A product photo made on the spot: a coloured backdrop with a shoe-like shape. */
async function productPhoto(hue: number) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="1200">
    <rect width="900" height="1200" fill="hsl(${hue},60%,85%)"/>
    <ellipse cx="450" cy="760" rx="330" ry="120" fill="hsl(${hue},70%,40%)"/>
    <rect x="230" y="520" width="360" height="240" rx="90" fill="hsl(${hue},70%,45%)"/>
    <rect x="120" y="840" width="660" height="40" rx="20" fill="#fff"/></svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer()
}

describe('promo video in the dashboard', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('makes a promo video for a product and plays it in the page', async () => {
    const hub = inject('hubUrl')
    const context = await browser.newContext(DESKTOP)
    const page = await context.newPage()
    // Sign up through the API of this same browser context, so the page carries the session.
    const email = `promo-${Date.now()}@shop.test`
    const signup = await page.request.post(`${hub}/api/auth/signup`, { data: { email, password: 'promo-pass-2026', shopName: 'Promo Kicks' } })
    expect(signup.status()).toBe(201)
    const created = await page.request.post(`${hub}/api/products`, {
      data: { title: 'Volt Runner Sneakers', priceMinor: 7999, currency: 'USD', status: 'published' },
    })
    expect(created.status()).toBe(201)
    const product = (await created.json()) as { id: string }
    for (const hue of [20, 200]) {
      const up = await page.request.post(`${hub}/api/products/${product.id}/images`, {
        multipart: { file: { name: `photo-${hue}.jpg`, mimeType: 'image/jpeg', buffer: await productPhoto(hue) } },
      })
      expect(up.status()).toBe(201)
    }

    await page.goto(`${hub}/products/${product.id}/media`)
    await page.getByRole('heading', { name: 'Media of Volt Runner Sneakers' }).waitFor()
    await page.getByRole('button', { name: 'Make promo video' }).click()
    await page.getByTestId('promo-progress').waitFor()
    const video = page.getByTestId('promo-video').first()
    // A render takes about a minute on 2 cores; fail fast if the job fails instead.
    await Promise.race([
      video.waitFor({ timeout: 240_000 }),
      page
        .getByRole('alert')
        .waitFor({ timeout: 240_000 })
        .then(async () => {
          throw new Error(`promo failed: ${await page.getByRole('alert').first().textContent()}`)
        }),
    ])

    // Play it for real: the browser must decode the MP4 the render node made.
    const played = await video.evaluate(async (el: HTMLVideoElement) => {
      el.muted = true
      await el.play()
      // Wait until frames really advance (decoding 1080×1920 on a loaded 2-core machine is slow).
      const t0 = Date.now()
      while (el.currentTime < 0.6 && !el.error && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 100))
      return { currentTime: el.currentTime, duration: el.duration, width: el.videoWidth, height: el.videoHeight, error: el.error?.code ?? null }
    })
    await screenshot(page, 'promo-video-playing-desktop')
    expect(played.error).toBeNull()
    expect(played.currentTime).toBeGreaterThan(0.5)
    expect(played.currentTime).toBeLessThan(played.duration)
    expect(played.duration).toBeGreaterThan(14)
    expect([played.width, played.height]).toEqual([1080, 1920])
    const download = page.getByRole('link', { name: 'Download' }).first()
    expect(await download.getAttribute('download')).toBe('Volt Runner Sneakers.mp4')
    await context.close()
  }, 300_000)
})
