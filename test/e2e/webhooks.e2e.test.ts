import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser, PHONE, screenshot, seriousViolations } from './browser'

const hub = () => inject('hubUrl')
const receiver = () => inject('hubFakes').webhooks
const stamp = Date.now().toString(36)

type Received = { path: string; webhookId: string; verified: boolean; body: { type: string } }

describe('webhook setup in a browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('adds an endpoint on a phone, sees the secret once, sends a test event and sees the attempt in the log', async () => {
    // bypassCSP: axe is injected as a script, which the hub's CSP (script-src 'self') would block.
    const context = await browser.newContext({ ...PHONE, bypassCSP: true })
    const page = await context.newPage()
    await page.goto(`${hub()}/signup`)
    await page.getByLabel('Your name').fill('Nia')
    await page.getByLabel('Email').fill(`nia-${stamp}@shop.test`)
    await page.getByLabel('Password').fill('webhook-walk-2026')
    await page.getByLabel('Shop name').fill(`Nia Hooks ${stamp}`)
    await page.getByRole('button', { name: 'Create shop' }).click()
    await page.waitForURL(`${hub()}/`)

    await page.goto(`${hub()}/settings/webhooks`)
    await expect.poll(() => page.getByText('No endpoints yet').count(), { timeout: 15_000 }).toBe(1)
    await page.getByRole('button', { name: 'Add endpoint' }).first().click()

    // A private address is refused under the field.
    await page.getByLabel('Endpoint URL').fill('https://169.254.169.254/latest')
    await page.getByRole('dialog').getByRole('button', { name: 'Add endpoint' }).click()
    await expect
      .poll(() =>
        page
          .getByRole('dialog')
          .getByText(/refused: private address/)
          .count(),
      )
      .toBe(1)

    const path = `/hooks/e2e-${stamp}`
    await page.getByLabel('Endpoint URL').fill(`${receiver()}${path}`)
    await page.getByLabel('Description (optional)').fill('ERP sync')
    await page.getByRole('checkbox', { name: /order\.updated/ }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Add endpoint' }).click()
    const secretBox = page.getByTestId('webhook-secret')
    await expect.poll(() => secretBox.count(), { timeout: 15_000 }).toBe(1)
    const secret = (await secretBox.textContent()) ?? ''
    expect(secret).toMatch(/^whsec_/)
    await screenshot(page, 'webhooks-secret-phone')
    expect(await seriousViolations(page)).toEqual([])
    await fetch(`${receiver()}/__secrets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path, secret }) })
    await page.getByRole('button', { name: 'Done' }).click()

    // Shown once: the page no longer has it.
    const card = page.getByTestId('webhook-endpoint')
    await expect.poll(() => card.count()).toBe(1)
    expect(await page.getByTestId('webhook-secret').count()).toBe(0)
    expect(await page.content()).not.toContain(secret)
    expect(await card.getByText('order.updated').count()).toBe(1)

    await card.getByRole('button', { name: 'Send test event' }).click()
    const attempt = page.getByTestId('webhook-attempt').first()
    await expect.poll(() => attempt.count(), { timeout: 20_000 }).toBe(1)
    await expect.poll(() => attempt.textContent(), { timeout: 10_000 }).toContain('webhook.test')
    expect(await attempt.textContent()).toContain('200')
    await expect.poll(() => card.getByText('Healthy').count(), { timeout: 15_000 }).toBe(1)
    await screenshot(page, 'webhooks-attempts-phone')
    expect(await seriousViolations(page)).toEqual([])

    const received = (await (await fetch(`${receiver()}/__received?path=${encodeURIComponent(path)}`)).json()) as Received[]
    expect(received).toHaveLength(1)
    expect(received[0]).toMatchObject({ verified: true, body: { type: 'webhook.test' } })
    expect(await attempt.textContent()).toContain(received[0].webhookId)
    // Nothing on the page is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await context.close()
  })
})
