import { execFile } from 'node:child_process'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser, screenshot, seriousViolations } from './browser'

/**
 * Publishing in Chromium against the whole hub (real local Workflows with their real sleeps):
 * connect TikTok and YouTube through the fakes' consent pages, schedule a studio video to the
 * TikTok inbox and YouTube ten minutes ahead from the queue's form, find it on the calendar
 * (desktop grid, phone agenda, axe), post it now instead, see both end with their post ids, read
 * the metrics back, and follow a "what to post next" suggestion into the studio.
 */
const hub = () => inject('hubUrl')
const stamp = Date.now().toString(36)

describe('publishing in the dashboard', () => {
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    browser = await launchBrowser()
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })).newPage()
    const signup = await page.request.post(`${hub()}/api/auth/signup`, {
      data: { name: 'Ada Obi', email: `publishing-${stamp}@shop.test`, password: 'publishing-walk-2026', shopName: `Ada Fabrics ${stamp}` },
    })
    expect(signup.status()).toBe(201)
    const product = await page.request.post(`${hub()}/api/products`, {
      data: {
        title: 'Ankara Wrap Dress',
        priceMinor: 1200000,
        currency: 'NGN',
        status: 'published',
        stock: 9,
        category: 'Fashion',
        description: 'Bright cotton print.',
      },
    })
    expect(product.status()).toBe(201)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
  })

  it('connects TikTok and YouTube, schedules a studio video to both, sees them published with ids and metrics, and follows a suggestion', async () => {
    // A studio video (offline path), sent to publishing.
    const made = await page.request.post(`${hub()}/api/studio/videos`, {
      data: { source: { kind: 'topic', topic: 'How to style a wrap dress for work' }, reviewRequired: false, targetSeconds: 15, resolution: '540x960' },
    })
    expect(made.status()).toBe(202)
    const { video } = (await made.json()) as { video: { id: string } }
    await expect
      .poll(async () => ((await (await page.request.get(`${hub()}/api/studio/videos/${video.id}`)).json()) as { status: string }).status, {
        timeout: 180_000,
        interval: 1000,
      })
      .toBe('ready')
    expect((await page.request.post(`${hub()}/api/studio/videos/${video.id}/publishing`, { data: {} })).status()).toBe(200)

    // Connect both accounts through their consent pages.
    await page.goto(`${hub()}/settings/publishing`)
    await page.getByRole('button', { name: 'Connect TikTok' }).click()
    await page.getByRole('button', { name: 'Authorize' }).click()
    await page.waitForURL(/\/settings\/publishing\?connected=tiktok/)
    await page.getByRole('button', { name: 'Connect YouTube' }).click()
    await page.getByRole('button', { name: 'Allow' }).click()
    await page.waitForURL(/\/settings\/publishing\?connected=youtube/)
    await expect.poll(async () => page.getByText('Connected', { exact: true }).count()).toBe(2)
    await screenshot(page, 'publishing-accounts')

    // Schedule from the queue: the shop's zone is UTC, so the form's time is UTC.
    await page.goto(`${hub()}/publishing`)
    await page.getByRole('button', { name: 'Schedule a post' }).click()
    // Their own upload: a file that is not a video is refused under the field; an MP4 is chosen.
    const uploadField = page.getByLabel(/^Or upload a video/)
    await uploadField.setInputFiles({ name: 'notes.mp4', mimeType: 'video/mp4', buffer: Buffer.from('not a video at all') })
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'not a video we can read' }).count(), { timeout: 15_000 }).toBe(1)
    const clip = path.join(tmpdir(), `publishing-${stamp}.mp4`)
    await promisify(execFile)('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=360x640:rate=30:duration=3',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      clip,
    ])
    await uploadField.setInputFiles(clip)
    await expect.poll(() => page.getByLabel('Video', { exact: true }).inputValue(), { timeout: 15_000 }).toMatch(/^asset:[0-9a-f-]{36}$/)
    expect(await page.getByLabel('Video', { exact: true }).locator('option:checked').textContent()).toBe(`publishing-${stamp}.mp4 · 3 s`)
    await page.getByLabel('Video', { exact: true }).selectOption(video.id)
    // Ten minutes ahead (the form has no seconds); it is posted now from its card below. That the
    // Workflow waits for the time itself is tested in workers/src/publishing (posts, workflow).
    const at = new Date(Math.ceil((Date.now() + 10 * 60_000) / 60_000) * 60_000)
    await page.getByLabel(/^When/).fill(at.toISOString().slice(0, 16))
    await page.getByRole('checkbox', { name: /TikTok/ }).click()
    await page.getByRole('checkbox', { name: /YouTube/ }).click()
    await page.getByLabel('Caption').fill('Our Ankara wrap dress, made in Lagos')
    await page.getByLabel('YouTube title').fill('Ankara wrap dress')
    await expect.poll(async () => page.getByText(/Posting as Ada Fabrics/).count(), { timeout: 15_000 }).toBe(1)
    await screenshot(page, 'publishing-schedule-form')
    await page.getByRole('button', { name: 'Schedule', exact: true }).click()

    const status = (platform: string) => page.getByTestId(`target-${platform}`).first().locator('[data-status]').getAttribute('data-status')
    await expect.poll(() => status('tiktok'), { timeout: 20_000 }).toBe('scheduled')

    // While it waits: the calendar shows it on its day, in the shop's zone (UTC).
    await page.getByRole('tab', { name: 'Calendar' }).click()
    const day = page.locator(`[data-testid=publishing-calendar] li[data-day="${at.toISOString().slice(0, 10)}"]`)
    const chip = day.getByTestId('calendar-post')
    await expect.poll(() => chip.count(), { timeout: 15_000 }).toBe(1)
    expect(await chip.textContent()).toMatch(new RegExp(`^${at.toISOString().slice(11, 16)}\\s*TikTok, YouTube\\s*Scheduled$`))
    await chip.click()
    await expect.poll(() => page.getByRole('dialog').getByTestId('target-youtube').count()).toBe(1)
    await page.keyboard.press('Escape')
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'publishing-calendar-desktop')
    await page.setViewportSize({ width: 390, height: 844 })
    const agenda = page.getByTestId('calendar-agenda').getByTestId('calendar-post')
    await expect.poll(() => agenda.count()).toBe(1)
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'publishing-calendar-phone')
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.getByRole('tab', { name: 'List' }).click()
    // Post now: it asks first, then both platforms get it without waiting for its time.
    await page.getByRole('button', { name: 'Post now' }).first().click()
    const confirm = page.getByRole('dialog', { name: 'Post now?' })
    expect(await confirm.textContent()).toContain('It goes to TikTok and YouTube Shorts now')
    await screenshot(page, 'publishing-post-now')
    await confirm.getByRole('button', { name: 'Post now' }).click()
    await expect.poll(() => status('tiktok'), { timeout: 120_000, interval: 1000 }).toBe('inbox')
    await expect.poll(() => status('youtube'), { timeout: 120_000, interval: 2000 }).toBe('published')
    expect(await page.getByTestId('target-youtube').first().getByRole('link').textContent()).toMatch(/^[\w-]{11}$/)
    expect(await page.getByTestId('target-tiktok').first().textContent()).toContain('v_inbox_file~v2.')

    // Metrics after a refresh.
    await page.getByRole('button', { name: 'Refresh metrics' }).click()
    await expect
      .poll(async () => ((await page.getByTestId('metrics-youtube').count()) ? page.getByTestId('metrics-youtube').first().textContent() : ''), {
        timeout: 20_000,
      })
      .toMatch(/\d+ views/)
    await screenshot(page, 'publishing-queue')

    // A suggestion goes to the studio.
    await page.getByRole('button', { name: 'Make a video' }).first().click()
    await page.waitForURL(/\/studio\/[0-9a-f-]{36}$/)
  }, 600_000)
})
