import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DESKTOP, launchBrowser, PHONE, screenshot } from './browser'

describe('the running hub in a browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('opens the web app served by the Worker and shows every dependency up', async () => {
    const page = await browser.newPage(DESKTOP)
    await page.goto(`${inject('hubUrl')}/status`)
    await expect.poll(() => page.getByTestId('overall-status').textContent(), { timeout: 15_000 }).toBe('ok')
    for (const name of ['database', 'queues', 'storage', 'renderNode']) {
      expect(await page.getByTestId(`check-${name}`).textContent()).toContain('up')
    }
    await screenshot(page, 'foundation-home-desktop')
    await page.close()
  })

  it('shows the render node as down on a phone when it is stopped, and up again after restart', async () => {
    const control = inject('hubControlUrl')
    await fetch(`${control}/render-node/kill`, { method: 'POST' })
    try {
      const page = await browser.newPage(PHONE)
      await page.goto(`${inject('hubUrl')}/status`)
      await expect.poll(() => page.getByTestId('overall-status').textContent(), { timeout: 15_000 }).toBe('degraded')
      expect(await page.getByTestId('check-renderNode').textContent()).toContain('down')
      await screenshot(page, 'foundation-home-phone-degraded')
      await page.close()
    } finally {
      await fetch(`${control}/render-node/start`, { method: 'POST' })
    }
    const res = await fetch(`${inject('hubUrl')}/api/health`)
    expect(((await res.json()) as { status: string }).status).toBe('ok')
  })
})
