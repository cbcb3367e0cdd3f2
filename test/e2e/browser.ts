import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { type Browser, chromium, type Locator, type Page } from 'playwright-core'
import { ROOT } from '../../scripts/lib/hub'

/**
 * Debian's Chromium, driven by playwright-core (no browser download). It gets the machine's own
 * font configuration, as a shopper's browser would: the render node's FONTCONFIG_FILE (set in
 * this process when render-node code is imported) sees only the Noto files, and there
 * `system-ui`/`sans-serif` resolve to Noto Sans Mono — every page was drawn in a monospace font.
 */
export async function launchBrowser(): Promise<Browser> {
  const { FONTCONFIG_FILE: _renderNodeFonts, ...env } = process.env
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    env: env as Record<string, string>,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
export const DESKTOP = { viewport: { width: 1280, height: 800 } }

/**
 * Saves a screenshot under screenshots/tmp/ (git-ignored, so a test run leaves the tree clean).
 * The reviewed set lives in docs/screenshots/ and is copied there by hand after looking at it.
 */
export async function screenshot(page: Page | Locator, name: string) {
  const dir = path.join(ROOT, 'screenshots', 'tmp')
  mkdirSync(dir, { recursive: true })
  // A locator (one card of a long page) is shot on its own; a page whole.
  if ('goto' in page) await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true })
  else await page.screenshot({ path: path.join(dir, `${name}.png`) })
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** Serious or critical axe-core violations on the page as it stands (`id at [targets]`). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE })
  return page.evaluate(async () => {
    type V = { id: string; impact: string | null; nodes: { target: string[] }[] }
    const { axe } = window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: V[] }> } }
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} at ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`)
  })
}
