import { Secret, TOTP } from 'otpauth'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DESKTOP, launchBrowser, screenshot } from './browser'

describe('signing in with Google, then turning on two-factor, in a browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('Continue with Google → consent at the fake provider → the dashboard; then two-factor on in settings', async () => {
    const hub = inject('hubUrl')
    const email = `e2e-${crypto.randomUUID().slice(0, 8)}@gmail.test`
    const context = await browser.newContext(DESKTOP)
    const page = await context.newPage()
    await page.goto(`${hub}/login`)
    await page.getByRole('link', { name: 'Continue with Google' }).waitFor()
    await screenshot(page, 'sign-in-login')
    await page.getByRole('link', { name: 'Continue with Google' }).click()

    // The fake provider's consent page.
    await page.waitForURL((u) => u.origin === new URL(inject('hubOidcFakeUrl')).origin)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Name').fill('Ada Google')
    await page.getByRole('button', { name: 'Continue' }).click()

    // Back at the hub, signed in to a new shop.
    await page.waitForURL(`${hub}/`)
    await expect.poll(() => page.getByText("Ada Google's shop").first().isVisible(), { timeout: 15_000 }).toBe(true)
    await screenshot(page, 'sign-in-google-dashboard')

    await page.goto(`${hub}/settings/security`)
    await expect.poll(() => page.getByTestId('session-row').first().textContent(), { timeout: 15_000 }).toContain('Google')
    await page.getByRole('button', { name: 'Set up two-factor' }).click()
    const secret = ((await page.getByTestId('two-factor-secret').textContent()) ?? '').replace(/\s/g, '')
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    const code = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate()
    await page.getByLabel('Code from the app').fill(code)
    await page.getByRole('button', { name: 'Turn on' }).click()
    await expect.poll(() => page.getByTestId('recovery-codes').textContent(), { timeout: 15_000 }).toMatch(/^([a-z2-9]{5}-[a-z2-9]{5}\s*){10}$/)
    await expect.poll(() => page.getByTestId('two-factor-status').textContent()).toContain('On')
    // The device list refetches after two-factor turns on; wait for it rather than reading the old list.
    await expect.poll(() => page.getByTestId('session-row').first().textContent(), { timeout: 15_000 }).toContain('Google + 2FA')
    await screenshot(page, 'sign-in-two-factor-on')
    await context.close()
  })
})
